import type { Order, OrderStatus, OrderType, Side } from './domain.js';
import { BadResponseError } from './errors.js';
import type { CallLane } from './limiter.js';

export interface OrderFilter {
	readonly symbol?: string;
	readonly status?: OrderStatus;
	readonly side?: Side;
	readonly type?: OrderType;
	/** Orders created at or after this time (ms). */
	readonly since?: number;
	/** Orders created at or before this time (ms). */
	readonly until?: number;
	readonly ids?: readonly string[];
	readonly sort?: 'asc' | 'desc';
}

export interface OrderPage {
	readonly orders: readonly Order[];
	/** Orders on this page the broker sent in a shape we could not read; they are left out of `orders`. */
	readonly unreadable: number;
	/** Every order matching the filter, on every page; undefined when the broker does not say. */
	readonly total: number | undefined;
	readonly page: number;
	readonly limit: number;
}

export type OrderResolution =
	| { readonly found: true; readonly order: Order }
	| { readonly found: false; readonly checkedAt: number };

/** One page of orders, as `ZerocapRestClient.fetchOrders` reads it. */
export type FetchOrderPage = (filter: OrderFilter, page: number, limit: number, lane?: CallLane) => Promise<OrderPage>;

const resolvePageSize = 100;
/**
 * How far before `since` resolveOrder still looks. The broker stamps orders with its own clock, and a lost
 * order missed because of clock skew would be reported absent, so the margin is a day, not minutes.
 */
const resolveClockSkewMs = 24 * 60 * 60_000;

/**
 * Pages until one comes back empty or as many orders as the broker's total have arrived. Counting what
 * arrived, not pages × page size, keeps a broker that sends smaller pages than asked from hiding the rest.
 */
export async function* orderPages(
	fetchPage: FetchOrderPage,
	filter: OrderFilter,
	pageSize: number,
	lane?: CallLane,
): AsyncGenerator<OrderPage> {
	const ordered: OrderFilter = { sort: 'asc', ...filter };
	let received = 0;
	for (let page = 1; ; page++) {
		const result = await fetchPage(ordered, page, pageSize, lane);
		yield result;
		const count = result.orders.length + result.unreadable;
		received += count;
		if (count === 0) return;
		if (result.total !== undefined ? received >= result.total : count < pageSize) return;
	}
}

/** Every order of the pages, each id once. */
export async function* eachOrderOnce(pages: AsyncIterable<OrderPage>): AsyncGenerator<Order> {
	const seen = new Set<string>();
	for await (const page of pages) {
		for (const order of page.orders) {
			if (seen.has(order.id)) continue;
			seen.add(order.id);
			yield order;
		}
	}
}

export interface ResolveTiming {
	readonly sleep: (ms: number) => Promise<void>;
	readonly now: () => number;
	/** How long to wait before the second look (default 5 s). */
	readonly settleMs: number;
}

/**
 * Looks a client order id up among recent orders, twice, `settleMs` apart, since the request may still have been
 * in flight at the broker. `found: false` means not seen as of `checkedAt`; when some listed orders could not
 * be read, the answer is a BadResponseError instead, since the order may be one of them.
 */
export async function resolveByClientOrderId(
	fetchPage: FetchOrderPage,
	timing: ResolveTiming,
	clientOrderId: string,
	hint: { symbol?: string; since?: number },
): Promise<OrderResolution> {
	// Newest first: the order sought is almost always among the latest.
	const filter: OrderFilter = {
		sort: 'desc',
		...(hint.symbol ? { symbol: hint.symbol } : {}),
		...(hint.since !== undefined ? { since: hint.since - resolveClockSkewMs } : {}),
	};
	let unreadable = 0;
	for (let look = 0; look < 2; look++) {
		if (look > 0) await timing.sleep(timing.settleMs);
		unreadable = 0;
		for await (const page of orderPages(fetchPage, filter, resolvePageSize)) {
			unreadable += page.unreadable;
			const order = page.orders.find((candidate) => candidate.clientOrderId === clientOrderId);
			if (order) return { found: true, order };
		}
	}
	if (unreadable > 0) {
		throw new BadResponseError(`${unreadable} listed orders could not be read; the order may be one of them`, {
			method: 'POST',
			endpoint: 'fetch_orders',
			status: 200,
		});
	}
	return { found: false, checkedAt: timing.now() };
}
