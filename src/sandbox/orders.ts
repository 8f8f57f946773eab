import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Market, Side } from './market.js';
import type {
	BookEvent,
	NewOrder,
	OrderFilter,
	QuoteTaker,
	QuoteVerdict,
	SandboxOrder,
	SandboxTrade,
} from './order-types.js';

export type {
	BookEvent,
	NewOrder,
	OrderFilter,
	OrderStatus,
	OrderType,
	SandboxOrder,
	SandboxTrade,
} from './order-types.js';

export interface OrderBookOptions {
	readonly now: () => number;
	readonly limitOrderTtlMs: number;
	readonly newId?: () => string;
	/** Asked about every new order with a client order id: a quote's id makes it the quote's execution. */
	readonly quotes?: QuoteTaker;
}

/**
 * Every account's orders: fill-or-kill market orders at the tier price, limit orders that fill when the
 * ladder crosses them or expire, quote executions at the quoted price, and one order per (account,
 * client_order_id).
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
		const existing = this.findByClientOrderId(accountId, request.clientOrderId);
		if (existing) return { order: existing, created: false };
		const verdict = request.clientOrderId === '' ? undefined : this.options.quotes?.take(accountId, request);

		const now = this.options.now();
		const rests = request.type === 'limit' && verdict === undefined;
		const order: SandboxOrder = {
			id: this.newId(),
			clientOrderId: request.clientOrderId,
			accountId,
			customerId: request.customerId,
			symbol: request.symbol,
			type: request.type,
			side: request.side,
			timeInForce: rests ? 'GTC' : 'FOK',
			requestedPrice: request.price,
			amount: request.amount,
			createdAt: now,
			expiresAt: rests ? now + this.options.limitOrderTtlMs : undefined,
			status: 'open',
			filled: new Decimal(0),
			cost: new Decimal(0),
			updatedAt: now,
			lastTradeAt: undefined,
			errorMessage: '',
			trades: [],
		};
		this.add(order);
		if (verdict) this.executeQuote(order, now, verdict);
		else this.execute(order, now);
		return { order, created: true };
	}

	findByClientOrderId(accountId: string, clientOrderId: string): Readonly<SandboxOrder> | undefined {
		return clientOrderId === '' ? undefined : this.byClientId.get(clientKey(accountId, clientOrderId));
	}

	find(accountId: string, id: string): Readonly<SandboxOrder> | undefined {
		const order = this.byId.get(id);
		return order?.accountId === accountId ? order : undefined;
	}

	list(accountId: string, filter: OrderFilter): { orders: Readonly<SandboxOrder>[]; total: number } {
		const matching = this.ordersOf(accountId).filter(
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

	/** The account's orders in creation order. */
	ordersOf(accountId: string): readonly Readonly<SandboxOrder>[] {
		return [...(this.byAccount.get(accountId) ?? [])];
	}

	/** The account's limit orders resting at their limit. */
	restingOf(accountId: string): Readonly<SandboxOrder>[] {
		return [...this.resting].filter((order) => order.accountId === accountId);
	}

	/** Every order of every account, in creation order, for the state file. */
	all(): readonly Readonly<SandboxOrder>[] {
		return [...this.byId.values()];
	}

	/** Puts orders read back from the state file in place, in their creation order, without any event. */
	restore(orders: readonly SandboxOrder[]): void {
		for (const order of orders) {
			this.add(order);
			if (order.status === 'open') this.resting.add(order);
		}
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

	private add(order: SandboxOrder): void {
		this.byId.set(order.id, order);
		if (order.clientOrderId !== '') this.byClientId.set(clientKey(order.accountId, order.clientOrderId), order);
		const list = this.byAccount.get(order.accountId) ?? [];
		list.push(order);
		this.byAccount.set(order.accountId, list);
	}

	private execute(order: SandboxOrder, now: number): void {
		const largest = this.market.largestTier(order.symbol);
		if (order.amount.gt(largest)) {
			this.reject(
				order,
				`amount ${order.amount.toFixed()} is larger than the largest tier (${largest.toFixed()}) for ${order.symbol}`,
			);
			return;
		}
		if (order.type === 'market') {
			this.fill(order, now);
		} else if (!this.tryFill(order, now)) {
			this.resting.add(order);
			this.emitOrder(order);
		}
	}

	/** A quote is firm: it fills whole at the quoted price whatever the market did since, or not at all. */
	private executeQuote(order: SandboxOrder, now: number, verdict: QuoteVerdict): void {
		if (verdict.kind === 'reject') this.reject(order, verdict.reason);
		else this.fill(order, now, verdict.price);
	}

	private reject(order: SandboxOrder, reason: string): void {
		order.status = 'rejected';
		order.errorMessage = reason;
		this.emitOrder(order);
	}

	/** Fills a limit order when the ladder's price for its size is at or better than its limit. */
	private tryFill(order: SandboxOrder, now: number): boolean {
		const price = this.market.priceFor(order.symbol, order.side, order.amount);
		const limit = order.requestedPrice;
		if (!price || !limit) return false;
		// Exact, whatever digits the limit has: ladder prices sit on the tick, so a limit finer than the tick fills
		// exactly when that limit rounded to the tick in the client's favour would.
		const crossed = order.side === 'buy' ? price.lte(limit) : price.gte(limit);
		if (!crossed) return false;
		this.resting.delete(order);
		this.fill(order, now);
		return true;
	}

	private fill(order: SandboxOrder, now: number, at?: Decimal): void {
		const price = at ?? this.market.priceFor(order.symbol, order.side, order.amount);
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

function clientKey(accountId: string, clientOrderId: string): string {
	return `${accountId}\u0000${clientOrderId}`;
}
