import { setTimeout as sleepFor } from 'node:timers/promises';
import { type Logger, pino } from 'pino';
import type { z } from 'zod';
import {
	BadResponseError,
	BusyError,
	isZerocapError,
	RateLimitedError,
	type RequestInfo,
	type ZerocapError,
} from './errors.js';
import { statusError, transportError } from './http-errors.js';
import { type CallLane, LaneFullError, type LaneKind, type RequestLimiter } from './limiter.js';
import { defaultRetryPolicy, type RetryPolicy, retryDelayMs } from './retry.js';
import type { RequestSigner } from './signing.js';

/** Each call the client makes, and its path under the REST base: the clock is under systems/, wallets under accounts/. */
const endpointPaths = {
	create_order: 'orders/create_order',
	fetch_order: 'orders/fetch_order',
	fetch_orders: 'orders/fetch_orders',
	api_key_signature_valid: 'orders/api_key_signature_valid',
	get_instruments: 'orders/get_instruments',
	get_balances: 'orders/get_balances',
	get_risk: 'orders/get_risk',
	get_transfers: 'orders/get_transfers',
	request_for_quote: 'orders/request_for_quote',
	get_time: 'systems/get_time',
	get_external_wallets: 'accounts/get_external_wallets',
} as const;

export type Endpoint = keyof typeof endpointPaths;

export interface Call {
	readonly endpoint: Endpoint;
	readonly method: 'GET' | 'POST';
	readonly body?: Record<string, unknown>;
	readonly query?: Record<string, string>;
}

/** A call ready to go: built once, then sent by every attempt as it is (only the signature is per attempt). */
interface PreparedCall {
	readonly url: string;
	readonly method: 'GET' | 'POST';
	readonly body: string | undefined;
	readonly info: RequestInfo;
}

/** One attempt at the broker, as the `onCall` observer hears it. */
export interface CallObservation {
	/** The endpoint's name, the last part of its path: create_order, fetch_orders, get_time, … */
	readonly endpoint: string;
	/** The HTTP status, or the error's kind when no answer came (timeout, network). */
	readonly outcome: number | ZerocapError['kind'];
	readonly durationMs: number;
}

export interface RestTransportOptions {
	/** The REST base, ending in /v2. */
	readonly restUrl: string;
	readonly signer: RequestSigner;
	readonly limiter: RequestLimiter;
	/** Per attempt; default 10 s. */
	readonly timeoutMs?: number;
	readonly retry?: RetryPolicy;
	readonly fetch?: typeof fetch;
	readonly now?: () => number;
	readonly sleep?: (ms: number) => Promise<void>;
	readonly random?: () => number;
	readonly logger?: Logger;
	/** Told of every attempt once it ends, for metrics; it changes nothing about the call. */
	readonly onCall?: (call: CallObservation) => void;
}

/**
 * How a call reaches the broker: signed afresh per attempt, spaced by the limiter, classified into
 * ZerocapErrors, paused as a 429's Retry-After asks. It knows nothing of orders.
 */
export class RestTransport {
	private readonly urls: Readonly<Record<Endpoint, string>>;
	/**
	 * Requests handed to an injected fetch, held until their body is read: undici passes the timeout on through
	 * a Request only while something holds it, and a collected one would leave a stalled body unbounded.
	 */
	private readonly inFlight = new Set<Request>();
	readonly now: () => number;
	readonly sleep: (ms: number) => Promise<void>;
	private readonly random: () => number;
	readonly logger: Logger;
	private readonly retry: RetryPolicy;
	private readonly timeoutMs: number;
	private pausedUntil = 0;
	private lastLatency: number | undefined;

	constructor(private readonly options: RestTransportOptions) {
		this.timeoutMs = options.timeoutMs ?? 10_000;
		const base = options.restUrl.endsWith('/') ? options.restUrl : `${options.restUrl}/`;
		const at = (endpoint: Endpoint) => `${base}${endpointPaths[endpoint]}`;
		this.urls = {
			create_order: at('create_order'),
			fetch_order: at('fetch_order'),
			fetch_orders: at('fetch_orders'),
			api_key_signature_valid: at('api_key_signature_valid'),
			get_instruments: at('get_instruments'),
			get_balances: at('get_balances'),
			get_risk: at('get_risk'),
			get_transfers: at('get_transfers'),
			request_for_quote: at('request_for_quote'),
			get_time: at('get_time'),
			get_external_wallets: at('get_external_wallets'),
		};
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? ((ms) => sleepFor(ms));
		this.random = options.random ?? Math.random;
		this.logger = options.logger ?? pino({ level: 'silent' });
		this.retry = options.retry ?? defaultRetryPolicy;
	}

	get signingScheme() {
		return this.options.signer.scheme;
	}

	/** How much longer the broker asked us to wait (429 Retry-After), in ms; 0 when it did not. */
	pausedForMs(): number {
		return Math.max(0, this.pausedUntil - this.now());
	}

	/** Calls accepted by the limiter and not yet started: all, or one lane's. */
	waiting(lane?: LaneKind): number {
		return this.options.limiter.waiting(lane);
	}

	/** For /status: calls waiting and running, and the last call's latency. */
	metrics(): { waiting: number; running: number; lastLatencyMs: number | undefined } {
		return {
			waiting: this.options.limiter.waiting(),
			running: this.options.limiter.running(),
			lastLatencyMs: this.lastLatency,
		};
	}

	/** Sends once, with no retry; `beforeStart` may refuse at the moment the limiter lets the call go. */
	send(call: Call, beforeStart: () => void): Promise<unknown> {
		const prepared = this.prepare(call);
		return this.options.limiter.schedule(
			() => {
				beforeStart();
				return this.attempt(prepared);
			},
			{ kind: 'order' },
		);
	}

	/** A read, in its lane (the desk's own catch-up work unless said otherwise), retried as `retryDelayMs` decides. */
	async read(call: Call, lane?: CallLane): Promise<unknown> {
		const prepared = this.prepare(call);
		for (let attempt = 0; ; attempt++) {
			const pausedFor = this.pausedUntil - this.now();
			if (pausedFor > 0) await this.sleep(pausedFor);
			try {
				return await this.options.limiter.schedule(async () => {
					// A 429 answered while this call waited in the queue pauses it too, and one answered while it sleeps
					// lengthens the wait: it must not go out before the broker's last Retry-After has passed.
					for (let paused = this.pausedForMs(); paused > 0; paused = this.pausedForMs()) await this.sleep(paused);
					return this.attempt(prepared);
				}, lane);
			} catch (error) {
				const failure = this.asZerocapError(error, prepared.info);
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

	private prepare(call: Call): PreparedCall {
		const url = this.urls[call.endpoint];
		return {
			url: call.query ? `${url}?${new URLSearchParams(call.query)}` : url,
			method: call.method,
			body: call.body ? JSON.stringify(call.body) : undefined,
			info: { method: call.method, endpoint: call.endpoint },
		};
	}

	/** One signed HTTP exchange; resolves with the parsed JSON of a 200, throws a ZerocapError otherwise. */
	private async attempt(call: PreparedCall): Promise<unknown> {
		const { info } = call;
		const startedAt = this.now();
		let response: Response;
		let text: string;
		try {
			const signed = this.options.signer.headers(startedAt);
			[response, text] = await this.exchange(call.url, {
				method: call.method,
				headers: call.body === undefined ? signed : { ...signed, 'content-type': 'application/json' },
				body: call.body,
				// Bounds the whole exchange, body included, not just the wait for the headers.
				signal: AbortSignal.timeout(this.timeoutMs),
			});
		} catch (error) {
			const failure = transportError(error, info);
			this.options.onCall?.({ endpoint: info.endpoint, outcome: failure.kind, durationMs: this.now() - startedAt });
			throw failure;
		} finally {
			this.lastLatency = this.now() - startedAt;
		}
		this.options.onCall?.({ endpoint: info.endpoint, outcome: response.status, durationMs: this.lastLatency });
		this.logger.debug({ endpoint: info.endpoint, status: response.status, latencyMs: this.lastLatency }, 'broker call');
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

	/** The answer and its whole body. */
	private async exchange(url: string, init: RequestInit): Promise<[Response, string]> {
		const injected = this.options.fetch;
		if (!injected) {
			// The URL and init, not a Request: given a Request, fetch pipes its body into a second one (~0.1 ms).
			const response = await fetch(url, init);
			return [response, await response.text()];
		}
		// An injected fetch (a test's, a proxy's) is handed one Request, body included, as it always was.
		const request = new Request(url, init);
		this.inFlight.add(request);
		try {
			const response = await injected(request);
			return [response, await response.text()];
		} finally {
			this.inFlight.delete(request);
		}
	}

	parse<T>(schema: z.ZodType<T>, raw: unknown, info: RequestInfo): T {
		const result = schema.safeParse(raw);
		if (result.success) return result.data;
		const issue = result.error.issues[0];
		const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable';
		throw new BadResponseError(`the answer does not match the contract (${where})`, { ...info, status: 200 });
	}

	asZerocapError(error: unknown, info: RequestInfo): ZerocapError {
		if (isZerocapError(error)) return error;
		if (error instanceof LaneFullError) return new BusyError(error.message, info, error.budget);
		return transportError(error, info);
	}
}
