import { noContent, type Reply } from './rest-replies.js';

export interface ChannelRateLimit {
	readonly limit: number;
	readonly windowMs: number;
}

/** Message posts per channel in fixed windows, answered with the headers discord.js reads to pace itself. */
export class ChannelRateLimiter {
	private readonly windows = new Map<string, { start: number; count: number }>();

	constructor(private readonly rateLimit: ChannelRateLimit | undefined) {}

	/** Counts a post: a 204 carrying the headers to add to its answer, or past the limit the 429 to answer with. */
	take(channelId: string): Reply {
		const limit = this.rateLimit;
		if (!limit) return noContent;
		const now = Date.now();
		const current = this.windows.get(channelId);
		const window = current && now - current.start < limit.windowMs ? current : { start: now, count: 0 };
		this.windows.set(channelId, window);
		const resetAfter = ((window.start + limit.windowMs - now) / 1000).toFixed(3);
		const headers = {
			'x-ratelimit-limit': String(limit.limit),
			'x-ratelimit-remaining': String(Math.max(0, limit.limit - window.count - 1)),
			'x-ratelimit-reset-after': resetAfter,
			'x-ratelimit-reset': ((window.start + limit.windowMs) / 1000).toFixed(3),
			'x-ratelimit-bucket': `fake-messages-${channelId}`,
		};
		if (window.count >= limit.limit) {
			const body = { message: 'You are being rate limited.', retry_after: Number(resetAfter), global: false };
			return { status: 429, body, headers: { ...headers, 'retry-after': resetAfter, 'x-ratelimit-scope': 'user' } };
		}
		window.count += 1;
		return { status: 204, headers };
	}
}
