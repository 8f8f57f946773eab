import type { DecimalString } from './decimal-string.js';
import type { Order, OrderStatus, OrderType, Side } from './domain.js';
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
import { createOrderResponse, credentialCheckResponse, listedOrder, orderListResponse } from './rest-schemas.js';
import { type Call, RestTransport, type RestTransportOptions } from './rest-transport.js';

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

export interface OrderFilter {
	readonly symbol?: string;
	readonly status?: OrderStatus;
	readonly side?: Side;
	readonly type?: OrderType;
	/** Orders created at or after this time (ms). */
	readonly since?: number;
	/** Orders created at or before this time (ms). */
	readonly until?: number;
	readonly ids?: readonly string[];
	readonly sort?: 'asc' | 'desc';
}

export interface OrderPage {
	readonly orders: readonly Order[];
	/** Orders on this page the broker sent in a shape we could not read; they are left out of `orders`. */
	readonly unreadable: number;
	/** Every order matching the filter, on every page; undefined when the broker does not say. */
	readonly total: number | undefined;
	readonly page: number;
	readonly limit: number;
}

export type OrderResolution =
	| { readonly found: true; readonly order: Order }
	| { readonly found: false; readonly checkedAt: number };

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

const resolvePageSize = 100;
/**
 * How far before `since` resolveOrder still looks. The broker stamps orders with its own clock, and a lost
 * order missed because of clock skew would be reported absent, so the margin is a day, not minutes.
 */
const resolveClockSkewMs = 24 * 60 * 60_000;

/**
 * The broker's REST API: signed, spaced by a limiter, validated into domain types. Reads are retried with
 * backoff and Retry-After; create_order is sent at most once per call, and an ambiguous outcome is
 * reported as OutcomeUnknownError for `resolveOrder` to settle.
 */
export class ZerocapRestClient {
	private readonly transport: RestTransport;

	constructor(private readonly options: ZerocapRestClientOptions) {
		this.transport = new RestTransport(options);
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
			order = this.transport.parse(createOrderResponse, raw, info);
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
		const page = this.transport.parse(orderListResponse, await this.transport.read(call, lane), info);
		if (page.order_list.length === 0) throw new NotFoundError(`no order ${id}`, { ...info, status: 200 });
		return this.transport.parse(listedOrder, page.order_list[0], info);
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
		const parsed = this.transport.parse(
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
		if (unreadable > 0)
			this.transport.logger.warn({ unreadable, page }, 'fetch_orders returned orders that could not be read');
		return { orders, unreadable, total: parsed.total, page, limit };
	}

	/** Every order matching the filter, page after page, each once. Oldest first unless `sort` says otherwise. */
	async *iterateOrders(filter: OrderFilter = {}, pageSize = 100, lane?: CallLane): AsyncGenerator<Order> {
		const seen = new Set<string>();
		for await (const page of this.pages(filter, pageSize, lane)) {
			for (const order of page.orders) {
				if (seen.has(order.id)) continue;
				seen.add(order.id);
				yield order;
			}
		}
	}

	/**
	 * Settles an order whose create_order outcome is unknown: looks its client order id up among recent
	 * orders, twice, `resolveSettleMs` apart, since the request may still have been in flight at the broker.
	 * `found: false` means not seen as of `checkedAt`; when some listed orders could not be read, the answer
	 * is a BadResponseError instead, since the order may be one of them.
	 */
	async resolveOrder(clientOrderId: string, hint: { symbol?: string; since?: number } = {}): Promise<OrderResolution> {
		// Newest first: the order sought is almost always among the latest.
		const filter: OrderFilter = {
			sort: 'desc',
			...(hint.symbol ? { symbol: hint.symbol } : {}),
			...(hint.since !== undefined ? { since: hint.since - resolveClockSkewMs } : {}),
		};
		let unreadable = 0;
		for (let look = 0; look < 2; look++) {
			if (look > 0) await this.transport.sleep(this.options.resolveSettleMs ?? 5000);
			unreadable = 0;
			for await (const page of this.pages(filter, resolvePageSize)) {
				unreadable += page.unreadable;
				const order = page.orders.find((candidate) => candidate.clientOrderId === clientOrderId);
				if (order) return { found: true, order };
			}
		}
		if (unreadable > 0) {
			throw new BadResponseError(`${unreadable} listed orders could not be read; the order may be one of them`, {
				method: 'POST',
				endpoint: 'fetch_orders',
				status: 200,
			});
		}
		return { found: false, checkedAt: this.transport.now() };
	}

	/**
	 * Pages until one comes back empty or as many orders as the broker's total have arrived. Counting what
	 * arrived, not pages × page size, keeps a broker that sends smaller pages than asked from hiding the rest.
	 */
	private async *pages(filter: OrderFilter, pageSize: number, lane?: CallLane): AsyncGenerator<OrderPage> {
		const ordered: OrderFilter = { sort: 'asc', ...filter };
		let received = 0;
		for (let page = 1; ; page++) {
			const result = await this.fetchOrders(ordered, page, pageSize, lane);
			yield result;
			const count = result.orders.length + result.unreadable;
			received += count;
			if (count === 0) return;
			if (result.total !== undefined ? received >= result.total : count < pageSize) return;
		}
	}

	/** Resolves when the broker accepts the key and signature; throws AuthError when it does not. */
	async checkCredentials(): Promise<void> {
		const info = { method: 'POST', endpoint: 'api_key_signature_valid' };
		const body = this.options.signer.credentialCheckBody();
		const raw = await this.transport.read({ endpoint: 'api_key_signature_valid', method: 'POST', body });
		if (this.transport.parse(credentialCheckResponse, raw, info).status_code !== 200) {
			throw new AuthError('the broker did not confirm the credentials', { ...info, status: 200 });
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
