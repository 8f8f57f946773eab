import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buttonIds, DeskHarness, type DeskHarnessOptions, messageText } from '../support/desk-harness.js';
import type { FakeMessage } from '../support/fake-discord.js';
import { call } from '../support/sandbox-peer.js';

let desk: DeskHarness;
afterEach(() => desk.close());

async function open(options: DeskHarnessOptions = {}) {
	desk = await DeskHarness.start(options);
	return desk;
}

const isEphemeral = (message: FakeMessage) => ((message.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** Opens a ticket as `userId` and returns its message and the ticket id its buttons carry. */
async function ticket(options: Record<string, string>, userId = desk.users.trader) {
	const message = await desk.reply(desk.slash(userId, 'order', options));
	const confirm = buttonIds(message.data).find((id) => id.startsWith('order:confirm:'));
	if (!confirm) throw new Error(`no ticket: ${messageText(message.data)}`);
	return { message, ticketId: confirm.slice('order:confirm:'.length) };
}

async function ordersWithClientId(clientOrderId: string) {
	const reply = await call(desk.sandbox, 'fetch_orders', {});
	return reply.body.order_list.filter((order: { client_order_id: string }) => order.client_order_id === clientOrderId);
}

const marketBuy = { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' };

describe('an order ticket', () => {
	it('shows what will be sent, privately, and Confirm places it once under the ticket id', async () => {
		await open();
		const { message, ticketId } = await ticket(marketBuy);
		expect(isEphemeral(message)).toBe(true);
		const shown = messageText(message.data);
		expect(shown).toContain('BUY 100 USDT/AUD market');
		expect(shown).toMatch(/Indicative price: 1\.53\d\d/);
		expect(shown).toContain(`Client order id: \`${ticketId}\``);
		expect(buttonIds(message.data)).toEqual([`order:confirm:${ticketId}`, `order:cancel:${ticketId}`]);

		const click = desk.click(desk.users.trader, message, `order:confirm:${ticketId}`);
		expect((await click.response()).type).toBe(InteractionResponseType.UpdateMessage);
		const result = await desk.reply(click, (text) => text.startsWith('BUY') && text.includes('Placed'));
		const text = messageText(result.data);
		expect(text).toContain('Placed: filled.');
		expect(text).toContain('Filled: 100 of 100');
		expect(buttonIds(result.data)).toEqual([]);
		const orders = await ordersWithClientId(ticketId);
		expect(orders).toHaveLength(1);
		expect(text).toContain(`Order id: \`${orders[0].id}\``);
		expect(desk.brokerCalls.count('create_order')).toBe(1);
	});

	it('sends one order however many Confirm clicks race', async () => {
		await open();
		const { message, ticketId } = await ticket(marketBuy);
		const clicks = [1, 2, 3].map(() => desk.click(desk.users.trader, message, `order:confirm:${ticketId}`));
		const answers = await Promise.all(clicks.map((click) => click.response()));
		expect(answers.filter((answer) => answer.type === InteractionResponseType.UpdateMessage)).toHaveLength(1);
		const refused = clicks.filter(
			(_click, index) => answers[index]?.type === InteractionResponseType.ChannelMessageWithSource,
		);
		expect(refused).toHaveLength(2);
		for (const click of refused)
			expect(messageText((await desk.reply(click)).data)).toContain('already been confirmed');
		const accepted = clicks.find((_click, index) => answers[index]?.type === InteractionResponseType.UpdateMessage);
		if (accepted) await desk.reply(accepted, (text) => text.includes('Placed'));
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
		expect(desk.brokerCalls.count('create_order')).toBe(1);
	});

	it('refuses another trader’s click and a viewer’s, sending nothing', async () => {
		await open();
		const { message, ticketId } = await ticket(marketBuy);
		const stranger = await desk.reply(desk.click(desk.users.trader2, message, `order:confirm:${ticketId}`));
		expect(isEphemeral(stranger)).toBe(true);
		expect(messageText(stranger.data)).toBe('Only the trader who opened this ticket can use it.');
		const viewer = await desk.reply(desk.click(desk.users.viewer, message, `order:cancel:${ticketId}`));
		expect(messageText(viewer.data)).toContain('You need the trade (placing orders) capability');
		expect(desk.brokerCalls.count('create_order')).toBe(0);
		const owner = desk.click(desk.users.trader, message, `order:confirm:${ticketId}`);
		await desk.reply(owner, (text) => text.includes('Placed'));
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
	});

	it('does nothing once expired but say so', async () => {
		await open({ ticketTtlMs: 30_000 });
		const { message, ticketId } = await ticket(marketBuy);
		desk.clock.advance(30_001);
		const late = await desk.reply(desk.click(desk.users.trader, message, `order:confirm:${ticketId}`));
		expect(messageText(late.data)).toBe('This ticket has expired. Nothing was sent; open a new ticket.');
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});

	it('can be canceled, after which Confirm does nothing', async () => {
		await open();
		const { message, ticketId } = await ticket(marketBuy);
		const cancel = desk.click(desk.users.trader, message, `order:cancel:${ticketId}`);
		const canceled = await desk.reply(cancel, (text) => text.includes('Canceled'));
		expect(messageText(canceled.data)).toContain('Canceled. Nothing was sent.');
		expect(buttonIds(canceled.data)).toEqual([]);
		const late = await desk.reply(desk.click(desk.users.trader, message, `order:confirm:${ticketId}`));
		expect(messageText(late.data)).toBe('This ticket was canceled. Nothing was sent.');
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});

	it('asks a large order’s amount again, and sends nothing on a mismatch', async () => {
		await open();
		const { message, ticketId } = await ticket({ ...marketBuy, amount: '40000' });
		expect(messageText(message.data)).toContain('you will be asked to type the amount again');
		const confirm = desk.click(desk.users.trader, message, `order:confirm:${ticketId}`);
		expect((await confirm.response()).type).toBe(InteractionResponseType.Modal);
		expect(confirm.modal?.custom_id).toBe(`order:retype:${ticketId}`);

		const wrong = desk.submitModal(desk.users.trader, message, `order:retype:${ticketId}`, { amount: '4000' });
		expect(messageText((await desk.reply(wrong)).data)).toContain(
			'does not match the ticket (40000). Nothing was sent',
		);
		expect(desk.brokerCalls.count('create_order')).toBe(0);

		const right = desk.submitModal(desk.users.trader, message, `order:retype:${ticketId}`, { amount: '40000.00' });
		await desk.reply(right, (text) => text.includes('Placed'));
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
	});

	it('accepts the amount typed again as the ticket shows it, digits grouped', async () => {
		await open();
		const { message, ticketId } = await ticket({ ...marketBuy, amount: '40000' });
		expect(messageText(message.data)).toContain('BUY 40,000 USDT/AUD market');
		await desk.click(desk.users.trader, message, `order:confirm:${ticketId}`).response();
		const grouped = desk.submitModal(desk.users.trader, message, `order:retype:${ticketId}`, { amount: '40,000' });
		await desk.reply(grouped, (text) => text.includes('Placed'));
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);

		const second = await ticket({ ...marketBuy, amount: '40000' });
		await desk.click(desk.users.trader, second.message, `order:confirm:${second.ticketId}`).response();
		const misgrouped = desk.submitModal(desk.users.trader, second.message, `order:retype:${second.ticketId}`, {
			amount: '4,0000',
		});
		expect(messageText((await desk.reply(misgrouped)).data)).toContain('does not match the ticket (40000)');
	});

	it('does not let the ticket expire while the retype form is open', async () => {
		await open({ ticketTtlMs: 30_000 });
		const { message, ticketId } = await ticket({ ...marketBuy, amount: '40000' });
		desk.clock.advance(20_000);
		await desk.click(desk.users.trader, message, `order:confirm:${ticketId}`).response();
		desk.clock.advance(25_000);
		const typed = desk.submitModal(desk.users.trader, message, `order:retype:${ticketId}`, { amount: '40000' });
		expect(
			messageText((await desk.reply(typed, (text) => text.includes('Placed') || text.includes('expired'))).data),
		).toContain('Placed');
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
	});

	it('tells the trader when the broker’s answer is lost, then edits in the real result', async () => {
		await open();
		const { message, ticketId } = await ticket(marketBuy);
		desk.sandbox.controls.injectRestFault({ kind: 'drop', phase: 'after', count: 1, endpoint: 'create_order' });
		const click = desk.click(desk.users.trader, message, `order:confirm:${ticketId}`);
		const result = await desk.reply(
			click,
			(text) => text.includes('Placed') || text.includes('Not placed') || text.includes('Unknown'),
		);
		const seen = [...result.history, result.data].map(messageText);
		expect(messageText(result.data)).toContain('Placed: filled.');
		expect(seen.some((text) => text.includes('the broker’s answer was lost. Checking with the broker'))).toBe(true);
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
		expect(desk.brokerCalls.count('create_order')).toBe(1);
	});

	it('acknowledges the click in time when the broker is slow, and still delivers the result', async () => {
		await open({ timeoutMs: 10_000 });
		const { message, ticketId } = await ticket(marketBuy);
		desk.sandbox.controls.injectRestFault({
			kind: 'delay',
			phase: 'after',
			ms: 3500,
			count: 1,
			endpoint: 'create_order',
		});
		const click = desk.click(desk.users.trader, message, `order:confirm:${ticketId}`);
		expect((await click.response()).type).toBe(InteractionResponseType.UpdateMessage);
		const result = await desk.reply(click, (text) => text.includes('Placed'));
		expect(click.lapsed).toBe(false);
		expect(messageText(result.data)).toContain('Placed: filled.');
	});

	it('says "not found yet", never "not placed", after a 5xx once the look-ups found no such order', async () => {
		await open();
		const { message, ticketId } = await ticket(marketBuy);
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 1, endpoint: 'create_order' });
		const result = await desk.reply(desk.click(desk.users.trader, message, `order:confirm:${ticketId}`), (text) =>
			text.includes('Not found yet'),
		);
		expect(messageText(result.data)).toContain('Not found yet. The broker shows no order for this ticket so far');
		expect(desk.brokerCalls.count('fetch_orders')).toBeGreaterThan(0);
		expect(await ordersWithClientId(ticketId)).toHaveLength(0);
	});

	it('shows the broker’s rejection reason', async () => {
		await open({
			limits: {
				maxOrderValue: new (await import('decimal.js')).Decimal(1_000_000),
				retypeAbove: new (await import('decimal.js')).Decimal(1_000_000),
				limitFarPercent: new (await import('decimal.js')).Decimal(100),
			},
			extraSymbols: ['USDC/AUD'],
			// A broker that does not give its instruments' sizes: the ticket cannot refuse the size itself.
			faultsAtStart: [{ kind: 'status', status: 404, count: 1, endpoint: 'get_instruments' }],
		});
		const live = desk;
		await vi.waitFor(() => expect(live.stream.latestLadder('USDC/AUD')).toBeDefined());
		// With prices unavailable the desk cannot check the size against the ladder's tiers; the broker can.
		live.sandbox.controls.pausePrices();
		await vi.waitFor(() => expect(live.stream.pricesAvailable).toBe(false));
		const { message, ticketId } = await ticket({
			side: 'buy',
			symbol: 'USDC/AUD',
			amount: '300000',
			type: 'limit',
			price: '1.0000',
		});
		expect(messageText(message.data)).toMatch(
			/Instrument rules: not checked \(the broker did not answer get_instruments: .+\); the broker checks them when the order arrives\./,
		);
		const result = await desk.reply(desk.click(desk.users.trader, message, `order:confirm:${ticketId}`), (text) =>
			text.includes('Rejected'),
		);
		expect(messageText(result.data)).toContain(
			'Rejected by the broker: amount 300000 is larger than the largest tier (250000) for USDC/AUD',
		);
	});

	it.each([
		[{ amount: '1,000' }, 'The amount must be a plain number'],
		[{ amount: '0' }, 'The amount must be greater than zero.'],
		[{ symbol: 'DOGE/AUD' }, 'Unknown symbol "DOGE/AUD"'],
		[{ type: 'limit' }, 'A limit order needs a price.'],
		[{ symbol: 'USDC/AUD' }, 'No live price for USDC/AUD'],
		[{ amount: '300000' }, 'The largest USDT/AUD order is 250,000 USDT; this one is 300,000 USDT. Nothing was sent.'],
		[
			{ type: 'limit', price: '2', amount: '200000' },
			"This order is worth up to 400,000.00 AUD (the most it pays is its limit), above the desk's limit of 250,000.00 AUD per order.",
		],
	])('refuses %j privately with a clear sentence, and opens no ticket', async (change, words) => {
		await open();
		const reply = await desk.reply(desk.slash(desk.users.trader, 'order', { ...marketBuy, ...change }));
		expect(isEphemeral(reply)).toBe(true);
		expect(messageText(reply.data)).toContain(words);
		expect(buttonIds(reply.data)).toEqual([]);
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});
});
