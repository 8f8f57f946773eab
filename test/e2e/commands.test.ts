import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskCommandNames } from '../support/desk-command-names.js';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import type { FakeMessage } from '../support/fake-discord.js';
import { createOrder, marketBuy } from '../support/sandbox-peer.js';

let desk: DeskHarness;
beforeAll(async () => {
	desk = await DeskHarness.start();
});
afterAll(() => desk.close());

const isEphemeral = (message: FakeMessage) => ((message.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

describe('registration', () => {
	it('registers every command in the desk server at start-up, guild-only, with trading and admin ones hidden by default', () => {
		const registered = desk.fake.registeredCommands(desk.guildId);
		expect(registered.map((command) => command.name).sort()).toEqual([...deskCommandNames]);
		for (const command of registered) expect(command.contexts).toEqual([0]);
		for (const hidden of ['order', 'quote', 'halt', 'resume', 'audit', 'alerts']) {
			expect(registered.find((command) => command.name === hidden)?.default_member_permissions).toBe('32');
		}
		expect(registered.find((command) => command.name === 'price')?.default_member_permissions ?? null).toBeNull();
	});
});

describe('/price', () => {
	it('shows the live ladder privately, with the price for a size', async () => {
		const reply = await desk.reply(desk.slash(desk.users.viewer, 'price', { symbol: 'usdt/aud', size: '250' }));
		expect(isEphemeral(reply)).toBe(true);
		const text = messageText(reply.data);
		expect(text).toContain('USDT/AUD price ladder');
		expect(text).toMatch(/Buy \(you pay\): up to 100: \*\*1\.53\d\d\*\*/);
		expect(text).toMatch(/Sell \(you receive\): up to 100: \*\*1\.53\d\d\*\*/);
		expect(text).toMatch(/Spread: 0\.00\d+ \(\d+\.\d bps\)/);
		expect(text).toMatch(/For 250: buy \*\*1\.53\d+\*\* · sell \*\*1\.53\d+\*\*/);
	});

	it('says plainly that there is no price rather than show none as current', async () => {
		const text = messageText((await desk.reply(desk.slash(desk.users.viewer, 'price', { symbol: 'USDC/AUD' }))).data);
		expect(text).toContain('USDC/AUD: no current price');
		expect(text).toContain('No price has arrived for USDC/AUD yet.');
	});

	it('refuses an unknown symbol and a bad size', async () => {
		expect(
			messageText((await desk.reply(desk.slash(desk.users.viewer, 'price', { symbol: 'XRP/AUD' }))).data),
		).toContain('Unknown symbol "XRP/AUD"');
		expect(
			messageText((await desk.reply(desk.slash(desk.users.viewer, 'price', { symbol: 'BTC/AUD', size: 'lots' }))).data),
		).toContain('The size must be a plain number');
	});

	it('suggests symbols as they are typed', async () => {
		const suggest = desk.fake.injectAutocomplete({
			guildId: desk.guildId,
			channelId: desk.channelId,
			userId: desk.users.viewer,
			name: 'price',
			options: { symbol: 'usd' },
			focused: 'symbol',
		});
		expect((await suggest.response()).type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
		expect(suggest.choices?.map((choice) => choice.value)).toEqual(['USDT/AUD', 'USDC/AUD', 'BTC/USDT', 'ETH/USDT']);
	});
});

describe('/order-status', () => {
	it('finds an order by its id and by its client order id, with its trades', async () => {
		const created = await marketBuy(desk.sandbox, '120', 'status-check');
		for (const id of [created.body.id, 'status-check']) {
			const text = messageText((await desk.reply(desk.slash(desk.users.viewer, 'order-status', { id }))).data);
			expect(text).toContain('BUY 120 USDT/AUD market');
			expect(text).toContain('Status: filled');
			expect(text).toContain(`Order id: \`${created.body.id}\``);
			expect(text).toContain('Trades (1)');
		}
	});

	it('turns a broker failure into a private sentence with a log reference', async () => {
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 500, count: 3, endpoint: 'fetch_order' });
		const reply = await desk.reply(desk.slash(desk.users.viewer, 'order-status', { id: 'any-id' }));
		expect(isEphemeral(reply)).toBe(true);
		expect(messageText(reply.data)).toMatch(
			/^The broker is having trouble right now\. Try again shortly\. \(reference [0-9a-f]{8}\)$/,
		);
	});

	it('shows an order whose broker strings run to thousands of characters, clipped, instead of failing', async () => {
		const huge = await createOrder(desk.sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: `1${'0'.repeat(5000)}`,
			price: '0',
			client_order_id: 'huge-1',
		});
		expect(huge.body.status).toBe('rejected');
		const reply = await desk.reply(desk.slash(desk.users.viewer, 'order-status', { id: huge.body.id }));
		const text = messageText(reply.data);
		expect(text).toContain('Status: rejected');
		expect(text).toContain('…');
		expect(text.length).toBeLessThan(6000);
	});

	it('says when there is no such order', async () => {
		const text = messageText(
			(await desk.reply(desk.slash(desk.users.viewer, 'order-status', { id: 'nothing-here' }))).data,
		);
		expect(text).toContain(
			'The broker has no order with the id `nothing-here`, and none of its latest 1000 orders has it as client order id.',
		);
	});
});

describe('/orders', () => {
	it('pages through orders for the one who asked, and only for them', async () => {
		desk.sandbox.controls.fillBurst({ count: 12, symbol: 'ETH/AUD', amount: '0.5' });
		const first = await desk.reply(desk.slash(desk.users.viewer, 'orders', { symbol: 'ETH/AUD' }));
		expect(messageText(first.data)).toContain('Page 1 of 2 · 12 orders in all');
		expect(messageText(first.data)).toContain('Filters: symbol ETH/AUD');
		const [previous, next] = buttonIds(first.data);
		expect(previous).toMatch(/^orders:page:[0-9a-f]+:0$/);

		const stranger = await desk.reply(desk.click(desk.users.trader, first, next ?? ''));
		expect(messageText(stranger.data)).toBe('Only the trader who ran this /orders can page through it.');

		const paging = desk.click(desk.users.viewer, first, next ?? '');
		const second = await desk.reply(paging, (text) => text.includes('Page 2 of 2'));
		expect(messageText(second.data).match(/\*\*BUY 0\.5 ETH\/AUD\*\*/g)).toHaveLength(2);
	});

	it('says "filled" for filled orders, in the list and in the filter it echoes', async () => {
		desk.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });
		const page = await desk.reply(desk.slash(desk.users.viewer, 'orders', { symbol: 'BTC/AUD', status: 'closed' }));
		const text = messageText(page.data);
		expect(text).toContain('Filters: symbol BTC/AUD, status filled');
		expect(text).toMatch(/market, filled/);
		expect(text).not.toContain('closed');
	});

	it('refuses a "since" it cannot read', async () => {
		const text = messageText(
			(await desk.reply(desk.slash(desk.users.viewer, 'orders', { since: 'last tuesday' }))).data,
		);
		expect(text).toContain('"since" must be a span such as 30m, 24h or 7d');
	});
});

describe('permissions', () => {
	it.each([
		['nobody', 'price', { symbol: 'USDT/AUD' }, 'You need the view (prices and orders) capability'],
		['nobody', 'orders', {}, 'You need the view (prices and orders) capability'],
		[
			'viewer',
			'order',
			{ side: 'buy', symbol: 'USDT/AUD', amount: '1', type: 'market' },
			'You need the trade (placing orders) capability',
		],
		[
			'admin',
			'order',
			{ side: 'buy', symbol: 'USDT/AUD', amount: '1', type: 'market' },
			'You need the trade (placing orders) capability',
		],
	] as const)('refuses %s running /%s, privately, naming the capability', async (who, name, options, words) => {
		const reply = await desk.reply(desk.slash(desk.users[who], name, { ...options }));
		expect(isEphemeral(reply)).toBe(true);
		expect(messageText(reply.data)).toContain(words);
	});

	it('refuses direct messages and other servers', async () => {
		const dm = await desk.reply(desk.slash(desk.users.trader, 'price', { symbol: 'USDT/AUD' }, { dm: true }));
		expect(messageText(dm.data)).toBe('The desk works only in its Discord server, not in direct messages.');
		const elsewhere = await desk.reply(
			desk.slash(desk.users.trader, 'price', { symbol: 'USDT/AUD' }, { guildId: desk.otherGuildId }),
		);
		expect(messageText(elsewhere.data)).toBe('This bot serves another server’s desk.');
	});

	it('answers a refused autocomplete with no suggestions', async () => {
		const suggest = desk.fake.injectAutocomplete({
			guildId: desk.guildId,
			channelId: desk.channelId,
			userId: desk.users.nobody,
			name: 'price',
			options: { symbol: 'U' },
			focused: 'symbol',
		});
		await suggest.response();
		expect(suggest.choices).toEqual([]);
	});

	it('refuses a page button to someone without the view capability', async () => {
		const first = await desk.reply(desk.slash(desk.users.viewer, 'orders', {}));
		const refused = await desk.reply(desk.click(desk.users.nobody, first, buttonIds(first.data)[1] ?? ''));
		expect(messageText(refused.data)).toContain('You need the view (prices and orders) capability');
	});

	it('never lets a reply mention anyone', async () => {
		const from = desk.fake.requests.length;
		await desk.reply(desk.slash(desk.users.viewer, 'price', { symbol: 'USDT/AUD' }));
		const allowed = desk.fake.requests.slice(from).flatMap((request) => {
			const body: unknown = request.body;
			if (typeof body !== 'object' || body === null || !('data' in body)) return [];
			const data: unknown = body.data;
			return typeof data === 'object' && data !== null && 'allowed_mentions' in data ? [data.allowed_mentions] : [];
		});
		expect(allowed).toEqual([{ parse: [], replied_user: false }]);
	});

	it('lets a viewer view', async () => {
		expect(messageText((await desk.reply(desk.slash(desk.users.viewer, 'orders', {}))).data)).toContain(
			'orders in all',
		);
	});
});
