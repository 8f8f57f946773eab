import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskHarness, type DeskHarnessOptions, messageText } from '../support/desk-harness.js';
import { isSettled, type OpenTicket, openTicket, pressConfirm } from '../support/fault-desk-steps.js';

/** Limits per trader and per role, set with /limits, applied at the next ticket and counted over the desk's day. */

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

const smallBuy = { side: 'buy', symbol: 'USDT/AUD', amount: '500', type: 'market' } as const;

async function say(
	of: DeskHarness,
	userId: string,
	name: string,
	options: Record<string, string>,
	subcommand?: string,
) {
	const handle = of.fake.injectSlashCommand({
		guildId: of.guildId,
		channelId: of.channelId,
		userId,
		name,
		options,
		...(subcommand ? { subcommand } : {}),
	});
	return messageText((await of.reply(handle)).data);
}

describe('a trader’s daily limit', () => {
	it('refuses the order that would pass it, with the numbers, and starts again the next day', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		await live.caughtUp;
		const set = await say(live, live.users.admin, 'limits', { trader: live.users.trader, daily: '1000' }, 'set');
		expect(set).toContain('Daily: 1,000.00 AUD');

		const first = await openTicket(live, smallBuy);
		expect(messageText((await live.reply(pressConfirm(live, first), isSettled)).data)).toContain('Placed');
		// What it traded is its fill, as the broker's order update says.
		await brokerSays(live, first, 'closed');

		const refused = await say(live, live.users.trader, 'order', smallBuy, undefined);
		expect(refused).toMatch(
			/^Your daily limit is 1,000\.00 AUD: you have traded 76\d\.\d\d AUD today, and this order would make it 1,5\d\d\.\d\d AUD\. Nothing was sent\.$/,
		);
		expect(await say(live, live.users.trader2, 'order', smallBuy)).toContain('Check the order, then confirm');

		const shown = await say(live, live.users.trader, 'limits', {}, 'show');
		expect(shown).toMatch(/Today: 76\d\.\d\d AUD traded of 1,000\.00 AUD \(set for them\)/);
		expect(shown).toMatch(/today USDT \+500/);

		live.clock.advance(24 * 60 * 60_000);
		expect(await say(live, live.users.trader, 'order', smallBuy)).toContain('Check the order, then confirm');
	});

	it('is checked again at Confirm, so that two tickets opened within it cannot both be sent past it', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		await live.caughtUp;
		await say(live, live.users.admin, 'limits', { trader: live.users.trader, daily: '1000' }, 'set');
		const first = await openTicket(live, smallBuy);
		const second = await openTicket(live, smallBuy);
		expect(messageText((await live.reply(pressConfirm(live, first), isSettled)).data)).toContain('Placed');
		const late = await live.reply(pressConfirm(live, second));
		expect(messageText(late.data)).toMatch(/^Your daily limit is 1,000\.00 AUD/);
		expect(live.brokerCalls.count('create_order')).toBe(1);
	});
});

/** A resting sell far above the market, worth 96,000 AUD at worst: it rests until the sandbox lets it expire. */
const restingSell = { side: 'sell', symbol: 'BTC/AUD', amount: '0.6', type: 'limit', price: '160000' } as const;

function startResting(options: DeskHarnessOptions = {}) {
	return DeskHarness.start({
		// No retype form and no far-limit acknowledgement: these tests are about what the day counts.
		limits: { retypeAbove: new Decimal(10_000_000), limitFarPercent: new Decimal(50) },
		sandbox: { limitOrderTtlMs: 60_000 },
		...options,
	});
}

async function place(of: DeskHarness, options: Record<string, string>): Promise<OpenTicket> {
	const ticket = await openTicket(of, options);
	expect(messageText((await of.reply(pressConfirm(of, ticket), isSettled)).data)).toContain('Placed');
	return ticket;
}

/** Waits until the ticket's record holds the broker's word that its order is `status`. */
async function brokerSays(of: DeskHarness, ticket: OpenTicket, status: string) {
	await vi.waitFor(() => expect(of.store.ticketRecords.fillsOf(ticket.ticketId)?.status).toBe(status), {
		timeout: 5_000,
	});
}

describe('what the day counts: fills, and orders still working at worst', () => {
	it('does not let a resting sell that never fills make room for a larger buy', async () => {
		desk = await startResting({ dailyLimits: { position: '100000' } });
		const live = desk;
		await live.caughtUp;
		const sell = await place(live, restingSell);
		await brokerSays(live, sell, 'open');
		const refused = await say(live, live.users.trader, 'order', {
			side: 'buy',
			symbol: 'BTC/AUD',
			amount: '1.2',
			type: 'market',
		});
		expect(refused).toMatch(
			/^Your net position limit is 100,000\.00 AUD per asset: your BTC position today is 0 BTC, and this order would make it 1\.2 BTC, worth up to 1[67]\d,\d\d\d\.\d\d AUD\. Nothing was sent\.$/,
		);
		expect(live.brokerCalls.count('create_order')).toBe(1);
	});

	it('counts a resting order as working until it is canceled, then only what it filled: nothing', async () => {
		desk = await startResting({ dailyLimits: { trader: '100000' } });
		const live = desk;
		await live.caughtUp;
		const sell = await place(live, restingSell);
		await brokerSays(live, sell, 'open');
		const usdtBuy = { side: 'buy', symbol: 'USDT/AUD', amount: '5000', type: 'market' };
		expect(await say(live, live.users.trader, 'order', usdtBuy)).toMatch(
			/^Your daily limit is 100,000\.00 AUD: you have 96,000\.00 AUD traded or working today, and this order would make it 103,\d\d\d\.\d\d AUD\. Nothing was sent\.$/,
		);
		expect(await say(live, live.users.trader, 'limits', {}, 'show')).toContain(
			'Today: 96,000.00 AUD traded or working (96,000.00 AUD still working) of 100,000.00 AUD',
		);

		live.sandbox.controls.stepClock(61_000);
		await brokerSays(live, sell, 'canceled');
		expect(await say(live, live.users.trader, 'limits', {}, 'show')).toContain(
			'Today: 0.00 AUD traded of 100,000.00 AUD',
		);
		expect(await say(live, live.users.trader, 'order', usdtBuy)).toContain('Check the order, then confirm');
	});

	it('counts a resting order filled while the bot was away at its fill, caught up at start-up', async () => {
		desk = await startResting();
		const live = desk;
		await live.caughtUp;
		const buy = await place(live, { side: 'buy', symbol: 'USDT/AUD', amount: '1000', type: 'limit', price: '1.5000' });
		await brokerSays(live, buy, 'open');
		expect(await say(live, live.users.trader, 'limits', {}, 'show')).toContain('Today: 1,500.00 AUD');

		await live.stopBot();
		live.sandbox.controls.setMid('USDT/AUD', '1.3000');
		// A step of the market clock fills what crossed before it returns: the fill happens while the bot is away.
		live.sandbox.controls.stepClock(1_000);
		await live.startBot();
		await live.caughtUp;
		expect(live.store.ticketRecords.fillsOf(buy.ticketId)).toMatchObject({ status: 'closed', filled: '1000' });
		const shown = await say(live, live.users.trader, 'limits', {}, 'show');
		expect(shown).toMatch(/Today: 1,30\d\.\d\d AUD/);
		expect(shown).toMatch(/today USDT \+1,000/);
	});
});

describe('limits set for a role, and symbols', () => {
	it('apply to everyone with the role, and a trader’s own setting overrides them', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		const [traderRole = ''] = live.grants.trade;
		await say(live, live.users.admin, 'limits', { role: traderRole, symbols: 'BTC/AUD' }, 'set');
		expect(await say(live, live.users.trader2, 'order', smallBuy)).toBe(
			'Your limits allow BTC/AUD; USDT/AUD is not among them. Nothing was sent.',
		);
		await say(live, live.users.admin, 'limits', { trader: live.users.trader, symbols: 'USDT/AUD,BTC/AUD' }, 'set');
		expect(await say(live, live.users.trader, 'order', smallBuy)).toContain('Check the order, then confirm');
		await say(live, live.users.admin, 'limits', { role: traderRole }, 'clear');
		expect(await say(live, live.users.trader2, 'order', smallBuy)).toContain('Check the order, then confirm');
	});
});

describe('/limits', () => {
	it('shows your own; another trader’s only to an admin; and is audited', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		expect(await say(live, live.users.viewer, 'limits', { trader: live.users.trader }, 'show')).toBe(
			'Only an admin can see another trader’s limits.',
		);
		expect(await say(live, live.users.admin, 'limits', { trader: live.users.trader }, 'show')).toContain(
			'Today: 0.00 AUD traded of 10,000,000.00 AUD (the desk’s setting)',
		);
		expect(await say(live, live.users.trader, 'limits', { trader: live.users.admin, daily: '5' }, 'set')).toContain(
			'You need the admin (desk controls) capability',
		);
		expect(await say(live, live.users.admin, 'limits', { trader: live.users.trader, daily: 'lots' }, 'set')).toContain(
			'The daily must be a plain number',
		);
		expect(
			await say(live, live.users.admin, 'limits', { trader: live.users.trader, symbols: 'DOGE/AUD' }, 'set'),
		).toMatch(/^The desk does not trade DOGE\/AUD/);
		await vi.waitFor(() =>
			expect(
				live.store.audit
					.query({ limit: 50 })
					.filter((row) => row.action.startsWith('/limits'))
					.map((row) => [row.action, row.outcome]),
			).toEqual([
				['/limits set', 'refused'],
				['/limits set', 'refused'],
				['/limits set', 'refused'],
				['/limits show', 'ok'],
				['/limits show', 'refused'],
			]),
		);
	});
});
