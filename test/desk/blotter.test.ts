import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Blotter, type BlotterReport, defaultAtTimeWithinMs } from '../../src/desk/blotter.js';
import { blotterCsv, blotterCsvColumns } from '../../src/desk/blotter-csv.js';
import type { Order, Side, Trade } from '../../src/zerocap/domain.js';
import { day, orderOf, pagingBroker, seeded, tradeOf } from './blotter-fixtures.js';
import { ratesFrom, sydney } from './desk-fixtures.js';

const hour = 3_600_000;
const tickets = new Map([
	['ticket-a1', 'trader-a'],
	['ticket-a2', 'trader-a'],
	['ticket-b1', 'trader-b'],
]);
const liveRates = ratesFrom({ 'USDT/AUD': { ask: '1.6', bid: '1.5' } });
const settings = { timeZone: sydney, lookbackMs: 7 * 24 * hour, atTimeWithinMs: defaultAtTimeWithinMs };

function blotterOver(orders: readonly Order[], options: { unreadable?: number } = {}) {
	const broker = pagingBroker(orders, options);
	const blotter = new Blotter(
		broker,
		(id) => tickets.get(id),
		liveRates,
		settings,
		() => day.end + hour,
	);
	return { blotter, calls: broker.calls };
}

/** A day of random fills across desk and other orders, some outside the day, in three symbols. */
function randomDay(seed: number): Order[] {
	const random = seeded(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
	const orders: Order[] = [];
	for (let index = 0; index < 120; index++) {
		const clientOrderId = pick(['ticket-a1', 'ticket-a2', 'ticket-b1', 'someone-else', undefined]);
		const symbol = pick(['BTC/AUD', 'ETH/USDT', 'USDT/AUD']);
		const side: Side = pick(['buy', 'sell']);
		const createdAt = day.start - 2 * hour + Math.floor(random() * 26 * hour);
		const trades: Trade[] = [];
		for (let fill = 0; fill < 1 + Math.floor(random() * 4); fill++) {
			const at = createdAt + Math.floor(random() * hour);
			const amount = (1 + Math.floor(random() * 5000) / 100).toFixed(2);
			const price = symbol === 'USDT/AUD' ? (1.5 + random() / 10).toFixed(4) : (1000 + random() * 100).toFixed(2);
			trades.push(tradeOf(`t-${index}-${fill}`, `o-${index}`, symbol, side, amount, price, at));
		}
		orders.push(orderOf(`o-${index}`, clientOrderId, createdAt, trades));
	}
	return orders;
}

interface Expected {
	trades: number;
	bought: Decimal;
	sold: Decimal;
	buyCost: Decimal;
	sellCost: Decimal;
}

/** The figures computed independently: a plain loop over every desk trade inside the day. */
function expectedFigures(orders: readonly Order[]): Map<string, Expected> {
	const figures = new Map<string, Expected>();
	for (const order of orders) {
		const trader = order.clientOrderId === undefined ? undefined : tickets.get(order.clientOrderId);
		if (!trader) continue;
		for (const trade of order.trades) {
			if (trade.timestamp < day.start || trade.timestamp >= day.end) continue;
			const key = `${trader} ${trade.symbol}`;
			const row = figures.get(key) ?? {
				trades: 0,
				bought: new Decimal(0),
				sold: new Decimal(0),
				buyCost: new Decimal(0),
				sellCost: new Decimal(0),
			};
			row.trades += 1;
			const cost = new Decimal(trade.amount).times(trade.price);
			if (trade.side === 'buy') {
				row.bought = row.bought.plus(trade.amount);
				row.buyCost = row.buyCost.plus(cost);
			} else {
				row.sold = row.sold.plus(trade.amount);
				row.sellCost = row.sellCost.plus(cost);
			}
			figures.set(key, row);
		}
	}
	return figures;
}

describe('the blotter', () => {
	for (const seed of [1, 2, 3, 42]) {
		it(`agrees with an independent count of the day’s desk fills (seed ${seed})`, async () => {
			const orders = randomDay(seed);
			const { blotter } = blotterOver(orders);
			const report = await blotter.report({ day }, { kind: 'catch-up' });
			const expected = expectedFigures(orders);
			const rows = new Map(report.summary.rows.map((row) => [`${row.trader} ${row.symbol}`, row]));
			expect([...rows.keys()].sort()).toEqual([...expected.keys()].sort());
			for (const [key, want] of expected) {
				const row = rows.get(key);
				expect(row?.trades, key).toBe(want.trades);
				expect(row?.bought.toFixed(), key).toBe(want.bought.toFixed());
				expect(row?.sold.toFixed(), key).toBe(want.sold.toFixed());
				expect(row?.net.toFixed(), key).toBe(want.bought.minus(want.sold).toFixed());
				expect(row?.vwapBuy?.toFixed(), key).toBe(
					want.bought.gt(0) ? want.buyCost.dividedBy(want.bought).toFixed() : undefined,
				);
				expect(row?.vwapSell?.toFixed(), key).toBe(
					want.sold.gt(0) ? want.sellCost.dividedBy(want.sold).toFixed() : undefined,
				);
			}
			const totalTrades = [...expected.values()].reduce((sum, row) => sum + row.trades, 0);
			expect(report.summary.totals.trades).toBe(totalTrades);
			expect(report.fills).toHaveLength(totalTrades);
			const valueSum = report.summary.rows.reduce((sum, row) => sum.plus(row.value), new Decimal(0));
			expect(report.summary.totals.value.toFixed()).toBe(valueSum.toFixed());
		});
	}

	it('values AUD-quoted fills directly, USDT-quoted at the USDT/AUD price at the time, else at the live mid', async () => {
		const at = day.start + 5 * hour;
		const orders = [
			orderOf('o-1', 'ticket-a1', at, [tradeOf('t-1', 'o-1', 'BTC/AUD', 'buy', '2', '1000', at)]),
			// The account's own USDT/AUD trade two minutes later is the price at the time.
			orderOf('o-2', 'someone-else', at, [tradeOf('t-2', 'o-2', 'USDT/AUD', 'sell', '100', '1.55', at + 120_000)]),
			orderOf('o-3', 'ticket-a1', at, [tradeOf('t-3', 'o-3', 'ETH/USDT', 'sell', '1', '2000', at)]),
			// Three hours away from any USDT/AUD trade: the live mid (1.55 of 1.6 and 1.5).
			orderOf('o-4', 'ticket-a1', at + 3 * hour, [
				tradeOf('t-4', 'o-4', 'ETH/USDT', 'buy', '1', '1000', at + 3 * hour),
			]),
		];
		const report = await blotterOver(orders).blotter.report({ day }, { kind: 'catch-up' });
		const values = Object.fromEntries(report.fills.map((fill) => [fill.tradeId, fill.value]));
		expect(values['t-1']).toEqual({ kind: 'direct', value: new Decimal(2000) });
		expect(values['t-3']).toMatchObject({ kind: 'at-time', symbol: 'USDT/AUD', rateAt: at + 120_000 });
		expect(values['t-3']?.kind !== 'none' && values['t-3']?.value.toFixed()).toBe('3100');
		expect(values['t-4']).toMatchObject({ kind: 'live', via: ['USDT/AUD'] });
		expect(values['t-4']?.kind !== 'none' && values['t-4']?.value.toFixed()).toBe('1550');
		const eth = report.summary.rows.find((row) => row.symbol === 'ETH/USDT');
		expect(eth?.valuedBy).toEqual({ direct: 0, 'at-time': 1, live: 1, none: 0 });
		expect(report.summary.totals.value.toFixed()).toBe('6650');
	});

	it('leaves a fill it cannot convert out of the value, and the total says so', async () => {
		const at = day.start + hour;
		const orders = [orderOf('o-1', 'ticket-b1', at, [tradeOf('t-1', 'o-1', 'ETH/USDT', 'buy', '1', '1000', at)])];
		const broker = pagingBroker(orders);
		const stale = ratesFrom({ 'USDT/AUD': { ask: '1.6', bid: '1.5', ageMs: 42_000 } });
		const report = await new Blotter(
			broker,
			(id) => tickets.get(id),
			stale,
			settings,
			() => 0,
		).report({ day }, { kind: 'catch-up' });
		expect(report.fills[0]?.value).toEqual({ kind: 'none', reason: 'price 42 s old (USDT/AUD)' });
		expect(report.summary.totals).toMatchObject({ trades: 1, unvalued: 1 });
		expect(report.summary.totals.value.isZero()).toBe(true);
	});

	it('takes each order and each trade once, and says when orders could not be read or do not add up', async () => {
		const at = day.start + hour;
		const order = orderOf('o-1', 'ticket-a1', at, [tradeOf('t-1', 'o-1', 'BTC/AUD', 'buy', '1', '1000', at)]);
		const short = orderOf('o-2', 'ticket-a2', at, [tradeOf('t-2', 'o-2', 'BTC/AUD', 'buy', '1', '1000', at)], '3');
		const report = await blotterOver([order, order, short], { unreadable: 2 }).blotter.report(
			{ day },
			{ kind: 'catch-up' },
		);
		expect(report.fills.map((fill) => fill.tradeId)).toEqual(['t-1', 't-2']);
		expect(report.unreadableOrders).toBe(2);
		expect(report.incompleteOrders).toEqual(['o-2']);
	});

	it('reads orders from a week before the day, so a resting order filled in the day is found', async () => {
		const placed = day.start - 3 * 24 * hour;
		const resting = orderOf('o-1', 'ticket-a1', placed, [
			tradeOf('t-1', 'o-1', 'BTC/AUD', 'sell', '1', '1000', day.start + hour),
		]);
		const { blotter, calls } = blotterOver([resting]);
		const report = await blotter.report({ day }, { kind: 'catch-up' });
		expect(report.fills.map((fill) => fill.tradeId)).toEqual(['t-1']);
		expect(calls[0]).toMatchObject({ since: day.start - 7 * 24 * hour, until: day.end });
		expect(report.ordersSince).toBe(day.start - 7 * 24 * hour);
	});

	it('shows one trader or one symbol when asked', async () => {
		const orders = randomDay(7);
		const { blotter } = blotterOver(orders);
		const mine = await blotter.report({ day, trader: 'trader-b', symbol: 'BTC/AUD' }, { kind: 'catch-up' });
		expect(mine.fills.length).toBeGreaterThan(0);
		expect(new Set(mine.fills.map((fill) => `${fill.trader} ${fill.symbol}`))).toEqual(new Set(['trader-b BTC/AUD']));
		expect(mine.summary.rows.map((row) => row.trader)).toEqual(['trader-b']);
	});
});

describe('the blotter CSV', () => {
	async function report(): Promise<BlotterReport> {
		const at = Date.parse('2026-01-05T03:04:05Z');
		const orders = [
			orderOf('o-1', 'ticket-a1', at, [tradeOf('t-1', 'o-1', 'BTC/AUD', 'buy', '0.5', '100000', at)]),
			orderOf('o-2', 'ticket-b1', at + 1000, [tradeOf('t-2', 'o-2', 'ETH/USDT', 'sell', '2', '3000', at + 1000)]),
			orderOf('o-3', 'someone-else', at, [tradeOf('t-3', 'o-3', 'BTC/AUD', 'buy', '9', '1', at)]),
		];
		return blotterOver(orders).blotter.report({ day }, { kind: 'catch-up' });
	}

	it('has a header and one row per fill, oldest first, with exact amounts and the conversion said', async () => {
		// No cell of these fills holds a comma or a quote, so splitting is a faithful parse here.
		const rows = blotterCsv(await report())
			.trimEnd()
			.split('\n')
			.map((line) => line.split(','));
		expect(rows[0]).toEqual([...blotterCsvColumns]);
		expect(rows).toHaveLength(3);
		const record = (row: string[] | undefined) =>
			Object.fromEntries(blotterCsvColumns.map((column, index) => [column, row?.[index]]));
		expect(record(rows[1])).toEqual({
			time_desk: '2026-01-05 14:04:05 AEDT',
			time_utc: '2026-01-05T03:04:05.000Z',
			trader_id: 'trader-a',
			symbol: 'BTC/AUD',
			side: 'buy',
			amount: '0.5',
			price: '100000',
			quote_value: '50000',
			quote_currency: 'AUD',
			desk_value: '50000',
			desk_currency: 'AUD',
			conversion: 'none needed',
			conversion_rate: '',
			order_id: 'o-1',
			client_order_id: 'ticket-a1',
			trade_id: 't-1',
		});
		expect(record(rows[2])).toMatchObject({
			desk_value: '9300',
			conversion: 'live USDT/AUD mid',
			conversion_rate: '1.55',
		});
	});
});
