export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** A fixed window per api key: at most `limit` requests in each window of `windowMs`. */
export class RateLimiter {
	private readonly windows = new Map<string, { startedAt: number; used: number }>();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly hostNow: () => number,
	) {}

	take(key: string): RateDecision {
		const now = this.hostNow();
		let window = this.windows.get(key);
		if (!window || now - window.startedAt >= this.windowMs) {
			window = { startedAt: now, used: 0 };
			this.windows.set(key, window);
		}
		if (window.used < this.limit) {
			window.used++;
			return { allowed: true };
		}
		const waitMs = window.startedAt + this.windowMs - now;
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
	}
}
