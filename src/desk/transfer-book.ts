import { randomBytes } from 'node:crypto';
import type { TransferPage } from '../zerocap/domain-account.js';
import type { CallLane } from '../zerocap/limiter.js';
import type { TransferFilter } from '../zerocap/rest-client.js';
import { accept, type Checked, refuse } from './checked.js';

/** The broker's transfer read the desk makes. */
export interface TransferReads {
	getTransfers(filter: TransferFilter, page: number, limit: number, lane?: CallLane): Promise<TransferPage>;
}

interface StoredQuery {
	readonly userId: string;
	readonly filter: TransferFilter;
	readonly expiresAt: number;
}

/**
 * Settlements, deposits and withdrawals at the broker, a page at a time, newest first, as /orders pages orders:
 * a reply's Previous and Next carry only a short query id and a page, and the filter stays here for the
 * person who asked until it expires.
 */
export class TransferBook {
	private readonly queries = new Map<string, StoredQuery>();

	constructor(
		private readonly broker: TransferReads,
		readonly pageSize: number,
		private readonly queryTtlMs: number,
		private readonly now: () => number,
	) {}

	/** One page, newest first, read on `person`'s behalf (their reads share a lane with a small budget). */
	page(filter: TransferFilter, page: number, person: string): Promise<TransferPage> {
		return this.broker.getTransfers({ ...filter, sort: 'desc' }, page, this.pageSize, { kind: 'read', person });
	}

	openQuery(userId: string, filter: TransferFilter): string {
		const now = this.now();
		for (const [id, query] of this.queries) if (query.expiresAt <= now) this.queries.delete(id);
		const id = randomBytes(6).toString('hex');
		this.queries.set(id, { userId, filter, expiresAt: now + this.queryTtlMs });
		return id;
	}

	query(queryId: string, userId: string): Checked<TransferFilter> {
		const query = this.queries.get(queryId);
		if (!query || query.expiresAt <= this.now()) return refuse('These buttons have expired. Run /transfers again.');
		if (query.userId !== userId) return refuse('Only the person who ran this /transfers can page through it.');
		return accept(query.filter);
	}
}

/** An asset option as typed: trimmed, upper-cased, and shaped like an asset code, or the one sentence saying not. */
export function checkAsset(raw: string): Checked<string> {
	const asset = raw.trim().toUpperCase();
	if (/^[A-Z0-9]{2,12}$/.test(asset)) return accept(asset);
	return refuse(`The option "asset" must be an asset code such as USDT or AUD (got "${raw.trim().slice(0, 30)}").`);
}
