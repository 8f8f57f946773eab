import { Decimal } from 'decimal.js';
import type { Ladder } from '../zerocap/domain.js';
import { decimalText, type MinuteBar, midOf, minuteMs, minuteOf } from './minute-bar.js';

interface OpenBar {
	minute: number;
	open: Decimal;
	high: Decimal;
	low: Decimal;
	close: Decimal;
	last: Ladder;
	ladders: number;
}

function closeBar(symbol: string, bar: OpenBar): MinuteBar {
	const buy = bar.last.buyTiers[0]?.price;
	const sell = bar.last.sellTiers[0]?.price;
	// An open bar only ever holds a ladder with both sides (see `add`).
	if (buy === undefined || sell === undefined) throw new Error('a bar without a two-sided ladder');
	return {
		symbol,
		minute: bar.minute,
		open: decimalText(bar.open),
		high: decimalText(bar.high),
		low: decimalText(bar.low),
		close: decimalText(bar.close),
		buy,
		sell,
		ladders: bar.ladders,
		closingTiers: { buyTiers: bar.last.buyTiers, sellTiers: bar.last.sellTiers },
	};
}

/**
 * Turns each symbol's ladders into one-minute bars, by the broker's timestamps. A minute closes when a ladder of
 * a later minute arrives or when `closeUpTo` says the clock has passed it; a ladder for a minute already closed
 * (late or out of order) is counted and dropped, since its bar may already be stored; after a restart,
 * `storedThrough` says which minutes an earlier run stored. One-sided ladders have no mid and are skipped. Nothing
 * here does I/O: closed bars wait in `drain()`.
 */
export class MinuteBarAggregator {
	private readonly open = new Map<string, OpenBar>();
	/** The last minute closed per symbol: nothing at or before it is accepted again. */
	private readonly closedThrough = new Map<string, number>();
	private closed: MinuteBar[] = [];
	private dropped = 0;

	add(ladder: Ladder): void {
		const buy = ladder.buyTiers[0]?.price;
		const sell = ladder.sellTiers[0]?.price;
		if (buy === undefined || sell === undefined) return;
		const minute = minuteOf(ladder.timestamp);
		if (minute <= (this.closedThrough.get(ladder.symbol) ?? Number.NEGATIVE_INFINITY)) {
			this.dropped++;
			return;
		}
		const mid = midOf(buy, sell);
		const current = this.open.get(ladder.symbol);
		if (current && current.minute === minute) {
			current.high = Decimal.max(current.high, mid);
			current.low = Decimal.min(current.low, mid);
			current.close = mid;
			current.last = ladder;
			current.ladders++;
			return;
		}
		if (current) this.close(ladder.symbol, current);
		this.open.set(ladder.symbol, { minute, open: mid, high: mid, low: mid, close: mid, last: ladder, ladders: 1 });
	}

	/**
	 * The symbol's bars are stored up to and including `minute` (by an earlier run): a ladder stamped in one of
	 * those minutes would make a bar of a few ladders that replaces the whole one, so it is dropped as late.
	 */
	storedThrough(symbol: string, minute: number): void {
		if (minute > (this.closedThrough.get(symbol) ?? Number.NEGATIVE_INFINITY)) this.closedThrough.set(symbol, minute);
		const current = this.open.get(symbol);
		if (current && current.minute <= minute) {
			this.open.delete(symbol);
			this.dropped += current.ladders;
		}
	}

	/** Closes every open minute that ended at or before `at`. */
	closeUpTo(at: number): void {
		for (const [symbol, bar] of this.open) {
			if (bar.minute + minuteMs <= at) {
				this.close(symbol, bar);
				this.open.delete(symbol);
			}
		}
	}

	/** The bars closed since the last call, oldest minute first per symbol. */
	drain(): MinuteBar[] {
		const bars = this.closed;
		this.closed = [];
		return bars;
	}

	/** Ladders dropped because their minute had already closed. */
	get droppedLate(): number {
		return this.dropped;
	}

	private close(symbol: string, bar: OpenBar): void {
		this.closed.push(closeBar(symbol, bar));
		this.closedThrough.set(symbol, bar.minute);
	}
}
