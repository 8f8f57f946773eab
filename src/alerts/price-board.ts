import type { Logger } from 'pino';
import type { AlertRoute } from '../desk/alert-routes.js';
import { type LadderSource, quoteFor } from '../desk/quote.js';
import type { AlertPoster } from './poster.js';
import { renderPriceBoard, renderRetiredBoard } from './price-board-render.js';

/** The message that shows the live price board, so that a restart edits it again rather than posting anew. */
export interface BoardMessage {
	readonly channelId: string;
	readonly messageId: string;
	readonly postedAt: number;
}

/** Which message is the board, kept across restarts so that it is edited again; the store implements it. */
export interface PriceBoardMemory {
	current(): BoardMessage | undefined;
	set(board: BoardMessage): void;
	clear(): void;
}

export interface PriceBoardOptions {
	readonly prices: LadderSource;
	readonly symbols: readonly string[];
	readonly staleAfterMs: number;
	readonly routes: { get(kind: 'prices'): AlertRoute | undefined };
	readonly poster: AlertPoster;
	/** Whether a failed edit means the message is gone (deleted by someone), so a new board is posted. */
	readonly isUnknownMessage: (error: unknown) => boolean;
	readonly store: PriceBoardMemory;
	readonly logger: Logger;
	/** The desk's zone, for the times on the board. */
	readonly timeZone: string;
	/** At most one write per this long: Discord allows about 5 writes per 5 s per channel, shared with alerts. */
	readonly minWriteIntervalMs?: number;
	/** How often the board is checked without a new price: stale prices, a changed route. */
	readonly refreshEveryMs?: number;
	/** After a failed write the next waits this long, doubling with each failure in a row up to 5 minutes. */
	readonly retryBaseMs?: number;
	/** A board is replaced before Discord starts limiting edits to messages older than an hour. */
	readonly replaceAfterMs?: number;
	readonly now?: () => number;
}

export interface PriceBoardStats {
	readonly posts: number;
	readonly edits: number;
	readonly failures: number;
}

const maxRetryDelayMs = 5 * 60_000;

/**
 * One message in the `prices` route's channel showing the latest price of every desk symbol, edited in place.
 * Prices are conflated: however many ladders arrive, the board is written at most once per interval with the
 * latest ones, and not at all when nothing it shows has changed. Board messages are always posted silently.
 */
export class PriceBoard {
	private readonly minWriteIntervalMs: number;
	private readonly now: () => number;
	private timer: NodeJS.Timeout | undefined;
	private refresher: NodeJS.Timeout | undefined;
	private writing: Promise<void> | undefined;
	private dirty = false;
	private stopped = false;
	private lastWriteAt = Number.NEGATIVE_INFINITY;
	private lastShown: string | undefined;
	private failuresInARow = 0;
	private counts = { posts: 0, edits: 0, failures: 0 };
	private readonly waiters: (() => void)[] = [];

	constructor(private readonly options: PriceBoardOptions) {
		this.minWriteIntervalMs = options.minWriteIntervalMs ?? 2000;
		this.now = options.now ?? Date.now;
	}

	start(): void {
		this.refresher = setInterval(() => this.changed(), this.options.refreshEveryMs ?? 5000);
		this.changed();
	}

	/** Something the board shows may have changed; it is written at the next allowed moment. */
	changed(): void {
		if (this.stopped) return;
		this.dirty = true;
		if (this.timer || this.writing) return;
		const retryBaseMs = this.options.retryBaseMs ?? 1000;
		const backoff =
			this.failuresInARow === 0 ? 0 : Math.min(maxRetryDelayMs, 2 ** (this.failuresInARow - 1) * retryBaseMs);
		const wait = Math.max(0, this.lastWriteAt + Math.max(this.minWriteIntervalMs, backoff) - this.now());
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.writing = this.write().finally(() => {
				this.writing = undefined;
				if (this.dirty && !this.stopped) this.changed();
				else for (const wake of this.waiters.splice(0)) wake();
			});
		}, wait);
	}

	/** Resolves once everything asked of the board so far is written (or has failed). */
	settled(): Promise<void> {
		if (!this.timer && !this.writing) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	stats(): PriceBoardStats {
		return { ...this.counts };
	}

	/** Stops updating and says so on the board, so that its last prices are not read as current. */
	async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		this.timer = undefined;
		clearInterval(this.refresher);
		await this.writing;
		for (const wake of this.waiters.splice(0)) wake();
		const board = this.options.store.current();
		// The record is kept: the next start edits the same message back to live prices.
		if (board) await this.retire(board, 'The desk bot stopped', false);
	}

	private async write(): Promise<void> {
		this.dirty = false;
		try {
			await this.show();
			this.failuresInARow = 0;
		} catch (error) {
			this.failuresInARow += 1;
			this.counts.failures += 1;
			this.dirty = true;
			this.options.logger.warn({ err: String(error), failuresInARow: this.failuresInARow }, 'price board not updated');
		} finally {
			// Counted from when Discord answered, so that two writes never land closer than the interval.
			this.lastWriteAt = this.now();
		}
	}

	private async show(): Promise<void> {
		const { store, routes, poster } = this.options;
		const route = routes.get('prices');
		let board = store.current();
		if (!route || route.mode === 'off') {
			if (board) await this.retire(board, 'The price board was turned off', true);
			return;
		}
		const replaceAfterMs = this.options.replaceAfterMs ?? 50 * 60_000;
		if (board && board.channelId !== route.channelId) {
			await this.retire(board, `The price board moved to <#${route.channelId}>`, true);
			board = undefined;
		} else if (board && this.now() - board.postedAt >= replaceAfterMs) {
			await this.retire(board, 'A newer price board follows', true);
			board = undefined;
		}
		const now = this.now();
		const { prices, symbols, staleAfterMs } = this.options;
		const lines = symbols.map((symbol) => ({ symbol, quote: quoteFor(prices, symbol, staleAfterMs) }));
		const message = renderPriceBoard(lines, now, this.options.timeZone);
		const shown = JSON.stringify(message);
		if (board && shown === this.lastShown) return;
		if (board) {
			try {
				await poster.edit(board.channelId, board.messageId, message);
				this.counts.edits += 1;
				this.lastShown = shown;
				return;
			} catch (error) {
				if (!this.options.isUnknownMessage(error)) throw error;
				store.clear();
			}
		}
		const nonce = `board-${now.toString(36)}`;
		const messageId = await poster.post(route.channelId, message, { silent: true, nonce });
		store.set({ channelId: route.channelId, messageId, postedAt: now });
		this.counts.posts += 1;
		this.lastShown = shown;
	}

	/** Marks a board as no longer updating; a board already deleted needs nothing. */
	private async retire(board: BoardMessage, reason: string, forget: boolean): Promise<void> {
		try {
			await this.options.poster.edit(
				board.channelId,
				board.messageId,
				renderRetiredBoard(reason, this.now(), this.options.timeZone),
			);
			this.counts.edits += 1;
		} catch (error) {
			if (!this.options.isUnknownMessage(error)) {
				this.options.logger.warn({ err: String(error) }, 'could not mark the old price board as not updating');
			}
		}
		if (forget) this.options.store.clear();
		this.lastShown = undefined;
	}
}
