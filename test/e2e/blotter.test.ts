import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';
import { placeThroughDesk } from '../support/desk-orders.js';
import type { FakeMessage } from '../support/fake-discord.js';
import { call, marketBuy } from '../support/sandbox-peer.js';

/**
 * /blotter through the local Discord: the day's figures equal those worked out here, plainly, from the
 * sandbox's own trades of the desk's orders; a trader sees only their own, an admin anyone's; every fill is in
 * the CSV.
 */

let desk: DeskHarness;
const tickets: Record<string, string[]> = {};

interface WireTrade {
	readonly side: 'buy' | 'sell';
	readonly price: string;
	readonly amount: string;
}

beforeAll(async () => {
	desk = await DeskHarness.start();
	await desk.caughtUp;
	const { trader, trader2 } = desk.users;
	tickets[trader] = [
		await placeThroughDesk(desk, trader, { side: 'buy', symbol: 'USDT/AUD', amount: '100' }),
		await placeThroughDesk(desk, trader, { side: 'buy', symbol: 'USDT/AUD', amount: '50.5' }),
		await placeThroughDesk(desk, trader, { side: 'sell', symbol: 'USDT/AUD', amount: '20' }),
		await placeThroughDesk(desk, trader, { side: 'buy', symbol: 'ETH/AUD', amount: '0.3' }),
	];
	tickets[trader2] = [await placeThroughDesk(desk, trader2, { side: 'sell', symbol: 'BTC/AUD', amount: '0.01' })];
	// Traded at the broker but not through the bot: in no blotter.
	await marketBuy(desk.sandbox, '77', 'not-the-desks');
}, 20_000);
afterAll(() => desk.close());

const group = (text: string) => text.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

/** One trader's row for one symbol, worked out from the sandbox's trades of their tickets. */
async function expectedRow(trader: string, symbol: string) {
	const orders: { client_order_id: string; symbol: string; trades: WireTrade[] }[] = (
		await call(desk.sandbox, 'fetch_orders', { limit: 500 })
	).body.order_list;
	const trades = orders
		.filter((order) => tickets[trader]?.includes(order.client_order_id) && order.symbol === symbol)
		.flatMap((order) => order.trades);
	const sum = (side: string, of: (trade: WireTrade) => Decimal) =>
		trades.filter((trade) => trade.side === side).reduce((total, trade) => total.plus(of(trade)), new Decimal(0));
	const bought = sum('buy', (trade) => new Decimal(trade.amount));
	const sold = sum('sell', (trade) => new Decimal(trade.amount));
	const cost = sum('buy', (trade) => new Decimal(trade.amount).times(trade.price));
	const proceeds = sum('sell', (trade) => new Decimal(trade.amount).times(trade.price));
	const [base, quote] = symbol.split('/');
	const vwap = (value: Decimal, amount: Decimal) => group(value.dividedBy(amount).toDecimalPlaces(8).toFixed());
	const net = bought.minus(sold);
	return {
		trades: trades.length,
		bought: bought.isZero()
			? 'bought nothing'
			: `bought ${group(bought.toFixed())} ${base} @ ${vwap(cost, bought)} ${quote}`,
		sold: sold.isZero() ? 'sold nothing' : `sold ${group(sold.toFixed())} ${base} @ ${vwap(proceeds, sold)} ${quote}`,
		net: net.isZero() ? 'flat' : `net ${net.gt(0) ? '+' : '−'}${group(net.abs().toFixed())} ${base}`,
		traded: `${group(cost.plus(proceeds).toFixed(2))} AUD`,
	};
}

async function blotter(userId: string, options: Record<string, string> = {}): Promise<FakeMessage> {
	return desk.reply(desk.slash(userId, 'blotter', options));
}

const rowsOf = (text: string) => text.split('\n').filter((line) => /^<@\d+> \*\*/.test(line));

function csvOf(message: FakeMessage): Record<string, string>[] {
	const file = message.files.find((candidate) => candidate.name.endsWith('.csv'));
	if (!file) throw new Error('no CSV attached');
	// The blotter's cells hold no commas or quotes (times, ids, decimals, words): a plain split reads them.
	const [header = '', ...lines] = file.content.toString('utf8').trim().split('\n');
	const columns = header.split(',');
	return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [columns[index], cell])));
}

describe('/blotter', () => {
	it('shows a trader their own day, figure for figure as the sandbox’s trades add up', async () => {
		const { trader } = desk.users;
		const message = await blotter(trader);
		const text = messageText(message.data);
		expect(text).toMatch(/^Blotter \d{4}-\d\d-\d\d \(Australia\/Sydney\)/);
		expect(text).toContain(`Fills of orders placed through the bot, <@${trader}>, from`);
		const rows = rowsOf(text);
		expect(rows).toHaveLength(2);
		for (const [index, symbol] of ['ETH/AUD', 'USDT/AUD'].entries()) {
			const expected = await expectedRow(trader, symbol);
			const noun = expected.trades === 1 ? 'trade' : 'trades';
			expect(rows[index]).toBe(
				`<@${trader}> **${symbol}** ${expected.trades} ${noun} · ${expected.bought} · ${expected.sold} · ${expected.net} · traded ${expected.traded}`,
			);
		}
		const csv = csvOf(message);
		expect(csv).toHaveLength(4);
		expect(new Set(csv.map((row) => row.client_order_id))).toEqual(new Set(tickets[trader]));
		expect(csv.every((row) => row.trader_id === trader && /AE[DS]T$/.test(row.time_desk ?? ''))).toBe(true);
	});

	it('refuses a trader another trader’s blotter, and shows nothing of it', async () => {
		const message = await blotter(desk.users.trader, { trader: desk.users.trader2 });
		expect(messageText(message.data)).toBe(
			'Only an admin can see another trader’s blotter; yours is /blotter without a trader.',
		);
		expect(message.files).toEqual([]);
	});

	it('shows an admin every trader, with per-trader totals, or the one they name', async () => {
		const { trader, trader2, admin } = desk.users;
		const everyone = await blotter(admin);
		const text = messageText(everyone.data);
		expect(rowsOf(text)).toHaveLength(3);
		const tom = await expectedRow(trader2, 'BTC/AUD');
		expect(text).toContain(`<@${trader2}> **BTC/AUD** 1 trade · bought nothing · ${tom.sold} · ${tom.net}`);
		expect(text).toMatch(
			new RegExp(`Per trader: <@${trader}> 4 trades, traded [\\d,]+\\.\\d\\d AUD\\n<@${trader2}> 1 trade`),
		);
		expect(text).toMatch(/Total: 5 trades, traded [\d,]+\.\d\d AUD/);
		expect(csvOf(everyone).map((row) => row.client_order_id)).not.toContain('not-the-desks');
		// The CSV's desk values add up to the total shown, to the cent.
		const shownTotal = /Total: 5 trades, traded ([\d,]+\.\d\d) AUD/.exec(text)?.[1]?.replaceAll(',', '');
		const csvTotal = csvOf(everyone).reduce((sum, row) => sum.plus(row.desk_value ?? 0), new Decimal(0));
		expect(csvTotal.toFixed(2)).toBe(shownTotal);

		const named = messageText((await blotter(admin, { trader: trader2 })).data);
		expect(rowsOf(named)).toEqual([expect.stringContaining(`<@${trader2}> **BTC/AUD**`)]);
	});

	it('keeps one symbol, and reads the date in the desk’s time zone', async () => {
		const usdt = messageText((await blotter(desk.users.admin, { symbol: 'usdt/aud' })).data);
		expect(rowsOf(usdt)).toEqual([expect.stringContaining('**USDT/AUD** 3 trades')]);
		const yesterday = messageText((await blotter(desk.users.admin, { date: 'yesterday' })).data);
		expect(yesterday).toContain('No fills of the desk’s orders on this day.');
		const refused = messageText((await blotter(desk.users.trader, { date: '2026-02-30' })).data);
		expect(refused).toBe(
			'The option "date" must be today, yesterday or a past date such as 2026-01-05, read in Australia/Sydney (got "2026-02-30").',
		);
	});
});
