import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Market, Side } from './market.js';

export type OrderStatus = 'open' | 'closed' | 'rejected' | 'canceled';
export type OrderType = 'market' | 'limit';

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

export interface OrderBookOptions {
	readonly now: () => number;
	readonly limitOrderTtlMs: number;
	readonly newId?: () => string;
}

/**
 * Every account's orders: fill-or-kill market orders at the tier price, limit orders that fill when the
 * ladder crosses them or expire, and one order per (account, client_order_id).
 */
export class OrderBook {
	private readonly byId = new Map<string, SandboxOrder>();
	private readonly byClientId = new Map<string, SandboxOrder>();
	private readonly byAccount = new Map<string, SandboxOrder[]>();
	private readonly resting = new Set<SandboxOrder>();
	private readonly listeners = new Set<(event: BookEvent) => void>();
	private readonly newId: () => string;

	constructor(
		private readonly market: Market,
		private readonly options: OrderBookOptions,
	) {
		this.newId = options.newId ?? randomUUID;
	}

	onEvent(listener: (event: BookEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Creates an order, or returns the account's existing one with the same client order id. */
	create(accountId: string, request: NewOrder): { order: Readonly<SandboxOrder>; created: boolean } {
		const clientKey = request.clientOrderId === '' ? undefined : `${accountId}\u0000${request.clientOrderId}`;
		const existing = clientKey ? this.byClientId.get(clientKey) : undefined;
		if (existing) return { order: existing, created: false };

		const now = this.options.now();
		const order: SandboxOrder = {
			id: this.newId(),
			clientOrderId: request.clientOrderId,
			accountId,
			customerId: request.customerId,
			symbol: request.symbol,
			type: request.type,
			side: request.side,
			requestedPrice: request.price,
			amount: request.amount,
			createdAt: now,
			expiresAt: request.type === 'limit' ? now + this.options.limitOrderTtlMs : undefined,
			status: 'open',
			filled: new Decimal(0),
			cost: new Decimal(0),
			updatedAt: now,
			lastTradeAt: undefined,
			errorMessage: '',
			trades: [],
		};
		this.byId.set(order.id, order);
		if (clientKey) this.byClientId.set(clientKey, order);
		const list = this.byAccount.get(accountId) ?? [];
		list.push(order);
		this.byAccount.set(accountId, list);

		this.execute(order, now);
		return { order, created: true };
	}

	find(accountId: string, id: string): Readonly<SandboxOrder> | undefined {
		const order = this.byId.get(id);
		return order?.accountId === accountId ? order : undefined;
	}

	list(accountId: string, filter: OrderFilter): { orders: Readonly<SandboxOrder>[]; total: number } {
		const matching = (this.byAccount.get(accountId) ?? []).filter(
			(order) =>
				(filter.symbol === undefined || order.symbol === filter.symbol) &&
				(filter.status === undefined || order.status === filter.status) &&
				(filter.side === undefined || order.side === filter.side) &&
				(filter.type === undefined || order.type === filter.type) &&
				(filter.ids === undefined || filter.ids.has(order.id)) &&
				(filter.from === undefined || order.createdAt >= filter.from) &&
				(filter.to === undefined || order.createdAt <= filter.to),
		);
		// The account's list is in creation order, which also breaks ties between equal timestamps.
		const sorted = filter.sort === 'asc' ? matching : matching.reverse();
		const start = (filter.page - 1) * filter.limit;
		return { orders: sorted.slice(start, start + filter.limit), total: matching.length };
	}

	/** Called on every market tick, with its time: resting limit orders fill when crossed, or expire. */
	onMarketTick(now: number): void {
		for (const order of [...this.resting]) {
			if (order.expiresAt !== undefined && now >= order.expiresAt) {
				this.resting.delete(order);
				order.status = 'canceled';
				order.updatedAt = now;
				this.emitOrder(order);
			} else {
				this.tryFill(order, now);
			}
		}
	}

	/** Creates `count` small market orders for an account, each filled by one trade, as fast as possible. */
	fillBurst(accountId: string, count: number, symbol: string, side: Side, amount: Decimal): Readonly<SandboxOrder>[] {
		const orders: Readonly<SandboxOrder>[] = [];
		for (let index = 0; index < count; index++) {
			const request = {
				symbol,
				side,
				type: 'market' as const,
				amount,
				price: undefined,
				clientOrderId: '',
				customerId: '',
			};
			orders.push(this.create(accountId, request).order);
		}
		return orders;
	}

	private execute(order: SandboxOrder, now: number): void {
		const largest = this.market.largestTier(order.symbol);
		if (order.amount.gt(largest)) {
			order.status = 'rejected';
			order.errorMessage = `amount ${order.amount.toFixed()} is larger than the largest tier (${largest.toFixed()}) for ${order.symbol}`;
			this.emitOrder(order);
			return;
		}
		if (order.type === 'market') {
			this.fill(order, now);
		} else if (!this.tryFill(order, now)) {
			this.resting.add(order);
			this.emitOrder(order);
		}
	}

	/** Fills a limit order when the ladder's price for its size is at or better than its limit. */
	private tryFill(order: SandboxOrder, now: number): boolean {
		const price = this.market.priceFor(order.symbol, order.side, order.amount);
		const limit = order.requestedPrice;
		if (!price || !limit) return false;
		const crossed = order.side === 'buy' ? price.lte(limit) : price.gte(limit);
		if (!crossed) return false;
		this.resting.delete(order);
		this.fill(order, now);
		return true;
	}

	private fill(order: SandboxOrder, now: number): void {
		const price = this.market.priceFor(order.symbol, order.side, order.amount);
		if (!price) throw new Error(`no tier for ${order.amount.toFixed()} ${order.symbol}`);
		const trade: SandboxTrade = {
			id: this.newId(),
			orderId: order.id,
			symbol: order.symbol,
			type: order.type,
			side: order.side,
			price,
			amount: order.amount,
			cost: price.times(order.amount),
			timestamp: now,
		};
		order.trades.push(trade);
		order.filled = order.amount;
		order.cost = trade.cost;
		order.status = 'closed';
		order.updatedAt = now;
		order.lastTradeAt = now;
		this.emit({ kind: 'trade', accountId: order.accountId, trade });
		this.emitOrder(order);
	}

	private emitOrder(order: SandboxOrder): void {
		this.emit({ kind: 'order', accountId: order.accountId, order: { ...order, trades: [...order.trades] } });
	}

	private emit(event: BookEvent): void {
		for (const listener of this.listeners) listener(event);
	}
}
