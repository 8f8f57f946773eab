export interface BackoffPolicy {
	/** The first delay's ceiling, in ms. */
	readonly initialMs: number;
	/** No delay is longer than this. */
	readonly maxMs: number;
	readonly factor: number;
}

/**
 * Capped exponential backoff with "equal jitter": half the step is fixed, half random, so delays grow
 * with each attempt yet never line up across clients. `attempt` counts from 0.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** attempt);
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
