import { Decimal } from 'decimal.js';
import type { Order, Side, Trade } from '../zerocap/domain.js';
import type { CallLane } from '../zerocap/limiter.js';
import { type FetchOrderPage, orderPages } from '../zerocap/order-paging.js';

/**
 * Where the blotter's fills come from: the broker's own orders, read over REST with the trades each carries.
 *
 * - Not the stream: it misses whatever happened during a gap or while the bot was down.
 * - Not the relay's ledger: it keeps only the keys of what was posted, not the fills, and the desk may not
 *   read the alerts layer.
 * - Not settlement transfers: two per fill and no price.
 *
 * The orders are what the relay itself falls back on to catch up, and each trade there has the broker's id. So
 * no fill is doubled: pages are read oldest first (new orders land on later pages, never shifting earlier
 * ones), each order is taken once by id and each trade once by id. And none is missed silently: an order the
 * broker sent unreadably, or whose trades do not add up to what it says it filled, is counted and the blotter
 * says it may be incomplete, rather than showing a partial day as a whole one.
 *
 * fetch_orders filters by creation time, so a resting order created before the day but filled in it is found
 * only if it was created within the look-back; the blotter names how far back it looked.
 */

/** One fill of an order placed through the desk (its client order id is one of the desk's tickets). */
export interface DeskFill {
	readonly tradeId: string;
	readonly orderId: string;
	readonly ticketId: string;
	readonly trader: string;
	readonly symbol: string;
	readonly baseAsset: string;
	readonly quoteAsset: string;
	readonly side: Side;
	readonly amount: Decimal;
	readonly price: Decimal;
	/** When the broker says it traded (ms). */
	readonly at: number;
}

/** A trade of the account's, any order's, at a time: the price of its pair then. */
export interface PricePoint {
	readonly symbol: string;
	readonly at: number;
	readonly price: Decimal;
}

export interface FillCollection {
	/** The desk's fills inside the window, oldest first. */
	readonly fills: readonly DeskFill[];
	/** Every trade of the account in what was read, oldest first: prices at the time, for converting. */
	readonly pricePoints: readonly PricePoint[];
	/** Orders the broker sent that could not be read: fills of theirs may be missing. */
	readonly unreadableOrders: number;
	/** Desk orders whose trades add up to less than their filled amount: fills of theirs may be missing. */
	readonly incompleteOrders: readonly string[];
	/** Desk trades that carry no time at all, so belong to no day. */
	readonly undatedTrades: number;
	/** The earliest order creation time read. */
	readonly ordersSince: number;
}

export interface FillWindow {
	readonly start: number;
	readonly end: number;
	/** How far before `start` orders are read, for resting orders that filled later. */
	readonly lookbackMs: number;
}

const pageSize = 500;

function symbolAssets(symbol: string): { baseAsset: string; quoteAsset: string } {
	const [baseAsset = symbol, quoteAsset = ''] = symbol.split('/');
	return { baseAsset, quoteAsset };
}

/** The broker may leave a trade's time out; the order's last trade time stands in, else the trade is undated. */
function tradeTime(trade: Trade, order: Order): number {
	if (trade.timestamp > 0) return trade.timestamp;
	return order.lastTradeAt ?? 0;
}

function tradesShortOfFilled(order: Order, trades: readonly Trade[]): boolean {
	if (order.filled === undefined) return false;
	let sum = new Decimal(0);
	for (const trade of trades) sum = sum.plus(trade.amount);
	return sum.lt(order.filled);
}

/** Reads the account's orders created from `start − lookback` to `end` and keeps the desk's fills inside [start, end). */
export async function collectDeskFills(
	fetchPage: FetchOrderPage,
	window: FillWindow,
	ticketOwner: (clientOrderId: string) => string | undefined,
	lane?: CallLane,
): Promise<FillCollection> {
	const ordersSince = window.start - window.lookbackMs;
	const fills: DeskFill[] = [];
	const pricePoints: PricePoint[] = [];
	const incompleteOrders: string[] = [];
	const seenOrders = new Set<string>();
	const seenTrades = new Set<string>();
	let unreadableOrders = 0;
	let undatedTrades = 0;
	const filter = { since: ordersSince, until: window.end, sort: 'asc' } as const;
	for await (const page of orderPages(fetchPage, filter, pageSize, lane)) {
		unreadableOrders += page.unreadable;
		for (const order of page.orders) {
			if (seenOrders.has(order.id)) continue;
			seenOrders.add(order.id);
			const trader = order.clientOrderId === undefined ? undefined : ticketOwner(order.clientOrderId);
			if (trader !== undefined && tradesShortOfFilled(order, order.trades)) incompleteOrders.push(order.id);
			for (const trade of order.trades) {
				if (seenTrades.has(trade.id)) continue;
				seenTrades.add(trade.id);
				const at = tradeTime(trade, order);
				const price = new Decimal(trade.price);
				if (at > 0) pricePoints.push({ symbol: trade.symbol, at, price });
				if (trader === undefined || order.clientOrderId === undefined) continue;
				if (at === 0) {
					undatedTrades++;
					continue;
				}
				if (at < window.start || at >= window.end) continue;
				fills.push({
					tradeId: trade.id,
					orderId: order.id,
					ticketId: order.clientOrderId,
					trader,
					symbol: trade.symbol,
					...symbolAssets(trade.symbol),
					side: trade.side,
					amount: new Decimal(trade.amount),
					price,
					at,
				});
			}
		}
	}
	fills.sort((a, b) => a.at - b.at || a.tradeId.localeCompare(b.tradeId));
	pricePoints.sort((a, b) => a.at - b.at);
	return { fills, pricePoints, unreadableOrders, incompleteOrders, undatedTrades, ordersSince };
}
