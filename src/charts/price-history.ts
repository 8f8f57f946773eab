import type { Ladder } from '../zerocap/domain.js';
import { type MinuteBar, minuteMs, type PriceBarRecords } from './minute-bar.js';
import { MinuteBarAggregator } from './minute-bars.js';

export interface PriceHistoryOptions {
	readonly records: PriceBarRecords;
	readonly now: () => number;
	/** How often closed minutes are written, in one transaction; default 10 s. */
	readonly flushEveryMs?: number;
	/**
	 * How long after a minute ends its bar stays open for ladders the broker stamped inside it but that arrive
	 * late; default 5 s.
	 */
	readonly closeGraceMs?: number;
	/** Bars older than this many days are pruned (at start and hourly); default 30. */
	readonly keepDays?: number;
	/** A write or prune failed: the bars are kept and retried at the next flush. */
	readonly onError?: (error: unknown) => void;
}

const defaultFlushEveryMs = 10_000;
const defaultCloseGraceMs = 5_000;
/**
 * How long after a minute ends its bar may still be on its way to the store (the grace for late ladders, then the
 * next batch), with the recorder's defaults: a chart does not call a minute missing before then.
 */
export const barWrittenWithinMs = defaultCloseGraceMs + defaultFlushEveryMs;

const dayMs = 24 * 60 * minuteMs;
const pruneEveryMs = 60 * minuteMs;
/** Bars held while the store keeps failing, beyond which the oldest are given up (a gap rather than a leak). */
const maxPendingBars = 50_000;

/**
 * Records the stream's ladders as one-minute bars. `onLadder` only aggregates in memory, so the stream is never
 * held up by the store; closed minutes are written in batches on a timer. `stop()` writes what is closed; the
 * minute still open is not a full minute and is left out.
 */
export class PriceHistoryRecorder {
	private readonly aggregator = new MinuteBarAggregator();
	private pending: MinuteBar[] = [];
	private timer: NodeJS.Timeout | undefined;
	private lastPruneAt = Number.NEGATIVE_INFINITY;
	private readonly flushEveryMs: number;
	private readonly closeGraceMs: number;
	private readonly keepMs: number;

	constructor(private readonly options: PriceHistoryOptions) {
		this.flushEveryMs = options.flushEveryMs ?? defaultFlushEveryMs;
		this.closeGraceMs = options.closeGraceMs ?? defaultCloseGraceMs;
		this.keepMs = (options.keepDays ?? 30) * dayMs;
	}

	/** The stream's `ladder` listener. */
	readonly onLadder = (ladder: Ladder): void => {
		this.aggregator.add(ladder);
	};

	/** Learns what earlier runs stored, then writes closed minutes on a timer. */
	start(): void {
		if (this.timer) return;
		this.rememberStored();
		this.flush();
		this.timer = setInterval(() => this.flush(), this.flushEveryMs);
		this.timer.unref();
	}

	/** Writes every closed minute in one batch; returns how many bars were written. */
	flush(): number {
		const now = this.options.now();
		this.aggregator.closeUpTo(now - this.closeGraceMs);
		this.pending.push(...this.aggregator.drain());
		if (this.pending.length > maxPendingBars) this.pending = this.pending.slice(-maxPendingBars);
		let written = 0;
		try {
			if (this.pending.length > 0) {
				this.options.records.write(this.pending);
				written = this.pending.length;
				this.pending = [];
			}
			if (now - this.lastPruneAt >= pruneEveryMs) {
				this.options.records.pruneBefore(now - this.keepMs);
				this.lastPruneAt = now;
			}
		} catch (error) {
			this.options.onError?.(error);
		}
		return written;
	}

	private rememberStored(): void {
		try {
			for (const [symbol, minute] of this.options.records.latestMinutes())
				this.aggregator.storedThrough(symbol, minute);
		} catch (error) {
			this.options.onError?.(error);
		}
	}

	/** Stops the timer and writes what is closed. */
	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.flush();
	}

	/** Ladders dropped because their minute had already been closed and written. */
	get droppedLate(): number {
		return this.aggregator.droppedLate;
	}
}
