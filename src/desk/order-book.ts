import type { Order } from '../zerocap/domain.js';
import type { CallLane } from '../zerocap/limiter.js';
import type { OrderFilter, OrderPage } from '../zerocap/rest-client.js';
import type { Checked } from './checked.js';
import { lookUpOrder, type OrderReader } from './order-lookup.js';
import type { OrderLookupQueries } from './order-queries.js';

/** The broker's reads the desk makes. */
export interface OrderReads extends OrderReader {
	fetchOrders(filter: OrderFilter, page: number, limit: number, lane?: CallLane): Promise<OrderPage>;
}

/** A person's reads share a lane where each has a small budget, so that nobody's reads can crowd out orders. */
function readsOf(person: string): CallLane {
	return { kind: 'read', person };
}

/** Orders at the broker, as the desk reads them: one by id or client order id, or a filtered list a page at a time. */
export class OrderBook {
	constructor(
		private readonly broker: OrderReads,
		private readonly queries: OrderLookupQueries,
		readonly pageSize: number,
		private readonly traderOfTicket: (clientOrderId: string) => string | undefined,
	) {}

	/** The trader who placed the order through the desk, if it was placed through the desk. */
	traderOf(order: Pick<Order, 'clientOrderId'>): string | undefined {
		return order.clientOrderId === undefined ? undefined : this.traderOfTicket(order.clientOrderId);
	}

	/** By the broker's id, or else by client order id among the most recent orders; undefined if neither. */
	lookUp(id: string, person: string): Promise<Order | undefined> {
		return lookUpOrder(this.broker, id, readsOf(person));
	}

	/** One page of orders, newest first, read on `person`'s behalf. */
	page(filter: OrderFilter, page: number, person: string): Promise<OrderPage> {
		return this.broker.fetchOrders({ ...filter, sort: 'desc' }, page, this.pageSize, readsOf(person));
	}

	/** Keeps a list's filter for its trader, so that Previous and Next work; returns the query's short id. */
	openQuery(userId: string, filter: OrderFilter): string {
		return this.queries.open(userId, filter);
	}

	query(queryId: string, userId: string): Checked<OrderFilter> {
		return this.queries.get(queryId, userId);
	}
}
