import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/zerocap/backoff.js';
import { AuthError, NetworkError, RateLimitedError, UnavailableError } from '../../src/zerocap/errors.js';
import { defaultRetryPolicy, retryDelayMs } from '../../src/zerocap/retry.js';

const request = { method: 'POST', endpoint: 'fetch_orders' };

describe('backoff', () => {
	it('grows by the factor, is capped, and is jittered within the upper half of each step', () => {
		const policy = { initialMs: 100, maxMs: 1000, factor: 2 };
		expect([0, 1, 2, 3, 4, 9].map((attempt) => backoffDelay(policy, attempt, () => 1))).toEqual([
			100, 200, 400, 800, 1000, 1000,
		]);
		expect([0, 1, 2, 3, 4, 9].map((attempt) => backoffDelay(policy, attempt, () => 0))).toEqual([
			50, 100, 200, 400, 500, 500,
		]);
	});
});

describe('the retry rule for reads', () => {
	const unavailable = new UnavailableError('down', request);

	it('retries retryable errors until the attempts run out', () => {
		expect(retryDelayMs(unavailable, 0, defaultRetryPolicy, () => 1)).toBe(250);
		expect(retryDelayMs(unavailable, 1, defaultRetryPolicy, () => 1)).toBe(500);
		expect(retryDelayMs(unavailable, 2, defaultRetryPolicy, () => 1)).toBeUndefined();
		expect(
			retryDelayMs(new NetworkError('reset', request, { requestMayHaveArrived: true }), 0, defaultRetryPolicy),
		).toBeDefined();
	});

	it('never retries what cannot succeed', () => {
		expect(retryDelayMs(new AuthError('no', request), 0, defaultRetryPolicy)).toBeUndefined();
	});

	it('waits at least the Retry-After, and gives up when it is longer than the policy allows', () => {
		const limited = (ms: number | undefined) => new RateLimitedError('slow down', request, ms, 'broker');
		expect(retryDelayMs(limited(5000), 0, defaultRetryPolicy, () => 1)).toBe(5000);
		expect(retryDelayMs(limited(10), 0, defaultRetryPolicy, () => 1)).toBe(250);
		expect(retryDelayMs(limited(undefined), 0, defaultRetryPolicy, () => 1)).toBe(250);
		expect(retryDelayMs(limited(60_000), 0, defaultRetryPolicy)).toBeUndefined();
	});
});
