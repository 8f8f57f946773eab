import { Decimal } from 'decimal.js';
import type { Logger } from 'pino';
import type { Order, OrderUpdate } from '../zerocap/domain.js';
import type { OrderFilter } from '../zerocap/order-paging.js';
import type { BrokerOrderStatus, OrderFills, TicketRecords } from './ticket-records.js';
import { startOfTradingDay } from './trading-day.js';

/** One thing the broker said of an order: its status, its fills so far, and when the latest one happened. */
interface OrderWord {
	readonly status: BrokerOrderStatus;
	readonly filled: Decimal;
	readonly cost: Decimal | undefined;
	readonly filledAt: number;
	/** What filled before the desk's day of `filledAt`, when the order's own trades tell it. */
	readonly beforeDay: { readonly filled: Decimal; readonly cost: Decimal } | undefined;
}

/** Where the relay's catch-up reads orders from; the recorder reads along. */
export interface OrderSource {
	iterateOrders(filter: OrderFilter, pageSize?: number): AsyncGenerator<Order>;
}

const zero = new Decimal(0);
const sum = (values: readonly Decimal[]) => values.reduce((total, value) => total.plus(value), zero);

function wordOf(order: OrderUpdate | Order, heardAt: number, timeZone: string): OrderWord {
	const filled = new Decimal(order.filled ?? 0);
	const cost = order.cost ? new Decimal(order.cost) : order.average ? filled.times(order.average) : undefined;
	const trades = 'trades' in order ? order.trades : [];
	const tradesAddUp = trades.length > 0 && sum(trades.map((trade) => new Decimal(trade.amount))).eq(filled);
	if (!tradesAddUp) {
		// A stream update says when the order last changed, not when each fill happened: that is its latest
		// fill's time as near as we know. With no time at all, when we heard it, which is never before the fill,
		// so that a fill heard after midnight counts in the new day: the side that cannot lose money.
		return {
			status: order.status,
			filled,
			cost,
			filledAt: order.lastTradeAt ?? order.updatedAt ?? heardAt,
			beforeDay: undefined,
		};
	}
	const filledAt = Math.max(...trades.map((trade) => trade.timestamp));
	const dayStart = startOfTradingDay(filledAt, timeZone);
	const earlier = trades.filter((trade) => trade.timestamp < dayStart);
	return {
		status: order.status,
		filled,
		cost,
		filledAt,
		beforeDay: {
			filled: sum(earlier.map((trade) => new Decimal(trade.amount))),
			cost: sum(
				earlier.map((trade) => (trade.cost ? new Decimal(trade.cost) : new Decimal(trade.amount).times(trade.price))),
			),
		},
	};
}

/** What had filled before the day of a new latest fill: all of it when its last fill was on an earlier day. */
function filledBeforeDayOf(
	before: OrderFills | undefined,
	filledAt: number | null,
	dayStartOf: (at: number) => number,
): { readonly filled: string; readonly cost: string | null } {
	if (!before || before.filledAt === null || filledAt === null) return { filled: '0', cost: null };
	if (dayStartOf(before.filledAt) === dayStartOf(filledAt)) {
		return { filled: before.filledBeforeDay, cost: before.costBeforeDay };
	}
	return { filled: before.filled, cost: before.cost };
}

/**
 * What the broker has said of an order, with one more word: fills only grow and an ended order stays ended, so
 * an older word heard late (the catch-up after the stream) never undoes a newer one. What had filled before
 * the desk's day of the latest fill is kept apart, so that only that day's part counts in it.
 */
export function mergeFills(
	before: OrderFills | undefined,
	word: OrderWord,
	dayStartOf: (at: number) => number,
): OrderFills {
	const status = before && before.status !== 'open' ? before.status : word.status;
	if (before && !word.filled.gt(before.filled)) return { ...before, status };
	const filledAt = word.filled.gt(0) ? Math.max(word.filledAt, before?.filledAt ?? 0) : null;
	const prior = word.beforeDay
		? { filled: word.beforeDay.filled.toFixed(), cost: word.beforeDay.cost.toFixed() }
		: filledBeforeDayOf(before, filledAt, dayStartOf);
	return {
		status,
		filled: word.filled.toFixed(),
		cost: word.cost?.toFixed() ?? null,
		filledAt,
		filledBeforeDay: prior.filled,
		costBeforeDay: prior.cost,
	};
}

export interface OrderFillRecorderParts {
	readonly records: Pick<TicketRecords, 'ownerOf' | 'fillsOf' | 'recordFills'>;
	/** The desk's zone: a fill's day is the desk's day. */
	readonly timeZone: string;
	readonly now: () => number;
	readonly logger: Logger;
}

/**
 * Keeps on each ticket's record what the broker says its order filled and whether it still works, from the
 * stream's order updates and from the orders the relay's catch-up reads after a gap or a restart, so that the
 * day's limits count fills and working orders rather than orders sent.
 */
export class OrderFillRecorder {
	constructor(private readonly parts: OrderFillRecorderParts) {}

	heard(order: OrderUpdate | Order): void {
		const ticketId = order.clientOrderId;
		if (!ticketId) return;
		const { records, timeZone, now, logger } = this.parts;
		try {
			if (records.ownerOf(ticketId) === undefined) return;
			const word = wordOf(order, now(), timeZone);
			records.recordFills(
				ticketId,
				mergeFills(records.fillsOf(ticketId), word, (at) => startOfTradingDay(at, timeZone)),
			);
		} catch (error) {
			// Not recording leaves the order counted as working at worst: the limits stay on the safe side.
			logger.error({ err: error, ticketId, orderId: order.id }, 'could not record an order update for the limits');
		}
	}

	/** The same source, recording each order as it is read. */
	reading(source: OrderSource): OrderSource {
		const heard = (order: Order) => this.heard(order);
		return {
			async *iterateOrders(filter, pageSize) {
				for await (const order of source.iterateOrders(filter, pageSize)) {
					heard(order);
					yield order;
				}
			},
		};
	}
}
