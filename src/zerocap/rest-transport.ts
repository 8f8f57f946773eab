import { setTimeout as sleepFor } from 'node:timers/promises';
import ky, { type KyInstance } from 'ky';
import { type Logger, pino } from 'pino';
import type { z } from 'zod';
import { BadResponseError, isZerocapError, RateLimitedError, type RequestInfo, type ZerocapError } from './errors.js';
import { statusError, transportError } from './http-errors.js';
import type { RequestLimiter } from './limiter.js';
import { defaultRetryPolicy, type RetryPolicy, retryDelayMs } from './retry.js';
import type { RequestSigner } from './signing.js';

export type Endpoint = 'create_order' | 'fetch_order' | 'fetch_orders' | 'api_key_signature_valid';

export interface Call {
	readonly endpoint: Endpoint;
	readonly method: 'GET' | 'POST';
	readonly body?: Record<string, unknown>;
	readonly query?: Record<string, string>;
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
}

/**
 * How a call reaches the broker: signed afresh per attempt, spaced by the limiter, classified into
 * ZerocapErrors, paused as a 429's Retry-After asks. It knows nothing of orders.
 */
export class RestTransport {
	private readonly http: KyInstance;
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
		this.http = ky.create({
			prefixUrl: options.restUrl,
			// The attempt's own signal bounds the whole exchange, body included; ky's timer stops at the headers.
			timeout: false,
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

	get signingScheme() {
		return this.options.signer.scheme;
	}

	/** How much longer the broker asked us to wait (429 Retry-After), in ms; 0 when it did not. */
	pausedForMs(): number {
		return Math.max(0, this.pausedUntil - this.now());
	}

	/** Calls accepted by the limiter and not yet started. */
	waiting(): number {
		return this.options.limiter.waiting();
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
		return this.options.limiter.schedule(() => {
			beforeStart();
			return this.attempt(call);
		});
	}

	/** A read, retried as `retryDelayMs` decides. */
	async read(call: Call): Promise<unknown> {
		const info = { method: call.method, endpoint: call.endpoint };
		for (let attempt = 0; ; attempt++) {
			const pausedFor = this.pausedUntil - this.now();
			if (pausedFor > 0) await this.sleep(pausedFor);
			try {
				return await this.options.limiter.schedule(async () => {
					// A 429 answered while this call waited in the queue pauses it too, and one answered while it sleeps
					// lengthens the wait: it must not go out before the broker's last Retry-After has passed.
					for (let paused = this.pausedForMs(); paused > 0; paused = this.pausedForMs()) await this.sleep(paused);
					return this.attempt(call);
				});
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
				signal: AbortSignal.timeout(this.timeoutMs),
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

	parse<T>(schema: z.ZodType<T>, raw: unknown, info: RequestInfo): T {
		const result = schema.safeParse(raw);
		if (result.success) return result.data;
		const issue = result.error.issues[0];
		const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable';
		throw new BadResponseError(`the answer does not match the contract (${where})`, { ...info, status: 200 });
	}

	asZerocapError(error: unknown, info: RequestInfo): ZerocapError {
		if (isZerocapError(error)) return error;
		return transportError(error, info);
	}
}
