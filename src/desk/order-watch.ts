import type { Order } from '../zerocap/domain.js';
import type { OrderResolution } from '../zerocap/rest-client.js';

export interface OrderWatchSettings {
	/**
	 * How long an order of unknown fate is looked for. A create_order delayed on its way can still reach the
	 * broker long after our timeout, and nothing on the wire says when it no longer can, so the desk keeps
	 * looking for as long as it can still edit the trader's ticket (Discord keeps an interaction 15 minutes).
	 */
	readonly watchForMs: number;
	/** The first look-ups come this often; the gap doubles up to `maxPollEveryMs`. */
	readonly pollEveryMs: number;
	readonly maxPollEveryMs: number;
}

export const defaultOrderWatch: OrderWatchSettings = {
	watchForMs: 14 * 60_000,
	pollEveryMs: 5_000,
	maxPollEveryMs: 60_000,
};

export interface OrderWatchParts {
	readonly resolve: (clientOrderId: string, hint: { symbol?: string; since?: number }) => Promise<OrderResolution>;
	/** Stream order changes by client order id: one for the watched order wakes its look-up at once. */
	readonly onOrderSeen: (listener: (clientOrderId: string | undefined) => void) => () => void;
	readonly settings: OrderWatchSettings;
	readonly now: () => number;
}

/** How a watch ended: the order appeared, or the time ran out with or without the broker answering. */
export type WatchEnd =
	| { readonly kind: 'found'; readonly order: Order }
	| { readonly kind: 'still-not-found'; readonly lastCheckedAt: number | undefined };

interface Watched {
	readonly clientOrderId: string;
	readonly hint: { symbol?: string; since?: number };
	readonly until: number;
	readonly onEnd: (end: WatchEnd) => Promise<void>;
	gapMs: number;
	timer: NodeJS.Timeout | undefined;
	looking: boolean;
	lastCheckedAt: number | undefined;
}

/**
 * Keeps looking for orders whose fate is not known (the answer to create_order was lost and the look-ups
 * did not find it yet), by periodic look-ups and by the stream, and says once how each watch ended.
 */
export class OrderWatch {
	private readonly watched = new Map<string, Watched>();
	private readonly stopListening: () => void;
	private stopped = false;

	constructor(private readonly parts: OrderWatchParts) {
		this.stopListening = parts.onOrderSeen((clientOrderId) => {
			const entry = clientOrderId === undefined ? undefined : this.watched.get(clientOrderId);
			if (entry) this.lookNow(entry);
		});
	}

	watch(clientOrderId: string, hint: Watched['hint'], onEnd: Watched['onEnd']): void {
		if (this.stopped || this.watched.has(clientOrderId)) return;
		const { settings, now } = this.parts;
		const entry: Watched = {
			clientOrderId,
			hint,
			until: now() + settings.watchForMs,
			onEnd,
			gapMs: settings.pollEveryMs,
			timer: undefined,
			looking: false,
			lastCheckedAt: undefined,
		};
		this.watched.set(clientOrderId, entry);
		this.schedule(entry);
	}

	get watchForMs(): number {
		return this.parts.settings.watchForMs;
	}

	/** How many orders are being watched. */
	get size(): number {
		return this.watched.size;
	}

	/** Stops every watch without ending it: after a restart the alert relay's catch-up shows such an order. */
	stop(): void {
		this.stopped = true;
		this.stopListening();
		for (const entry of this.watched.values()) clearTimeout(entry.timer);
		this.watched.clear();
	}

	private schedule(entry: Watched): void {
		const wait = Math.max(0, Math.min(entry.gapMs, entry.until - this.parts.now()));
		entry.timer = setTimeout(() => this.lookNow(entry), wait);
		entry.timer.unref();
		entry.gapMs = Math.min(entry.gapMs * 2, this.parts.settings.maxPollEveryMs);
	}

	private lookNow(entry: Watched): void {
		if (entry.looking || this.watched.get(entry.clientOrderId) !== entry) return;
		clearTimeout(entry.timer);
		entry.looking = true;
		void this.look(entry).finally(() => {
			entry.looking = false;
		});
	}

	private async look(entry: Watched): Promise<void> {
		try {
			const resolution = await this.parts.resolve(entry.clientOrderId, entry.hint);
			if (resolution.found) return this.end(entry, { kind: 'found', order: resolution.order });
			entry.lastCheckedAt = resolution.checkedAt;
		} catch {
			// The broker could not be asked this time; the next look-up asks again.
		}
		if (this.parts.now() >= entry.until) {
			return this.end(entry, { kind: 'still-not-found', lastCheckedAt: entry.lastCheckedAt });
		}
		if (this.watched.get(entry.clientOrderId) === entry) this.schedule(entry);
	}

	private async end(entry: Watched, end: WatchEnd): Promise<void> {
		if (this.watched.get(entry.clientOrderId) !== entry) return;
		this.watched.delete(entry.clientOrderId);
		clearTimeout(entry.timer);
		await entry.onEnd(end).catch(() => undefined);
	}
}
