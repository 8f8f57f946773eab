import type { DecimalString } from './decimal-string.js';

/** The broker's data in one shape, whatever the wire's casing; wire names never pass this module. */

export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
export type OrderStatus = 'open' | 'closed' | 'rejected' | 'canceled';

export interface Trade {
	readonly id: string;
	readonly orderId: string;
	readonly symbol: string;
	readonly side: Side;
	readonly type: OrderType | undefined;
	readonly price: DecimalString;
	readonly amount: DecimalString;
	readonly cost: DecimalString | undefined;
	/** Milliseconds since the epoch. */
	readonly timestamp: number;
	readonly takerOrMaker: string | undefined;
}

export interface Order {
	readonly id: string;
	/** Undefined when the order was sent without one. */
	readonly clientOrderId: string | undefined;
	readonly symbol: string;
	readonly side: Side;
	readonly type: OrderType;
	readonly status: OrderStatus;
	readonly timeInForce: string | undefined;
	/** The limit price, or what the broker reports for a market order. */
	readonly price: DecimalString | undefined;
	readonly average: DecimalString | undefined;
	readonly amount: DecimalString;
	readonly filled: DecimalString | undefined;
	readonly remaining: DecimalString | undefined;
	readonly cost: DecimalString | undefined;
	/** Milliseconds since the epoch. */
	readonly createdAt: number;
	readonly updatedAt: number | undefined;
	readonly lastTradeAt: number | undefined;
	/** Why the broker rejected the order, when it did. */
	readonly rejectReason: string | undefined;
	readonly trades: readonly Trade[];
}

/** An order change pushed on the stream: the order without its trades (they arrive as their own events). */
export type OrderUpdate = Omit<Order, 'trades'>;

export interface LadderTier {
	readonly price: DecimalString;
	/** The largest amount this price is good for. */
	readonly quantity: DecimalString;
}

/**
 * A dealer's tiered quote, read from the client's side (contract 4.1): `buyTiers` are what we pay to buy,
 * `sellTiers` what we receive when selling; smallest size first, each worse as size grows.
 */
export interface Ladder {
	readonly symbol: string;
	/** Milliseconds since the epoch, as the broker stamped it. */
	readonly timestamp: number;
	readonly buyTiers: readonly LadderTier[];
	readonly sellTiers: readonly LadderTier[];
}
