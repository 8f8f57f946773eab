import type { Order } from '../zerocap/domain.js';
import { NotFoundError } from '../zerocap/errors.js';
import type { CallLane } from '../zerocap/limiter.js';
import type { OrderFilter } from '../zerocap/rest-client.js';
import { accept, type Checked, refuse } from './checked.js';

/** The broker's reads the desk makes, each in the lane of the person it is for. */
export interface OrderReader {
	fetchOrder(id: string, lane?: CallLane): Promise<Order>;
	iterateOrders(filter: OrderFilter, pageSize?: number, lane?: CallLane): AsyncGenerator<Order>;
}

/** How many recent orders are searched for a client order id: the broker cannot filter by it. */
export const clientIdSearchLimit = 1000;

/** The longest id /order-status accepts, as its option allows. */
export const maxOrderIdLength = 128;

/** An order id or client order id as typed: trimmed, not blank, not longer than any id; the broker is asked only then. */
export function checkOrderId(raw: string): Checked<string> {
	const id = raw.trim();
	if (id === '') return refuse('Give an order id or a client order id to look up.');
	if (id.length > maxOrderIdLength) {
		return refuse(`An order id is at most ${maxOrderIdLength} characters; this one has ${id.length}.`);
	}
	return accept(id);
}

/**
 * An order by the broker's id, or else by client order id among the most recent orders; undefined if neither.
 * An answer that is not the order asked for is not taken for it.
 */
export async function lookUpOrder(reader: OrderReader, id: string, lane?: CallLane): Promise<Order | undefined> {
	try {
		const order = await reader.fetchOrder(id, lane);
		if (order.id === id) return order;
	} catch (error) {
		if (!(error instanceof NotFoundError)) throw error;
	}
	let searched = 0;
	for await (const order of reader.iterateOrders({ sort: 'desc' }, 200, lane)) {
		if (order.clientOrderId === id) return order;
		if (++searched >= clientIdSearchLimit) break;
	}
	return undefined;
}
