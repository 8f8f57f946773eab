import type { DeskDay } from '../../src/desk/desk-date.js';
import type { Order, Side, Trade } from '../../src/zerocap/domain.js';
import type { FetchOrderPage, OrderPage } from '../../src/zerocap/order-paging.js';
import { d } from '../support/decimals.js';

/** A small deterministic generator, so that a failing case can be replayed. */
export function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1_664_525 + 1_013_904_223) >>> 0;
		return state / 2 ** 32;
	};
}

export function tradeOf(
	id: string,
	orderId: string,
	symbol: string,
	side: Side,
	amount: string,
	price: string,
	at: number,
): Trade {
	return {
		id,
		orderId,
		symbol,
		side,
		type: 'limit',
		price: d(price),
		amount: d(amount),
		cost: undefined,
		timestamp: at,
		takerOrMaker: undefined,
	};
}

export function orderOf(
	id: string,
	clientOrderId: string | undefined,
	createdAt: number,
	trades: Trade[],
	filled?: string,
): Order {
	const first = trades[0];
	return {
		id,
		clientOrderId,
		symbol: first?.symbol ?? 'BTC/AUD',
		side: first?.side ?? 'buy',
		type: 'limit',
		status: 'closed',
		timeInForce: undefined,
		price: undefined,
		average: undefined,
		amount: d('1'),
		filled: filled === undefined ? undefined : d(filled),
		remaining: undefined,
		cost: undefined,
		createdAt,
		updatedAt: undefined,
		lastTradeAt: undefined,
		rejectReason: undefined,
		trades,
	};
}

/** A broker that pages `orders` by creation time as fetch_orders does, and can report some orders unreadable. */
export function pagingBroker(orders: readonly Order[], options: { unreadable?: number } = {}) {
	const calls: Array<{ since?: number; until?: number; page: number; limit: number }> = [];
	const fetchOrders: FetchOrderPage = async (filter, page, limit) => {
		calls.push({ since: filter.since, until: filter.until, page, limit });
		const matching = orders
			.filter(
				(order) =>
					(filter.since === undefined || order.createdAt >= filter.since) &&
					(filter.until === undefined || order.createdAt <= filter.until),
			)
			.sort((a, b) => a.createdAt - b.createdAt);
		const start = (page - 1) * limit;
		const slice = matching.slice(start, start + limit);
		const answer: OrderPage = {
			orders: slice,
			unreadable: page === 1 ? (options.unreadable ?? 0) : 0,
			total: matching.length + (options.unreadable ?? 0),
			page,
			limit,
		};
		return answer;
	};
	return { fetchOrders, calls };
}

export const day: DeskDay = {
	date: '2026-01-05',
	start: Date.parse('2026-01-04T13:00:00Z'),
	end: Date.parse('2026-01-05T13:00:00Z'),
};
