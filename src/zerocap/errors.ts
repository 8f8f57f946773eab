import type { Order } from './domain.js';
import { withoutSignatures } from './redaction.js';

/**
 * Every failure of a broker call, classified. `retryable` says whether trying the same call again may
 * succeed; `userMessage` is a sentence safe to show a trader. Messages carry the method, endpoint and
 * status, never headers, keys or signatures: the broker's words in them have anything shaped like a signature
 * taken out, in case the broker echoes what it was sent.
 */
export type ZerocapErrorKind =
	| 'rejected'
	| 'vetoed'
	| 'invalid-request'
	| 'not-found'
	| 'auth'
	| 'rate-limited'
	| 'busy'
	| 'unavailable'
	| 'network'
	| 'timeout'
	| 'bad-response'
	| 'outcome-unknown';

export interface RequestInfo {
	readonly method: string;
	readonly endpoint: string;
	readonly status?: number;
}

export abstract class ZerocapError extends Error {
	abstract readonly kind: ZerocapErrorKind;
	abstract readonly retryable: boolean;
	abstract readonly userMessage: string;
	readonly method: string;
	readonly endpoint: string;
	readonly status: number | undefined;

	constructor(message: string, request: RequestInfo, options?: { cause?: unknown }) {
		const where = `${request.method} ${request.endpoint}${request.status === undefined ? '' : ` → ${request.status}`}`;
		super(withoutSignatures(`${where}: ${message}`), options);
		this.name = new.target.name;
		this.method = request.method;
		this.endpoint = request.endpoint;
		this.status = request.status;
	}
}

/** The broker refused the order; `reason` is its own words. */
export class OrderRejectedError extends ZerocapError {
	readonly kind = 'rejected';
	readonly retryable = false;
	constructor(
		readonly order: Order,
		request: RequestInfo,
	) {
		super(`order rejected: ${order.rejectReason ?? 'no reason given'}`, request);
	}
	get reason(): string {
		return this.order.rejectReason ?? 'no reason given';
	}
	get userMessage(): string {
		return `The broker rejected the order: ${this.reason}`;
	}
}

/** The broker gave no quote, in-band (a 200 whose status is `rejected`); `reason` is its own words. */
export class QuoteRejectedError extends ZerocapError {
	readonly kind = 'rejected';
	readonly retryable = false;
	constructor(
		readonly reason: string,
		request: RequestInfo,
	) {
		super(`quote refused: ${reason}`, request);
	}
	get userMessage(): string {
		return `The broker gave no quote: ${this.reason}`;
	}
}

/** The caller's last-moment check stopped the order before it left: nothing was sent. */
export class OrderVetoedError extends ZerocapError {
	readonly kind = 'vetoed';
	readonly retryable = false;
	constructor(
		readonly reason: string,
		request: RequestInfo,
	) {
		super(`order not sent: ${reason}`, request);
	}
	get userMessage(): string {
		return this.reason;
	}
}

/** The broker said our request was invalid (400); nothing was done. */
export class InvalidRequestError extends ZerocapError {
	readonly kind = 'invalid-request';
	readonly retryable = false;
	/** The broker's words, with any echo of a signature already taken out where they were read. */
	constructor(
		readonly brokerMessage: string,
		request: RequestInfo,
	) {
		super(`invalid request: ${brokerMessage}`, request);
	}
	get userMessage(): string {
		return `The broker refused the request: ${this.brokerMessage}`;
	}
}

export class NotFoundError extends ZerocapError {
	readonly kind = 'not-found';
	readonly retryable = false;
	readonly userMessage = 'No such order was found.';
}

export class AuthError extends ZerocapError {
	readonly kind = 'auth';
	readonly retryable = false;
	readonly userMessage = 'The broker did not accept our credentials; an operator needs to check them.';
}

/** Too many requests: from the broker (429, with its Retry-After) or from our own queue being full. */
export class RateLimitedError extends ZerocapError {
	readonly kind = 'rate-limited';
	readonly retryable = true;
	constructor(
		message: string,
		request: RequestInfo,
		readonly retryAfterMs: number | undefined,
		readonly source: 'broker' | 'local',
	) {
		super(message, request);
	}
	get userMessage(): string {
		const wait = this.retryAfterMs === undefined ? 'a moment' : `${Math.ceil(this.retryAfterMs / 1000)} s`;
		return `Too many requests to the broker right now; nothing was sent. Try again in ${wait}.`;
	}
}

/** A person asked for more broker reads at once than their budget; nothing was sent. */
export class BusyError extends ZerocapError {
	readonly kind = 'busy';
	// Trying again at once would only be refused again: the person's earlier calls must finish first.
	readonly retryable = false;
	constructor(
		message: string,
		request: RequestInfo,
		readonly budget: number,
	) {
		super(message, request);
	}
	get userMessage(): string {
		return `You already have ${this.budget} requests to the broker under way; wait for them to finish, then try again. Nothing more was sent.`;
	}
}

export class UnavailableError extends ZerocapError {
	readonly kind = 'unavailable';
	readonly retryable = true;
	readonly userMessage = 'The broker is having trouble right now. Try again shortly.';
}

export class NetworkError extends ZerocapError {
	readonly kind = 'network';
	readonly retryable = true;
	readonly userMessage = 'The broker could not be reached. Try again shortly.';
	/** False only when the connection was refused or the host not found: the broker cannot have seen it. */
	readonly requestMayHaveArrived: boolean;
	constructor(message: string, request: RequestInfo, options: { requestMayHaveArrived: boolean; cause?: unknown }) {
		super(message, request, options);
		this.requestMayHaveArrived = options.requestMayHaveArrived;
	}
}

export class TimeoutError extends ZerocapError {
	readonly kind = 'timeout';
	readonly retryable = true;
	readonly userMessage = 'The broker took too long to answer. Try again shortly.';
}

/** The broker answered 200 with a body we cannot read: the request may well have succeeded. */
export class BadResponseError extends ZerocapError {
	readonly kind = 'bad-response';
	readonly retryable = false;
	readonly userMessage = 'The broker sent an answer we could not read; the request may have succeeded.';
}

/**
 * create_order was sent but its result never arrived (timeout, connection lost, 5xx, unreadable answer).
 * The order may or may not exist: settle it with `resolveOrder(clientOrderId)`, never by sending again.
 */
export class OutcomeUnknownError extends ZerocapError {
	readonly kind = 'outcome-unknown';
	readonly retryable = false;
	constructor(
		readonly clientOrderId: string,
		override readonly cause: ZerocapError,
	) {
		super(`outcome unknown for client order id ${clientOrderId} (${cause.kind})`, cause, { cause });
	}
	get userMessage(): string {
		return 'The order was sent but its result did not come back. Checking with the broker whether it was placed…';
	}
}

export function isZerocapError(error: unknown): error is ZerocapError {
	return error instanceof ZerocapError;
}
