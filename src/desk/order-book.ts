import type { Order } from '../zerocap/domain.js';
import type { OrderFilter, OrderPage } from '../zerocap/rest-client.js';
import type { Checked } from './checked.js';
import { lookUpOrder, type OrderReader } from './order-lookup.js';
import type { OrderLookupQueries } from './order-queries.js';

/** The broker's reads the desk makes. */
export interface OrderReads extends OrderReader {
	fetchOrders(filter: OrderFilter, page: number, limit: number): Promise<OrderPage>;
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
	lookUp(id: string): Promise<Order | undefined> {
		return lookUpOrder(this.broker, id);
	}

	/** One page of orders, newest first. */
	page(filter: OrderFilter, page: number): Promise<OrderPage> {
		return this.broker.fetchOrders({ ...filter, sort: 'desc' }, page, this.pageSize);
	}

	/** Keeps a list's filter for its trader, so that Previous and Next work; returns the query's short id. */
	openQuery(userId: string, filter: OrderFilter): string {
		return this.queries.open(userId, filter);
	}

	query(queryId: string, userId: string): Checked<OrderFilter> {
		return this.queries.get(queryId, userId);
	}
}
