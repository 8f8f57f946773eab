import { type BackoffPolicy, backoffDelay } from './backoff.js';
import { RateLimitedError, type ZerocapError } from './errors.js';

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	readonly maxAttempts: number;
	readonly backoff: BackoffPolicy;
	/** A Retry-After longer than this is not waited for: the error goes back to the caller. */
	readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
	maxAttempts: 3,
	backoff: { initialMs: 250, maxMs: 4000, factor: 2 },
	maxRetryAfterMs: 30_000,
};

/**
 * The one place that decides whether a read is tried again, and after how long: only retryable errors,
 * at most `maxAttempts` in all, never sooner than the broker's Retry-After. create_order never comes here.
 * `attempt` is the number of the attempt that just failed, from 0. Undefined means "give up".
 */
export function retryDelayMs(
	error: ZerocapError,
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (!error.retryable || attempt + 1 >= policy.maxAttempts) return undefined;
	const backoff = backoffDelay(policy.backoff, attempt, random);
	if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
		if (error.retryAfterMs > policy.maxRetryAfterMs) return undefined;
		return Math.max(error.retryAfterMs, backoff);
	}
	return backoff;
}
