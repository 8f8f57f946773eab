import type { Decimal } from 'decimal.js';
import type { Side } from './market.js';

export type OrderStatus = 'open' | 'closed' | 'rejected' | 'canceled';
export type OrderType = 'market' | 'limit';
export type TimeInForce = 'FOK' | 'GTC';

export interface SandboxTrade {
	readonly id: string;
	readonly orderId: string;
	readonly symbol: string;
	readonly type: OrderType;
	readonly side: Side;
	readonly price: Decimal;
	readonly amount: Decimal;
	readonly cost: Decimal;
	readonly timestamp: number;
}

export interface SandboxOrder {
	readonly id: string;
	readonly clientOrderId: string;
	readonly accountId: string;
	readonly customerId: string;
	readonly symbol: string;
	readonly type: OrderType;
	readonly side: Side;
	/** FOK for market orders and quote executions, GTC for a limit order that may rest. */
	readonly timeInForce: TimeInForce;
	/** The limit price, or for a market order the price it was sent with (informational only). */
	readonly requestedPrice: Decimal | undefined;
	readonly amount: Decimal;
	readonly createdAt: number;
	readonly expiresAt: number | undefined;
	status: OrderStatus;
	filled: Decimal;
	cost: Decimal;
	updatedAt: number;
	lastTradeAt: number | undefined;
	errorMessage: string;
	trades: SandboxTrade[];
}

export interface NewOrder {
	readonly symbol: string;
	readonly side: Side;
	readonly type: OrderType;
	readonly amount: Decimal;
	readonly price: Decimal | undefined;
	readonly clientOrderId: string;
	readonly customerId: string;
}

export type BookEvent =
	| { readonly kind: 'order'; readonly accountId: string; readonly order: Readonly<SandboxOrder> }
	| { readonly kind: 'trade'; readonly accountId: string; readonly trade: SandboxTrade };

export interface OrderFilter {
	readonly symbol?: string;
	readonly status?: OrderStatus;
	readonly side?: Side;
	readonly type?: OrderType;
	readonly ids?: ReadonlySet<string>;
	readonly from?: number;
	readonly to?: number;
	readonly sort: 'asc' | 'desc';
	readonly page: number;
	readonly limit: number;
}

/** What a quote makes of a create_order that carries its client order id: fill it at the quote, or reject it. */
export type QuoteVerdict =
	| { readonly kind: 'fill'; readonly price: Decimal }
	| { readonly kind: 'reject'; readonly reason: string };

/** Where the order book asks whether a new order takes a quote; undefined when no quote has its client order id. */
export interface QuoteTaker {
	take(accountId: string, order: NewOrder): QuoteVerdict | undefined;
}
