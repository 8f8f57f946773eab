import type { z } from 'zod';
import { AccountCalls, type QuoteRequest, type TransferFilter, type Unreadable } from './account-calls.js';
import type { DecimalString } from './decimal-string.js';
import type { Order, OrderType, Side } from './domain.js';
import type {
	Balance,
	ExternalWallet,
	Instrument,
	Quote,
	ReadList,
	RiskReport,
	ServerTime,
	TransferPage,
} from './domain-account.js';
import {
	AuthError,
	BadResponseError,
	NetworkError,
	NotFoundError,
	OrderRejectedError,
	OrderVetoedError,
	OutcomeUnknownError,
	RateLimitedError,
	type RequestInfo,
	type ZerocapError,
} from './errors.js';
import type { CallLane } from './limiter.js';
import {
	eachOrderOnce,
	type FetchOrderPage,
	type OrderFilter,
	type OrderPage,
	type OrderResolution,
	orderPages,
	resolveByClientOrderId,
} from './order-paging.js';
import { createOrderResponse, credentialCheckResponse, listedOrder, orderListResponse } from './rest-schemas.js';
import { type Call, RestTransport, type RestTransportOptions } from './rest-transport.js';

export type { QuoteRequest, TransferFilter, Unreadable } from './account-calls.js';
export type { OrderFilter, OrderPage, OrderResolution } from './order-paging.js';

export interface NewOrderRequest {
	readonly symbol: string;
	readonly side: Side;
	readonly type: OrderType;
	readonly amount: DecimalString;
	/** Required for a limit order; ignored by the broker for a market order (sent as "0"). */
	readonly price?: DecimalString;
	/** The idempotency key: one ticket, one id, never reused. */
	readonly clientOrderId: string;
}

/** The transport's options (URL, signer, limiter, timeout, retry, injected clock and fetch) and the order rules. */
export interface ZerocapRestClientOptions extends RestTransportOptions {
	/** Sent as `customer_id` in create_order when set. */
	readonly customerId?: string;
	/** A new order is refused, unsent, when this many calls already wait in the queue (default 2). */
	readonly maxOrderBacklog?: number;
	/** An order that waited longer than this in the queue is dropped unsent (default 2 s). */
	readonly maxOrderQueueWaitMs?: number;
	/** How long resolveOrder waits before its second look, for a request still in flight (default 5 s). */
	readonly resolveSettleMs?: number;
}

/**
 * The broker's REST API: signed, spaced by a limiter, validated into domain types. Reads are retried with
 * backoff and Retry-After; create_order is sent at most once per call, and an ambiguous outcome is
 * reported as OutcomeUnknownError for `resolveOrder` to settle.
 */
export class ZerocapRestClient {
	private readonly transport: RestTransport;
	private readonly unreadableCounts: Unreadable = { answers: 0, items: 0 };
	private readonly account: AccountCalls;

	constructor(private readonly options: ZerocapRestClientOptions) {
		this.transport = new RestTransport(options);
		this.account = new AccountCalls(this.transport, this.unreadableCounts);
	}

	/**
	 * Places an order, sending it once. Resolves with the broker's order; throws OrderRejectedError when the
	 * broker rejected it, OutcomeUnknownError when it may or may not exist, and other ZerocapErrors when it
	 * certainly was not placed. `veto`, asked at the last moment before the request leaves (after any wait in
	 * the queue), may stop it with a reason: the call then fails with OrderVetoedError and nothing is sent.
	 */
	async createOrder(request: NewOrderRequest, options: { veto?: () => string | undefined } = {}): Promise<Order> {
		if (request.clientOrderId.trim() === '') throw new TypeError('createOrder needs a client order id');
		const info: RequestInfo = { method: 'POST', endpoint: 'create_order' };
		// Only orders can hold an order back: reads and catch-up calls have lanes of their own.
		const waiting = this.transport.waiting('order');
		if (waiting >= (this.options.maxOrderBacklog ?? 2)) {
			throw new RateLimitedError(`${waiting} orders already queued; order not sent`, info, undefined, 'local');
		}
		const pausedFor = this.transport.pausedForMs();
		if (pausedFor > 0) {
			throw new RateLimitedError('the broker asked us to wait; order not sent', info, pausedFor, 'local');
		}

		const body: Record<string, unknown> = {
			symbol: request.symbol,
			side: request.side,
			type: request.type,
			amount: request.amount,
			price: request.type === 'limit' ? request.price : (request.price ?? '0'),
			client_order_id: request.clientOrderId,
			...(this.options.customerId ? { customer_id: this.options.customerId } : {}),
		};
		const enqueuedAt = this.transport.now();
		const maxWait = this.options.maxOrderQueueWaitMs ?? 2000;
		let raw: unknown;
		try {
			raw = await this.transport.send({ endpoint: 'create_order', method: 'POST', body }, () => {
				if (this.transport.now() - enqueuedAt > maxWait) {
					throw new RateLimitedError('waited too long in the local queue; order not sent', info, undefined, 'local');
				}
				// The broker may have answered a 429 while this order waited behind other calls.
				const pausedNow = this.transport.pausedForMs();
				if (pausedNow > 0) {
					throw new RateLimitedError('the broker asked us to wait; order not sent', info, pausedNow, 'local');
				}
				const vetoed = options.veto?.();
				if (vetoed !== undefined) throw new OrderVetoedError(vetoed, info);
			});
		} catch (error) {
			const failure = this.transport.asZerocapError(error, info);
			throw mayHaveReachedBroker(failure) ? new OutcomeUnknownError(request.clientOrderId, failure) : failure;
		}
		let order: Order;
		try {
			order = this.parse(createOrderResponse, raw, info);
			if (order.clientOrderId !== undefined && order.clientOrderId !== request.clientOrderId) {
				throw new BadResponseError('the answer is for another client order id', { ...info, status: 200 });
			}
		} catch (error) {
			throw new OutcomeUnknownError(request.clientOrderId, this.transport.asZerocapError(error, info));
		}
		if (order.status === 'rejected') throw new OrderRejectedError(order, { ...info, status: 200 });
		return order;
	}

	/** One order by the broker's id; NotFoundError when there is none. */
	async fetchOrder(id: string, lane?: CallLane): Promise<Order> {
		// The seed SDK posts a body with static signing; current servers take a GET with timestamp signing.
		const call: Call =
			this.transport.signingScheme === 'timestamp'
				? { endpoint: 'fetch_order', method: 'GET', query: { id } }
				: { endpoint: 'fetch_order', method: 'POST', body: { id } };
		const info = { method: call.method, endpoint: call.endpoint };
		const page = this.parse(orderListResponse, await this.transport.read(call, lane), info);
		if (page.order_list.length === 0) throw new NotFoundError(`no order ${id}`, { ...info, status: 200 });
		return this.parse(listedOrder, page.order_list[0], info);
	}

	/** One page of orders (`page` from 1); `total` counts every match. */
	async fetchOrders(filter: OrderFilter = {}, page = 1, limit = 100, lane?: CallLane): Promise<OrderPage> {
		const body: Record<string, unknown> = { page, limit, sort_order: filter.sort ?? 'desc' };
		if (filter.symbol) body.symbol = filter.symbol;
		if (filter.status) body.status = filter.status;
		if (filter.side) body.side = filter.side;
		if (filter.type) body.order_type = filter.type;
		if (filter.since !== undefined) body.start_datetime = Math.max(1, Math.floor(filter.since));
		if (filter.until !== undefined) body.end_datetime = Math.max(1, Math.floor(filter.until));
		if (filter.ids && filter.ids.length > 0) body.ids = filter.ids.join(',');
		const info = { method: 'POST', endpoint: 'fetch_orders' };
		const parsed = this.parse(
			orderListResponse,
			await this.transport.read({ endpoint: 'fetch_orders', method: 'POST', body }, lane),
			info,
		);
		const orders: Order[] = [];
		for (const item of parsed.order_list) {
			const order = listedOrder.safeParse(item);
			if (order.success) orders.push(order.data);
		}
		const unreadable = parsed.order_list.length - orders.length;
		if (unreadable > 0) {
			this.unreadableCounts.items += unreadable;
			this.transport.logger.warn({ unreadable, page }, 'fetch_orders returned orders that could not be read');
		}
		return { orders, unreadable, total: parsed.total, page, limit };
	}

	/** Every order matching the filter, page after page, each once. Oldest first unless `sort` says otherwise. */
	iterateOrders(filter: OrderFilter = {}, pageSize = 100, lane?: CallLane): AsyncGenerator<Order> {
		return eachOrderOnce(orderPages(this.fetchPage, filter, pageSize, lane));
	}

	/**
	 * Settles an order whose create_order outcome is unknown: looks its client order id up among recent
	 * orders, twice, `resolveSettleMs` apart, since the request may still have been in flight at the broker.
	 * `found: false` means not seen as of `checkedAt`; when some listed orders could not be read, the answer
	 * is a BadResponseError instead, since the order may be one of them.
	 */
	resolveOrder(clientOrderId: string, hint: { symbol?: string; since?: number } = {}): Promise<OrderResolution> {
		const timing = {
			sleep: this.transport.sleep,
			now: this.transport.now,
			settleMs: this.options.resolveSettleMs ?? 5000,
		};
		return resolveByClientOrderId(this.fetchPage, timing, clientOrderId, hint);
	}

	private readonly fetchPage: FetchOrderPage = (filter, page, limit, lane) =>
		this.fetchOrders(filter, page, limit, lane);

	/** Every instrument the broker trades, with its assets, tick, decimals and size bounds. */
	getInstruments(lane?: CallLane): Promise<ReadList<Instrument>> {
		return this.account.instruments(lane);
	}

	/** The account's balance of every asset: total, available, and held by open orders. */
	getBalances(lane?: CallLane): Promise<ReadList<Balance>> {
		return this.account.balances(lane);
	}

	/** The account's limits, and how much of each is used. */
	getRisk(lane?: CallLane): Promise<RiskReport> {
		return this.account.risk(lane);
	}

	/** The broker's clock (`systems/get_time`): what a timestamp signature must be near. */
	getServerTime(lane?: CallLane): Promise<ServerTime> {
		return this.account.serverTime(lane);
	}

	/** One page of transfers in and out of the account (`page` from 1, 20 a page unless said otherwise). */
	getTransfers(filter: TransferFilter = {}, page = 1, limit = 20, lane?: CallLane): Promise<TransferPage> {
		return this.account.transfers(filter, page, limit, lane);
	}

	/** The wallets withdrawals may go to. The client offers no call that moves money. */
	getExternalWallets(lane?: CallLane): Promise<ReadList<ExternalWallet>> {
		return this.account.externalWallets(lane);
	}

	/** A firm price for the size, good until `expiresAt`; QuoteRejectedError when the broker gives none. */
	requestQuote(request: QuoteRequest, lane?: CallLane): Promise<Quote> {
		return this.account.quote(request, lane);
	}

	/**
	 * Takes a quote. The public record has no accept call; RFQ takes a client order id, so a quote is taken, as
	 * at B2C2, by a create_order with that id for the same size at the quoted price, filled whole or not at all.
	 * This is the one place that rule lives. It goes through the order path (`createOrder`): sent once, never
	 * retried; an expired quote or the dealer's last look comes back as OrderRejectedError with the reason.
	 */
	executeQuote(quote: Quote, options: { veto?: () => string | undefined } = {}): Promise<Order> {
		return this.createOrder(
			{
				symbol: quote.symbol,
				side: quote.side,
				type: 'limit',
				amount: quote.amount,
				price: quote.price,
				clientOrderId: quote.clientOrderId,
			},
			options,
		);
	}

	/** Answers and list items the broker sent that could not be read, since this client was made. */
	unreadable(): Readonly<Unreadable> {
		return { ...this.unreadableCounts };
	}

	/** Resolves when the broker accepts the key and signature; throws AuthError when it does not. */
	async checkCredentials(): Promise<void> {
		const info = { method: 'POST', endpoint: 'api_key_signature_valid' };
		const body = this.options.signer.credentialCheckBody();
		const raw = await this.transport.read({ endpoint: 'api_key_signature_valid', method: 'POST', body });
		if (this.parse(credentialCheckResponse, raw, info).status_code !== 200) {
			throw new AuthError('the broker did not confirm the credentials', { ...info, status: 200 });
		}
	}

	private parse<T>(schema: z.ZodType<T>, raw: unknown, info: RequestInfo): T {
		try {
			return this.transport.parse(schema, raw, info);
		} catch (error) {
			this.unreadableCounts.answers++;
			throw error;
		}
	}

	/** For /status: calls waiting and running, and the last call's latency. */
	metrics(): { waiting: number; running: number; lastLatencyMs: number | undefined } {
		return this.transport.metrics();
	}
}

/** Whether a failed create_order may nonetheless have created the order. */
function mayHaveReachedBroker(error: ZerocapError): boolean {
	if (error instanceof NetworkError) return error.requestMayHaveArrived;
	return error.kind === 'timeout' || error.kind === 'unavailable' || error.kind === 'bad-response';
}
