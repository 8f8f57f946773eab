import type { Order } from '../zerocap/domain.js';

/** The latest time the broker stamped on an order or its trades, by the broker's own clock. */
export function brokerStamp(order: Order): number {
	return order.trades.reduce(
		(latest, trade) => Math.max(latest, trade.timestamp),
		Math.max(order.createdAt, order.updatedAt ?? 0, order.lastTradeAt ?? 0),
	);
}

/** The broker's clock and the host's agree to within seconds; a cursor further ahead than this is not the broker's. */
export const cursorTolerance = 5 * 60_000;
/** How far back catch-up starts when the cursor cannot be trusted. */
export const untrustedCursorLookBack = 7 * 24 * 60 * 60_000;

export interface CatchUpStart {
	/** Where catch-up starts reading. */
	readonly since: number;
	/** The cursor found, when it lay in the future and was set aside. */
	readonly distrusted: number | undefined;
}

/**
 * Where catch-up starts at start-up: the cursor; on a first run ever, this run's start (history is not
 * replayed); and, when the cursor lies in the future, a week back. A future cursor was stamped by a clock
 * that ran ahead (older versions stamped it with the host's), so it says nothing about what was handled. How
 * long the bot was down is then unknown: a week back is the conservative choice, since what was already
 * posted is dropped by its key, and only fills older than the bot's first run could appear that had not.
 */
export function catchUpStart(cursor: number | undefined, now: number, firstRunAt: number): CatchUpStart {
	if (cursor === undefined) return { since: firstRunAt, distrusted: undefined };
	if (cursor > now + cursorTolerance) return { since: now - untrustedCursorLookBack, distrusted: cursor };
	return { since: cursor, distrusted: undefined };
}
