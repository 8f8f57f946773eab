import { blotterOf } from '../src/desk/blotter.js';
import { blotterCsv } from '../src/desk/blotter-csv.js';
import { collectDeskFills } from '../src/desk/blotter-fills.js';
import { deskDayNamed } from '../src/desk/desk-date.js';
import type { RateContext } from '../src/desk/desk-rates.js';
import type { LadderSource } from '../src/desk/quote.js';
import type { Order, Side, Trade } from '../src/zerocap/domain.js';
import type { FetchOrderPage } from '../src/zerocap/order-paging.js';
import { orderOf, tradeOf } from '../test/desk/blotter-fixtures.js';
import { d } from '../test/support/decimals.js';

const fillCount = 10_000;
const fillsPerOrder = 4;
const rounds = 7;
const timeZone = 'Australia/Sydney';
const symbols = ['BTC/AUD', 'ETH/AUD', 'USDT/AUD', 'BTC/USDT', 'ETH/USDT'];
const traders = ['111', '222', '333', '444', '555'];

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100) / 100;
}

/** A day of orders through the desk, four fills each, spread over the day, a fifth of them in USDT pairs. */
function dayOfOrders(start: number): Order[] {
	const orders: Order[] = [];
	for (let index = 0; index < fillCount / fillsPerOrder; index++) {
		const symbol = symbols[index % symbols.length] ?? 'BTC/AUD';
		const side: Side = index % 3 === 0 ? 'sell' : 'buy';
		const createdAt = start + index * 30_000;
		const price = symbol === 'USDT/AUD' ? `1.5${index % 100}` : `${1000 + (index % 500)}.25`;
		const trades: Trade[] = Array.from({ length: fillsPerOrder }, (_, fill) =>
			tradeOf(
				`t-${index}-${fill}`,
				`o-${index}`,
				symbol,
				side,
				`${1 + (fill % 7)}.125`,
				price,
				createdAt + fill * 1000,
			),
		);
		orders.push(orderOf(`o-${index}`, `ticket-${index}`, createdAt, trades));
	}
	return orders;
}

const ladders: LadderSource = {
	latestLadder: (symbol) => ({
		ladder: {
			symbol,
			timestamp: 0,
			buyTiers: [{ price: d('1.54'), quantity: d('1000000') }],
			sellTiers: [{ price: d('1.52'), quantity: d('1000000') }],
		},
		ageMs: 100,
		available: true,
	}),
};

/** `npm run bench`: a day of 10,000 fills read from pages, valued and summarised, beside JSON.parse of the same fills. */
export async function run(): Promise<void> {
	const day = deskDayNamed('2026-01-05', timeZone);
	if (!day) throw new Error('no such day');
	const orders = dayOfOrders(day.start);
	const fetchPage: FetchOrderPage = async (_filter, page, limit) => ({
		orders: orders.slice((page - 1) * limit, page * limit),
		unreadable: 0,
		total: orders.length,
		page,
		limit,
	});
	const owner = (ticket: string) => traders[Number(ticket.slice(7)) % traders.length];
	const rates: RateContext = { ladders, symbols, staleAfterMs: 10_000, deskCurrency: 'AUD' };
	const settings = { timeZone, lookbackMs: 0, atTimeWithinMs: 5 * 60_000 };
	const json = JSON.stringify(orders.flatMap((order) => order.trades));
	const summarise: number[] = [];
	const csv: number[] = [];
	const baseline: number[] = [];
	let fills = 0;
	for (let round = 0; round < rounds; round++) {
		const parseStarted = performance.now();
		JSON.parse(json);
		baseline.push(performance.now() - parseStarted);
		const started = performance.now();
		const collection = await collectDeskFills(fetchPage, { ...day, lookbackMs: 0 }, owner);
		const report = blotterOf(collection, { day }, rates, settings, day.end);
		summarise.push(performance.now() - started);
		const csvStarted = performance.now();
		blotterCsv(report);
		csv.push(performance.now() - csvStarted);
		fills = report.summary.totals.trades;
	}
	const result = {
		bench: 'blotter',
		fills,
		ms: median(summarise),
		csvMs: median(csv),
		baselineJsonParseMs: median(baseline),
		rounds,
	};
	console.log(JSON.stringify(result));
	console.log(
		`blotter: ${fills} fills read, valued and summarised in ${result.ms} ms (target ≤ 300 ms), CSV ${result.csvMs} ms; JSON.parse of the same fills ${result.baselineJsonParseMs} ms`,
	);
}
