import type { Order, OrderUpdate, Trade } from '../zerocap/domain.js';

/** Something to post, with the key that makes it appear once: a fill by trade id, a status by its state. */
export type AlertEvent =
	| { readonly kind: 'fill'; readonly key: string; readonly trade: Trade }
	| { readonly kind: 'order'; readonly key: string; readonly order: OrderUpdate };

export function fillEvent(trade: Trade): AlertEvent {
	return { kind: 'fill', key: `fill:${trade.id}`, trade };
}

export function orderEvent(order: OrderUpdate): AlertEvent {
	return { kind: 'order', key: `order:${order.id}:${order.status}:${order.filled ?? ''}`, order };
}

/** An order read over REST, as the events the stream would have carried: its fills, then its status. */
export function eventsOf(order: Order): AlertEvent[] {
	const { trades, ...update } = order;
	return [...[...trades].sort((a, b) => a.timestamp - b.timestamp).map(fillEvent), orderEvent(update)];
}
