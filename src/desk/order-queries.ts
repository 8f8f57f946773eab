import { randomBytes } from 'node:crypto';
import type { OrderFilter } from '../zerocap/rest-client.js';
import { accept, type Checked, refuse } from './checked.js';

interface StoredQuery {
	readonly userId: string;
	readonly filter: OrderFilter;
	readonly expiresAt: number;
}

/**
 * The filters behind /orders replies, so that Previous and Next keep working for the trader who asked,
 * until they expire. A button carries only the query's short id and the page.
 */
export class OrderLookupQueries {
	private readonly queries = new Map<string, StoredQuery>();

	constructor(
		private readonly ttlMs: number,
		private readonly now: () => number = Date.now,
	) {}

	open(userId: string, filter: OrderFilter): string {
		const now = this.now();
		for (const [id, query] of this.queries) if (query.expiresAt <= now) this.queries.delete(id);
		const id = randomBytes(6).toString('hex');
		this.queries.set(id, { userId, filter, expiresAt: now + this.ttlMs });
		return id;
	}

	get(id: string, userId: string): Checked<OrderFilter> {
		const query = this.queries.get(id);
		if (!query || query.expiresAt <= this.now()) {
			return refuse('These buttons have expired. Run /orders again.');
		}
		if (query.userId !== userId) return refuse('Only the trader who ran this /orders can page through it.');
		return accept(query.filter);
	}
}
