import { setImmediate as nextTurn } from 'node:timers/promises';
import { Decimal } from 'decimal.js';
import type { ChartInput } from './chart-input.js';
import { bucketMsFor } from './chart-series.js';
import type { ChartBarReads } from './minute-bar.js';
import { minutesDue } from './minutes-due.js';
import { sizeBand } from './size-band.js';

/**
 * Plotted buckets read per turn of the event loop: a few ms each, so that however long the window, the bot's
 * other work never waits long for a chart's read.
 */
const bucketsPerTurn = 100;

type BandPoint = NonNullable<ChartInput['sizeBand']>['points'][number];

export interface WindowPrices {
	/** One close per plotted bucket that has a bar, oldest first: a bucket without one is a gap. */
	readonly bars: ChartInput['bars'];
	/** The buy and sell price for the band's size per bucket; undefined when no size was asked for or recorded. */
	readonly band: { readonly size: Decimal; readonly points: BandPoint[] } | undefined;
	readonly minutesRecorded: number;
	readonly minutesSpanned: number;
}

/**
 * What a chart of `[start, end)` draws from the store: one row per plotted bucket (a 30-day window is ~1,500
 * rows, not 43,200), the band priced from each row's closing ladder, and how many of the window's due minutes
 * have a bar (`writtenBy`: see `minutesDue`). Read a slice of buckets per turn of the event loop, newest first,
 * so that the band's default size (the smallest the dealer quotes as the window ends) is known from the first
 * slice and no ladder is kept past its slice.
 */
export async function readWindowPrices(
	bars: ChartBarReads,
	what: {
		readonly symbol: string;
		readonly start: number;
		readonly end: number;
		readonly size: Decimal | undefined;
		readonly writtenBy: number;
	},
): Promise<WindowPrices> {
	const { symbol, start, end } = what;
	const bucketMs = bucketMsFor(start, end);
	const due = minutesDue(start, end, what.writtenBy);
	// Slices start on whole buckets, so that no bucket is split between two reads.
	const sliceMs = bucketMs * bucketsPerTurn;
	const slices: { bars: ChartInput['bars']; points: BandPoint[] }[] = [];
	let size = what.size;
	let minutesRecorded = 0;
	for (let to = end; to > start; ) {
		const from = Math.max(start, Math.floor((to - 1) / sliceMs) * sliceMs);
		const closes = bars.readBucketCloses(symbol, from, to, bucketMs);
		const smallest = closes.at(-1)?.closingTiers.buyTiers[0]?.quantity;
		if (size === undefined && smallest !== undefined) size = new Decimal(smallest);
		slices.unshift({
			bars: closes.map((close) => ({ minute: close.minute, close: close.close })),
			points: size === undefined ? [] : sizeBand(closes, size).points,
		});
		const counted = { from: Math.max(from, due.from), to: Math.min(to, due.to) };
		if (counted.from < counted.to) minutesRecorded += bars.count(symbol, counted.from, counted.to);
		to = from;
		await nextTurn();
	}
	const drawn = slices.flatMap((slice) => slice.bars);
	return {
		bars: drawn,
		band:
			size === undefined || drawn.length === 0 ? undefined : { size, points: slices.flatMap((slice) => slice.points) },
		minutesRecorded,
		minutesSpanned: due.count,
	};
}
