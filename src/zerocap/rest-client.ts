import { setTimeout as sleepFor } from 'node:timers/promises';
import ky, { type KyInstance } from 'ky';
import { type Logger, pino } from 'pino';
import type { z } from 'zod';
import type { DecimalString } from './decimal-string.js';
import type { Order, OrderStatus, OrderType, Side } from './domain.js';
import {
	AuthError,
	BadResponseError,
	isZerocapError,
	NetworkError,
	NotFoundError,
	OrderRejectedError,
	OutcomeUnknownError,
	RateLimitedError,
	type RequestInfo,
	type ZerocapError,
} from './errors.js';
import { statusError, transportError } from './http-errors.js';
import type { RequestLimiter } from './limiter.js';
import { createOrderResponse, credentialCheckResponse, orderListResponse } from './rest-schemas.js';
import { defaultRetryPolicy, type RetryPolicy, retryDelayMs } from './retry.js';
import type { RequestSigner } from './signing.js';

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
	/** Every order matching the filter, on every page; undefined when the broker does not say. */
	readonly total: number | undefined;
	readonly page: number;
	readonly limit: number;
}

export type OrderResolution =
	| { readonly found: true; readonly order: Order }
	| { readonly found: false; readonly checkedAt: number };

export interface ZerocapRestClientOptions {
	/** The REST base, ending in /v2. */
	readonly restUrl: string;
	readonly signer: RequestSigner;
	readonly limiter: RequestLimiter;
	/** Sent as `customer_id` in create_order when set. */
	readonly customerId?: string;
	/** Per attempt; default 10 s. */
	readonly timeoutMs?: number;
	readonly retry?: RetryPolicy;
	/** A new order is refused, unsent, when this many calls already wait in the queue (default 2). */
	readonly maxOrderBacklog?: number;
	/** An order that waited longer than this in the queue is dropped unsent (default 2 s). */
	readonly maxOrderQueueWaitMs?: number;
	/** How long resolveOrder waits before its second look, for a request still in flight (default 2 s). */
	readonly resolveSettleMs?: number;
	readonly fetch?: typeof fetch;
	readonly now?: () => number;
	readonly sleep?: (ms: number) => Promise<void>;
	readonly random?: () => number;
	readonly logger?: Logger;
}

type Endpoint = 'create_order' | 'fetch_order' | 'fetch_orders' | 'api_key_signature_valid';

interface Call {
	readonly endpoint: Endpoint;
	readonly method: 'GET' | 'POST';
	readonly body?: Record<string, unknown>;
	readonly query?: Record<string, string>;
}

const resolvePageSize = 100;
const resolveClockSkewMs = 5 * 60_000;

/**
 * The broker's REST API: signed, spaced by a limiter, validated into domain types. Reads are retried with
 * backoff and Retry-After; create_order is sent at most once per call, and an ambiguous outcome is
 * reported as OutcomeUnknownError for `resolveOrder` to settle.
 */
export class ZerocapRestClient {
	private readonly http: KyInstance;
	private readonly now: () => number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly random: () => number;
	private readonly logger: Logger;
	private readonly retry: RetryPolicy;
	private pausedUntil = 0;
	private lastLatency: number | undefined;

	constructor(private readonly options: ZerocapRestClientOptions) {
		this.http = ky.create({
			prefixUrl: options.restUrl,
			timeout: options.timeoutMs ?? 10_000,
			retry: 0,
			throwHttpErrors: false,
			...(options.fetch ? { fetch: options.fetch } : {}),
		});
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? ((ms) => sleepFor(ms));
		this.random = options.random ?? Math.random;
		this.logger = options.logger ?? pino({ level: 'silent' });
		this.retry = options.retry ?? defaultRetryPolicy;
	}

	/**
	 * Places an order, sending it once. Resolves with the broker's order; throws OrderRejectedError when the
	 * broker rejected it, OutcomeUnknownError when it may or may not exist, and other ZerocapErrors when it
	 * certainly was not placed.
	 */
	async createOrder(request: NewOrderRequest): Promise<Order> {
		if (request.clientOrderId.trim() === '') throw new TypeError('createOrder needs a client order id');
		const info: RequestInfo = { method: 'POST', endpoint: 'create_order' };
		const waiting = this.options.limiter.waiting();
		if (waiting >= (this.options.maxOrderBacklog ?? 2)) {
			throw new RateLimitedError(`${waiting} calls already queued; order not sent`, info, undefined, 'local');
		}
		const pausedFor = this.pausedUntil - this.now();
		if (pausedFor > 0)
			throw new RateLimitedError('the broker asked us to wait; order not sent', info, pausedFor, 'local');

		const body: Record<string, unknown> = {
			symbol: request.symbol,
			side: request.side,
			type: request.type,
			amount: request.amount,
			price: request.type === 'limit' ? request.price : (request.price ?? '0'),
			client_order_id: request.clientOrderId,
			...(this.options.customerId ? { customer_id: this.options.customerId } : {}),
		};
		const enqueuedAt = this.now();
		const maxWait = this.options.maxOrderQueueWaitMs ?? 2000;
		let raw: unknown;
		try {
			raw = await this.options.limiter.schedule(() => {
				if (this.now() - enqueuedAt > maxWait) {
					throw new RateLimitedError('waited too long in the local queue; order not sent', info, undefined, 'local');
				}
				return this.attempt({ endpoint: 'create_order', method: 'POST', body });
			});
		} catch (error) {
			const failure = this.asZerocapError(error, info);
			throw mayHaveReachedBroker(failure) ? new OutcomeUnknownError(request.clientOrderId, failure) : failure;
		}
		let order: Order;
		try {
			order = this.parse(createOrderResponse, raw, info);
			if (order.clientOrderId !== undefined && order.clientOrderId !== request.clientOrderId) {
				throw new BadResponseError('the answer is for another client order id', { ...info, status: 200 });
			}
		} catch (error) {
			throw new OutcomeUnknownError(request.clientOrderId, this.asZerocapError(error, info));
		}
		if (order.status === 'rejected') throw new OrderRejectedError(order, { ...info, status: 200 });
		return order;
	}

	/** One order by the broker's id; NotFoundError when there is none. */
	async fetchOrder(id: string): Promise<Order> {
		// The seed SDK posts a body with static signing; current servers take a GET with timestamp signing.
		const call: Call =
			this.options.signer.scheme === 'timestamp'
				? { endpoint: 'fetch_order', method: 'GET', query: { id } }
				: { endpoint: 'fetch_order', method: 'POST', body: { id } };
		const info = { method: call.method, endpoint: call.endpoint };
		const page = this.parse(orderListResponse, await this.read(call), info);
		const order = page.order_list[0];
		if (!order) throw new NotFoundError(`no order ${id}`, { ...info, status: 200 });
		return order;
	}

	/** One page of orders (`page` from 1); `total` counts every match. */
	async fetchOrders(filter: OrderFilter = {}, page = 1, limit = 100): Promise<OrderPage> {
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
			await this.read({ endpoint: 'fetch_orders', method: 'POST', body }),
			info,
		);
		return { orders: parsed.order_list, total: parsed.total, page, limit };
	}

	/** Every order matching the filter, page after page, each once. Oldest first unless `sort` says otherwise. */
	async *iterateOrders(filter: OrderFilter = {}, pageSize = 100): AsyncGenerator<Order> {
		const seen = new Set<string>();
		const ordered = { sort: 'asc' as const, ...filter };
		for (let page = 1; ; page++) {
			const result = await this.fetchOrders(ordered, page, pageSize);
			for (const order of result.orders) {
				if (seen.has(order.id)) continue;
				seen.add(order.id);
				yield order;
			}
			const exhausted = result.total !== undefined ? page * pageSize >= result.total : result.orders.length < pageSize;
			if (exhausted || result.orders.length === 0) return;
		}
	}

	/**
	 * Settles an order whose create_order outcome is unknown: looks its client order id up among recent
	 * orders. A request may still be in flight at the broker, so an order not seen is looked for once more
	 * after `resolveSettleMs` before it is reported absent.
	 */
	async resolveOrder(clientOrderId: string, hint: { symbol?: string; since?: number } = {}): Promise<OrderResolution> {
		const filter: OrderFilter = {
			...(hint.symbol ? { symbol: hint.symbol } : {}),
			...(hint.since !== undefined ? { since: hint.since - resolveClockSkewMs } : {}),
		};
		for (let look = 0; look < 2; look++) {
			if (look > 0) await this.sleep(this.options.resolveSettleMs ?? 2000);
			for await (const order of this.iterateOrders(filter, resolvePageSize)) {
				if (order.clientOrderId === clientOrderId) return { found: true, order };
			}
		}
		return { found: false, checkedAt: this.now() };
	}

	/** Resolves when the broker accepts the key and signature; throws AuthError when it does not. */
	async checkCredentials(): Promise<void> {
		const info = { method: 'POST', endpoint: 'api_key_signature_valid' };
		const body = this.options.signer.credentialCheckBody();
		const raw = await this.read({ endpoint: 'api_key_signature_valid', method: 'POST', body });
		if (this.parse(credentialCheckResponse, raw, info).status_code !== 200) {
			throw new AuthError('the broker did not confirm the credentials', { ...info, status: 200 });
		}
	}

	/** For /status: calls waiting and running, and the last call's latency. */
	metrics(): { waiting: number; running: number; lastLatencyMs: number | undefined } {
		return {
			waiting: this.options.limiter.waiting(),
			running: this.options.limiter.running(),
			lastLatencyMs: this.lastLatency,
		};
	}

	/** A read, retried as `retryDelayMs` decides. */
	private async read(call: Call): Promise<unknown> {
		const info = { method: call.method, endpoint: call.endpoint };
		for (let attempt = 0; ; attempt++) {
			const pausedFor = this.pausedUntil - this.now();
			if (pausedFor > 0) await this.sleep(pausedFor);
			try {
				return await this.options.limiter.schedule(() => this.attempt(call));
			} catch (error) {
				const failure = this.asZerocapError(error, info);
				const delay = retryDelayMs(failure, attempt, this.retry, this.random);
				if (delay === undefined) throw failure;
				this.logger.warn(
					{ endpoint: call.endpoint, kind: failure.kind, attempt, delayMs: delay },
					'retrying a broker read',
				);
				await this.sleep(delay);
			}
		}
	}

	/** One signed HTTP exchange; resolves with the parsed JSON of a 200, throws a ZerocapError otherwise. */
	private async attempt(call: Call): Promise<unknown> {
		const info = { method: call.method, endpoint: call.endpoint };
		const startedAt = this.now();
		let response: Response;
		let text: string;
		try {
			response = await this.http(`orders/${call.endpoint}`, {
				method: call.method,
				headers: this.options.signer.headers(startedAt),
				...(call.body ? { json: call.body } : {}),
				...(call.query ? { searchParams: call.query } : {}),
			});
			text = await response.text();
		} catch (error) {
			throw transportError(error, info);
		} finally {
			this.lastLatency = this.now() - startedAt;
		}
		this.logger.debug({ endpoint: call.endpoint, status: response.status, latencyMs: this.lastLatency }, 'broker call');
		if (response.status !== 200) {
			const failure = statusError(
				response.status,
				text,
				response.headers.get('retry-after'),
				{ ...info, status: response.status },
				this.now(),
			);
			if (failure instanceof RateLimitedError && failure.retryAfterMs !== undefined) {
				this.pausedUntil = Math.max(this.pausedUntil, this.now() + failure.retryAfterMs);
			}
			throw failure;
		}
		try {
			return JSON.parse(text);
		} catch {
			throw new BadResponseError('the answer is not JSON', { ...info, status: 200 });
		}
	}

	private parse<T>(schema: z.ZodType<T>, raw: unknown, info: RequestInfo): T {
		const result = schema.safeParse(raw);
		if (result.success) return result.data;
		const issue = result.error.issues[0];
		const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable';
		throw new BadResponseError(`the answer does not match the contract (${where})`, { ...info, status: 200 });
	}

	private asZerocapError(error: unknown, info: RequestInfo): ZerocapError {
		if (isZerocapError(error)) return error;
		return transportError(error, info);
	}
}

/** Whether a failed create_order may nonetheless have created the order. */
function mayHaveReachedBroker(error: ZerocapError): boolean {
	if (error instanceof NetworkError) return error.requestMayHaveArrived;
	return error.kind === 'timeout' || error.kind === 'unavailable' || error.kind === 'bad-response';
}
