import {
	AuthError,
	BadResponseError,
	InvalidRequestError,
	NetworkError,
	NotFoundError,
	RateLimitedError,
	type RequestInfo,
	TimeoutError,
	UnavailableError,
	type ZerocapError,
} from './errors.js';
import { withoutSignatures } from './redaction.js';
import { errorResponse } from './rest-schemas.js';

/**
 * Errors that prove the request never left this machine, so the broker cannot have acted on it. Only failures
 * to open a connection qualify: anything on an open (possibly reused) connection may come after sending.
 */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);

/** The attempt's AbortSignal.timeout fired: a DOMException named TimeoutError, whether in fetch or in the body. */
function isTimeout(error: unknown): boolean {
	return typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError';
}

function errorCodes(error: unknown, depth = 0): string[] {
	if (typeof error !== 'object' || error === null || depth > 3) return [];
	const own = 'code' in error && typeof error.code === 'string' ? [error.code] : [];
	const nested = 'errors' in error && Array.isArray(error.errors) ? error.errors : [];
	const cause = 'cause' in error ? [error.cause] : [];
	return [...own, ...[...nested, ...cause].flatMap((inner) => errorCodes(inner, depth + 1))];
}

/** A failure before any HTTP answer: a timeout, or the connection failing before or after sending. */
export function transportError(error: unknown, request: RequestInfo): ZerocapError {
	if (isTimeout(error)) return new TimeoutError('no complete answer before the timeout', request);
	const codes = errorCodes(error);
	const neverSent = codes.length > 0 && codes.every((code) => notSentCodes.has(code));
	const detail = codes.length > 0 ? codes.join(', ') : 'connection failed';
	return new NetworkError(detail, request, { requestMayHaveArrived: !neverSent });
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from `now`. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
	if (header === null || header.trim() === '') return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The broker's own words, short, and with any echo of our signature taken out before they are cut short. */
function brokerMessage(text: string): string {
	try {
		const parsed = errorResponse.safeParse(JSON.parse(text));
		if (parsed.success && parsed.data.error_message) return withoutSignatures(parsed.data.error_message).slice(0, 300);
	} catch {
		// Not JSON: fall through to the plain text.
	}
	return withoutSignatures(text).slice(0, 200) || 'no details';
}

/** Statuses with which the broker refuses a request before acting on it (contract 3.4). */
const refusedStatuses = new Set([400, 405, 411, 413, 414, 415, 422]);

/**
 * A non-200 answer, classified by its status (contract 3.4). A status the contract does not give (another
 * 2xx, a 3xx, a 409…) is a BadResponseError: the request may have succeeded.
 */
export function statusError(
	status: number,
	text: string,
	retryAfter: string | null,
	request: RequestInfo,
	now: number,
) {
	const message = brokerMessage(text);
	if (status === 401 || status === 403) return new AuthError(message, request);
	if (status === 404) return new NotFoundError(message, request);
	if (status === 429) return new RateLimitedError(message, request, retryAfterMs(retryAfter, now), 'broker');
	if (status >= 500) return new UnavailableError(message, request);
	if (refusedStatuses.has(status)) return new InvalidRequestError(message, request);
	return new BadResponseError(`unexpected status: ${message}`, request);
}
