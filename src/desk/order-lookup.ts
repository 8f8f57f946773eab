import type { Order } from '../zerocap/domain.js';
import { NotFoundError } from '../zerocap/errors.js';
import type { OrderFilter } from '../zerocap/rest-client.js';

export interface OrderReader {
	fetchOrder(id: string): Promise<Order>;
	iterateOrders(filter: OrderFilter, pageSize?: number): AsyncGenerator<Order>;
}

/** How many recent orders are searched for a client order id: the broker cannot filter by it. */
export const clientIdSearchLimit = 1000;

/** An order by the broker's id, or else by client order id among the most recent orders; undefined if neither. */
export async function lookUpOrder(reader: OrderReader, id: string): Promise<Order | undefined> {
	try {
		return await reader.fetchOrder(id);
	} catch (error) {
		if (!(error instanceof NotFoundError)) throw error;
	}
	let searched = 0;
	for await (const order of reader.iterateOrders({ sort: 'desc' }, 200)) {
		if (order.clientOrderId === id) return order;
		if (++searched >= clientIdSearchLimit) break;
	}
	return undefined;
}
