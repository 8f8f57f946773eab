import { Decimal } from 'decimal.js';
import type { CallLane } from '../zerocap/limiter.js';
import type { FetchOrderPage } from '../zerocap/order-paging.js';
import { collectDeskFills, type DeskFill, type FillCollection } from './blotter-fills.js';
import type { DeskDay } from './desk-date.js';
import type { RateContext } from './desk-rates.js';
import { type FillValue, FillValuer } from './fill-value.js';

/** A fill with its value in the desk's currency. */
export interface ValuedFill extends DeskFill {
	readonly value: FillValue;
}

/** One trader's trading in one symbol over the day. */
export interface BlotterRow {
	readonly trader: string;
	readonly symbol: string;
	readonly baseAsset: string;
	readonly quoteAsset: string;
	readonly trades: number;
	/** In the base asset. */
	readonly bought: Decimal;
	readonly sold: Decimal;
	/** What the buys cost and the sells brought, in the quote asset. */
	readonly boughtCost: Decimal;
	readonly soldProceeds: Decimal;
	/** Undefined when there was nothing that way. */
	readonly vwapBuy: Decimal | undefined;
	readonly vwapSell: Decimal | undefined;
	/** bought − sold, in the base asset. */
	readonly net: Decimal;
	/** Traded value (buys and sells alike) in the desk's currency, of the fills that could be valued. */
	readonly value: Decimal;
	/** Fills that could not be valued and so are not in `value`. */
	readonly unvalued: number;
	/** How many fills were valued each way, so the output can say which conversion it used. */
	readonly valuedBy: Readonly<Record<FillValue['kind'], number>>;
}

export interface BlotterTotals {
	readonly trades: number;
	readonly value: Decimal;
	readonly unvalued: number;
}

export interface BlotterSummary {
	/** By trader, then symbol. */
	readonly rows: readonly BlotterRow[];
	readonly byTrader: ReadonlyMap<string, BlotterTotals>;
	readonly totals: BlotterTotals;
}

export interface BlotterQuery {
	readonly day: DeskDay;
	/** Only this trader's fills; the command sets it to the caller unless they are an admin. */
	readonly trader?: string;
	readonly symbol?: string;
}

export interface BlotterReport {
	readonly day: DeskDay;
	readonly timeZone: string;
	readonly currency: string;
	readonly query: BlotterQuery;
	readonly fills: readonly ValuedFill[];
	readonly summary: BlotterSummary;
	/** Orders created from this time on were read; a resting order older than that is not in the blotter. */
	readonly ordersSince: number;
	readonly unreadableOrders: number;
	readonly incompleteOrders: readonly string[];
	readonly undatedTrades: number;
	readonly generatedAt: number;
}

interface Accumulator {
	trader: string;
	symbol: string;
	baseAsset: string;
	quoteAsset: string;
	trades: number;
	bought: Decimal;
	sold: Decimal;
	boughtCost: Decimal;
	soldProceeds: Decimal;
	value: Decimal;
	unvalued: number;
	valuedBy: Record<FillValue['kind'], number>;
}

const zero = new Decimal(0);

function emptyRow(fill: ValuedFill): Accumulator {
	return {
		trader: fill.trader,
		symbol: fill.symbol,
		baseAsset: fill.baseAsset,
		quoteAsset: fill.quoteAsset,
		trades: 0,
		bought: zero,
		sold: zero,
		boughtCost: zero,
		soldProceeds: zero,
		value: zero,
		unvalued: 0,
		valuedBy: { direct: 0, 'at-time': 0, live: 0, none: 0 },
	};
}

function totalsOf(rows: readonly BlotterRow[]): BlotterTotals {
	let value = zero;
	let trades = 0;
	let unvalued = 0;
	for (const row of rows) {
		value = value.plus(row.value);
		trades += row.trades;
		unvalued += row.unvalued;
	}
	return { trades, value, unvalued };
}

/** The day's figures per trader and symbol, with totals. Pure: the same fills give the same summary. */
export function summariseFills(fills: readonly ValuedFill[]): BlotterSummary {
	const groups = new Map<string, Accumulator>();
	for (const fill of fills) {
		const key = `${fill.trader}\u0000${fill.symbol}`;
		let row = groups.get(key);
		if (!row) {
			row = emptyRow(fill);
			groups.set(key, row);
		}
		row.trades++;
		const cost = fill.amount.times(fill.price);
		if (fill.side === 'buy') {
			row.bought = row.bought.plus(fill.amount);
			row.boughtCost = row.boughtCost.plus(cost);
		} else {
			row.sold = row.sold.plus(fill.amount);
			row.soldProceeds = row.soldProceeds.plus(cost);
		}
		row.valuedBy[fill.value.kind]++;
		if (fill.value.kind === 'none') row.unvalued++;
		else row.value = row.value.plus(fill.value.value);
	}
	const rows: BlotterRow[] = [...groups.values()]
		.sort((a, b) => a.trader.localeCompare(b.trader) || a.symbol.localeCompare(b.symbol))
		.map((row) => ({
			...row,
			vwapBuy: row.bought.gt(0) ? row.boughtCost.dividedBy(row.bought) : undefined,
			vwapSell: row.sold.gt(0) ? row.soldProceeds.dividedBy(row.sold) : undefined,
			net: row.bought.minus(row.sold),
		}));
	const byTrader = new Map<string, BlotterTotals>();
	for (const trader of new Set(rows.map((row) => row.trader))) {
		byTrader.set(trader, totalsOf(rows.filter((row) => row.trader === trader)));
	}
	return { rows, byTrader, totals: totalsOf(rows) };
}

export interface BlotterSettings {
	readonly timeZone: string;
	/** How far before the day orders are read for resting orders that filled in it (default 7 days). */
	readonly lookbackMs: number;
	/** A conversion pair's trade this close to a fill is "the price at the time" (default 5 min). */
	readonly atTimeWithinMs: number;
}

export const defaultBlotterLookbackMs = 7 * 24 * 3_600_000;
export const defaultAtTimeWithinMs = 5 * 60_000;

/** Values and summarises collected fills for a query: the step the bench times, with no broker in it. */
export function blotterOf(
	collection: FillCollection,
	query: BlotterQuery,
	rates: RateContext,
	settings: BlotterSettings,
	generatedAt: number,
): BlotterReport {
	const valuer = new FillValuer(collection.pricePoints, rates, settings);
	const fills: ValuedFill[] = [];
	for (const fill of collection.fills) {
		if (query.trader !== undefined && fill.trader !== query.trader) continue;
		if (query.symbol !== undefined && fill.symbol !== query.symbol) continue;
		fills.push({ ...fill, value: valuer.value(fill) });
	}
	return {
		day: query.day,
		timeZone: settings.timeZone,
		currency: rates.deskCurrency,
		query,
		fills,
		summary: summariseFills(fills),
		ordersSince: collection.ordersSince,
		unreadableOrders: collection.unreadableOrders,
		incompleteOrders: collection.incompleteOrders,
		undatedTrades: collection.undatedTrades,
		generatedAt,
	};
}

/** The broker's order read the blotter makes. */
export interface BlotterReads {
	fetchOrders: FetchOrderPage;
}

/** /blotter and the end-of-day report: the fills of the desk's own orders on one desk day. */
export class Blotter {
	constructor(
		private readonly reads: BlotterReads,
		/** The trader who opened the ticket with this id, if it is one of the desk's (TicketRecords.ownerOf). */
		private readonly ticketOwner: (clientOrderId: string) => string | undefined,
		private readonly rates: RateContext,
		readonly settings: BlotterSettings,
		private readonly now: () => number,
	) {}

	async report(query: BlotterQuery, lane: CallLane): Promise<BlotterReport> {
		const window = { start: query.day.start, end: query.day.end, lookbackMs: this.settings.lookbackMs };
		const fetchPage: FetchOrderPage = (filter, page, limit, pageLane) =>
			this.reads.fetchOrders(filter, page, limit, pageLane);
		const collection = await collectDeskFills(fetchPage, window, this.ticketOwner, lane);
		return blotterOf(collection, query, this.rates, this.settings, this.now());
	}
}
