import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { AuditEntry } from '../../src/desk/audit.js';
import { colours } from '../../src/discord/render/format.js';
import { retypeFieldId } from '../../src/discord/render/ticket.js';
import { AuthzDesk, deskTicket, largeTicket } from '../support/authz-desk.js';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import type { FakeMessage, InteractionHandle } from '../support/fake-discord.js';

/**
 * Every refusal path of every command, walked as a person would meet it: what they were shown must be what
 * the audit trail says, word for word, with the outcome `refused`. And what was not refused is not audited
 * as refused.
 */

interface Walk {
	/** Which command's path this is, for the coverage check. */
	readonly command: string;
	readonly why: string;
	/** Stages the refusal and fires it; returns who acted, the audit action and the interaction. */
	readonly run: (world: AuthzDesk) => Promise<{ userId: string; action: string; handle: InteractionHandle }>;
	readonly says: RegExp;
}

let desk: DeskHarness;
let world: AuthzDesk;

beforeAll(async () => {
	desk = await DeskHarness.start({ ticketTtlMs: 60_000 });
	world = new AuthzDesk(desk);
});

afterAll(async () => {
	await desk?.close();
});

function slash(userId: string, name: string, options: Record<string, string> = {}, subcommand?: string) {
	const handle = desk.fake.injectSlashCommand({
		...world.target(userId, 'desk'),
		name,
		options,
		...(subcommand ? { subcommand } : {}),
	});
	return { userId, action: subcommand ? `/${name} ${subcommand}` : `/${name}`, handle };
}

function press(userId: string, message: FakeMessage, customId: string) {
	const [command, action] = customId.split(':');
	return { userId, action: `button ${command}:${action}`, handle: desk.click(userId, message, customId) };
}

/** The last thing the interaction showed the person: a follow-up if there was one, else its own message. */
function lastShown(handle: InteractionHandle): FakeMessage | undefined {
	return handle.followUps.at(-1) ?? handle.original;
}

async function ordersQueryId(userId: string): Promise<{ message: FakeMessage; queryId: string }> {
	const message = await desk.reply(desk.slash(userId, 'orders'));
	const pageButton = buttonIds(message.data).find((id) => id.startsWith('orders:page:'));
	if (!pageButton) throw new Error(`no page buttons: ${messageText(message.data)}`);
	return { message, queryId: pageButton.split(':')[2] ?? '' };
}

const walks: readonly Walk[] = [
	{
		command: 'chart',
		why: 'a window it cannot draw',
		run: async () => slash(desk.users.viewer, 'chart', { symbol: 'USDT/AUD', window: '2y' }),
		says: /^The window must be from 1 hour to 30 days, .+"2y" is not one\.$/,
	},
	{
		command: 'price',
		why: 'an unknown symbol',
		run: async () => slash(desk.users.viewer, 'price', { symbol: 'FOO/AUD' }),
		says: /^Unknown symbol "FOO\/AUD"\. Known: USDT\/AUD/,
	},
	{
		command: 'price',
		why: 'a size that is not a number',
		run: async () => slash(desk.users.viewer, 'price', { symbol: 'USDT/AUD', size: 'lots' }),
		says: /^The size must be a plain number/,
	},
	{
		command: 'orders',
		why: 'an unknown symbol',
		run: async () => slash(desk.users.viewer, 'orders', { symbol: 'foo/aud' }),
		says: /^Unknown symbol "foo\/aud"\./,
	},
	{
		command: 'orders',
		why: 'a since that is no time',
		run: async () => slash(desk.users.viewer, 'orders', { since: 'yesterday' }),
		says: /^The option "since" must be/,
	},
	{
		command: 'orders',
		why: 'another trader’s page button',
		run: async () => {
			const { message, queryId } = await ordersQueryId(desk.users.viewer);
			return press(desk.users.trader, message, `orders:page:${queryId}:1`);
		},
		says: /^Only the trader who ran this \/orders can page through it\.$/,
	},
	{
		command: 'orders',
		why: 'a page that does not exist',
		run: async () => {
			const { message, queryId } = await ordersQueryId(desk.users.viewer);
			return press(desk.users.viewer, message, `orders:page:${queryId}:0`);
		},
		says: /^That page does not exist\.$/,
	},
	{
		command: 'orders',
		why: 'a page button of a forgotten query',
		run: async () => {
			const { message } = await ordersQueryId(desk.users.viewer);
			return press(desk.users.viewer, message, 'orders:page:000000000000:2');
		},
		says: /^These buttons have expired\. Run \/orders again\.$/,
	},
	{
		command: 'quote',
		why: 'an unknown symbol',
		run: async () => slash(desk.users.trader, 'quote', { side: 'buy', symbol: 'DOGE/AUD', amount: '100' }),
		says: /^Unknown symbol "DOGE\/AUD"\./,
	},
	{
		command: 'order',
		why: 'an unknown symbol',
		run: async () => slash(desk.users.trader, 'order', { ...deskTicket, symbol: 'DOGE/AUD' }),
		says: /^Unknown symbol "DOGE\/AUD"\./,
	},
	{
		command: 'order',
		why: 'an amount that is not a number',
		run: async () => slash(desk.users.trader, 'order', { ...deskTicket, amount: '1,000' }),
		says: /^The amount must be a plain number/,
	},
	{
		command: 'order',
		why: 'a limit order without a price',
		run: async () => slash(desk.users.trader, 'order', { ...deskTicket, type: 'limit' }),
		says: /^A limit order needs a price\.$/,
	},
	{
		command: 'order',
		why: 'a market order with no live price',
		run: async () => slash(desk.users.trader, 'order', { ...deskTicket, symbol: 'USDC/AUD' }),
		says: /^No live price for USDC\/AUD/,
	},
	{
		command: 'order',
		why: 'a value at worst above the desk’s limit',
		run: async () => slash(desk.users.trader, 'order', { ...deskTicket, type: 'limit', amount: '100000', price: '3' }),
		says: /^This order is worth up to 300,000\.00 AUD \(the most it pays is its limit\), above the desk's limit of 250,000\.00 AUD per order\.$/,
	},
	{
		command: 'order',
		why: 'a halted desk',
		run: async () => {
			desk.store.deskState.setHalted(true, desk.users.admin, 'drill', Date.now());
			try {
				const fired = slash(desk.users.trader, 'order', deskTicket);
				await fired.handle.response();
				return fired;
			} finally {
				desk.store.deskState.setHalted(false, desk.users.admin, undefined, Date.now());
			}
		},
		says: /^The desk is halted: no order can be placed/,
	},
	{
		command: 'order',
		why: 'someone else’s Confirm',
		run: async () => {
			const { message, ticketId } = await world.openTicket(desk.users.trader);
			return press(desk.users.trader2, message, `order:confirm:${ticketId}`);
		},
		says: /^Only the trader who opened this ticket can use it\.$/,
	},
	{
		command: 'order',
		why: 'someone else’s Cancel',
		run: async () => {
			const { message, ticketId } = await world.openTicket(desk.users.trader);
			return press(desk.users.trader2, message, `order:cancel:${ticketId}`);
		},
		says: /^Only the trader who opened this ticket can use it\.$/,
	},
	{
		command: 'order',
		why: 'an expired ticket',
		run: async () => {
			const { message, ticketId } = await world.openTicket(desk.users.trader);
			desk.clock.advance(61_000);
			return press(desk.users.trader, message, `order:confirm:${ticketId}`);
		},
		says: /^This ticket has expired\./,
	},
	{
		command: 'order',
		why: 'a canceled ticket confirmed',
		run: async () => {
			const { message, ticketId } = await world.openTicket(desk.users.trader);
			await desk.reply(press(desk.users.trader, message, `order:cancel:${ticketId}`).handle);
			return press(desk.users.trader, message, `order:confirm:${ticketId}`);
		},
		says: /^This ticket was canceled\./,
	},
	{
		command: 'order',
		why: 'a retyped amount that does not match',
		run: async () => {
			const { message, ticketId } = await world.openTicket(desk.users.trader, largeTicket);
			const handle = desk.submitModal(desk.users.trader, message, `order:retype:${ticketId}`, {
				[retypeFieldId]: '4000',
			});
			return { userId: desk.users.trader, action: 'form order:retype', handle };
		},
		says: /^The amount you typed \(4000\) does not match the ticket \(40000\)\./,
	},
	{
		command: 'order',
		why: 'a button the desk does not know',
		run: async () => {
			const { message } = await world.openTicket(desk.users.trader);
			return press(desk.users.trader, message, 'order:explode:x');
		},
		says: /^This button is no longer in use\.$/,
	},
	{
		command: 'balances',
		why: 'someone with no desk role',
		run: async () => slash(desk.users.nobody, 'balances'),
		says: /^You need the view \(prices and orders\) capability/,
	},
	{
		command: 'risk',
		why: 'someone with no desk role',
		run: async () => slash(desk.users.nobody, 'risk'),
		says: /^You need the view \(prices and orders\) capability/,
	},
	{
		command: 'transfers',
		why: 'a since that is no time',
		run: async () => slash(desk.users.viewer, 'transfers', { since: 'last week' }),
		says: /^The option "since" must be a span such as 30m, 24h or 7d, .+ read in Australia\/Sydney \(got "last week"\)\.$/,
	},
	{
		command: 'transfers',
		why: 'an asset that is no asset code',
		run: async () => slash(desk.users.viewer, 'transfers', { asset: 'U$DT' }),
		says: /^The option "asset" must be an asset code such as USDT or AUD \(got "U\$DT"\)\.$/,
	},
	{
		command: 'transfers',
		why: 'another person’s page button',
		run: async () => {
			const message = await desk.reply(desk.slash(desk.users.viewer, 'transfers'));
			const page = buttonIds(message.data).find((id) => id.startsWith('transfers:page:')) ?? '';
			return press(desk.users.trader, message, page);
		},
		says: /^Only the person who ran this \/transfers can page through it\.$/,
	},
	{
		command: 'blotter',
		why: 'another trader’s blotter asked by a trader',
		run: async () => slash(desk.users.trader, 'blotter', { trader: desk.users.trader2 }),
		says: /^Only an admin can see another trader’s blotter; yours is \/blotter without a trader\.$/,
	},
	{
		command: 'blotter',
		why: 'a date still to come',
		run: async () => slash(desk.users.viewer, 'blotter', { date: '2999-01-01' }),
		says: /^The option "date" must be today, yesterday or a past date such as 2026-01-05, read in Australia\/Sydney/,
	},
	{
		command: 'order-status',
		why: 'a blank id',
		run: async () => slash(desk.users.viewer, 'order-status', { id: '   ' }),
		says: /^Give an order id or a client order id to look up\.$/,
	},
	{
		command: 'audit',
		why: 'a since that is no time',
		run: async () => slash(desk.users.admin, 'audit', { since: 'last week' }),
		says: /^The option "since" must be/,
	},
	{
		command: 'alerts',
		why: 'a test of a route that is not set',
		run: async () => slash(desk.users.admin, 'alerts', { kind: 'prices' }, 'test'),
		says: /^The prices route is not set\. Use \/alerts set first\.$/,
	},
	{
		command: 'alerts',
		why: 'a test of a route that is off (refused after the reply was deferred)',
		run: async () => {
			desk.store.routes.set({
				kind: 'errors',
				channelId: world.alertsChannelId,
				mode: 'off',
				changedBy: desk.users.admin,
				changedAt: Date.now(),
			});
			return slash(desk.users.admin, 'alerts', { kind: 'errors' }, 'test');
		},
		says: /^Nothing was posted: the errors route is off\.$/,
	},
	{
		command: 'limits',
		why: 'another trader’s limits asked by a viewer',
		run: async () => slash(desk.users.viewer, 'limits', { trader: desk.users.trader }, 'show'),
		says: /^Only an admin can see another trader’s limits\.$/,
	},
	{
		command: 'limits',
		why: 'a limit that is not a number',
		run: async () => slash(desk.users.admin, 'limits', { trader: desk.users.trader, daily: 'lots' }, 'set'),
		says: /^The daily must be a plain number/,
	},
	{
		command: 'resume',
		why: 'a desk that is not halted',
		run: async () => slash(desk.users.admin, 'resume'),
		says: /^The desk is not halted; nothing changed\.$/,
	},
	{
		command: 'halt',
		why: 'a viewer',
		run: async () => slash(desk.users.viewer, 'halt', { reason: 'no' }),
		says: /^You need the admin \(desk controls\) capability/,
	},
	{
		command: 'status',
		why: 'someone with no desk role',
		run: async () => slash(desk.users.nobody, 'status'),
		says: /^You need the view \(prices and orders\) capability/,
	},
];

describe('what a person is refused is what the audit trail says', () => {
	it('walks a refusal path of every command in the registry', () => {
		const walked = new Set(walks.map((walk) => walk.command));
		expect(commands.map((command) => command.data.name).filter((name) => !walked.has(name))).toEqual([]);
	});

	it.each(walks.map((walk) => [`${walk.command}: ${walk.why}`, walk] as const))('%s', async (_name, walk) => {
		const baseline = world.auditRows().length;
		const { userId, action, handle } = await walk.run(world);
		const row: AuditEntry = await world.auditRowAfter(baseline, userId, action);
		const shown = lastShown(handle);
		const text = shown ? messageText(shown.data) : '';
		expect(text).toMatch(walk.says);
		expect(row.outcome).toBe('refused');
		expect(row.detail).toBe(text);
		expect(shown?.data.embeds[0]?.color, 'a refusal looks like one').toBe(colours.warn);
	});
});

describe('what a person is not refused is not audited as refused', () => {
	it.each([
		['price', () => slash(desk.users.viewer, 'price', { symbol: 'USDT/AUD', size: '100' })],
		['status', () => slash(desk.users.viewer, 'status')],
		['orders', () => slash(desk.users.viewer, 'orders', { symbol: 'usdt/aud', since: '24h' })],
		['order', () => slash(desk.users.trader, 'order', deskTicket)],
	] as const)('/%s', async (_name, fire) => {
		const baseline = world.auditRows().length;
		const { userId, action, handle } = fire();
		const row = await world.auditRowAfter(baseline, userId, action);
		expect(row).toMatchObject({ outcome: 'ok', detail: null });
		expect(lastShown(handle)?.data.embeds[0]?.color).not.toBe(colours.warn);
	});
});
