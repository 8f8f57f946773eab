import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { DecimalString } from '../zerocap/decimal-string.js';
import { toDecimalString } from '../zerocap/decimal-string.js';
import type { LadderTier } from '../zerocap/domain.js';

export const minuteMs = 60_000;

/**
 * One symbol's quoted prices over one minute, from the stream's ladders: open/high/low/close of the mid at the
 * smallest tier, and the smallest tier's buy and sell prices and whole ladder as the minute closed (so that a
 * chart can draw the price for any size later). A minute without a ladder has no bar: a gap stays a gap.
 */
export interface MinuteBar {
	readonly symbol: string;
	/** The minute's first millisecond since the epoch (UTC minutes; every zone's offset is whole minutes). */
	readonly minute: number;
	readonly open: DecimalString;
	readonly high: DecimalString;
	readonly low: DecimalString;
	readonly close: DecimalString;
	/** What we pay to buy the smallest tier, as the minute closed. */
	readonly buy: DecimalString;
	/** What we receive selling the smallest tier, as the minute closed. */
	readonly sell: DecimalString;
	/** How many ladders the minute was made of. */
	readonly ladders: number;
	readonly closingTiers: { readonly buyTiers: readonly LadderTier[]; readonly sellTiers: readonly LadderTier[] };
}

/** Where closed bars are kept: written in batches, read back over a window, pruned by age. */
export interface PriceBarRecords {
	/** Writes every bar in one go (a bar written again replaces itself). */
	write(bars: readonly MinuteBar[]): void;
	/** A symbol's bars with `from ≤ minute < to`, oldest first. */
	read(symbol: string, from: number, to: number): MinuteBar[];
	/** Deletes bars of minutes before `before`; returns how many. */
	pruneBefore(before: number): number;
	/** Each symbol's latest stored minute: a restarted recorder takes nothing at or before it. */
	latestMinutes(): ReadonlyMap<string, number>;
}

/** What a chart draws of one bucket of minutes: the bucket's last bar, without its open, high and low. */
export type BucketClose = Pick<MinuteBar, 'symbol' | 'minute' | 'close' | 'closingTiers'>;

/** What a chart reads: as many rows as it plots, however many minutes the window holds. */
export interface ChartBarReads {
	/**
	 * The last bar of each `bucketMs` bucket (counted from the epoch) that has bars with `from ≤ minute < to`,
	 * oldest first; a bucket without a bar is left out, so a gap stays a gap.
	 */
	readBucketCloses(symbol: string, from: number, to: number, bucketMs: number): BucketClose[];
	/** How many bars a symbol has with `from ≤ minute < to`. */
	count(symbol: string, from: number, to: number): number;
}

export function minuteOf(at: number): number {
	return Math.floor(at / minuteMs) * minuteMs;
}

/** Exact decimal text of a computed price; `toFixed()` never uses exponent notation. */
export function decimalText(value: Decimal): DecimalString {
	const text = toDecimalString(value.toFixed());
	if (text === undefined) throw new RangeError(`not a finite price: ${value.toString()}`);
	return text;
}

/** (best buy + best sell) / 2, exactly. */
export function midOf(buy: DecimalString, sell: DecimalString): Decimal {
	return new Decimal(buy).plus(sell).dividedBy(2);
}

const decimal = z.string().transform((text, context) => {
	const value = toDecimalString(text);
	if (value === undefined) {
		context.addIssue({ code: 'custom', message: `not a decimal: ${text.slice(0, 40)}` });
		return z.NEVER;
	}
	return value;
});
const tiers = z.array(z.object({ price: decimal, quantity: decimal }));

const closingTiersSchema = z.object({ buyTiers: tiers, sellTiers: tiers });

/** A bucket's close read back from the store, checked once there. */
export const bucketCloseSchema: z.ZodType<BucketClose, unknown> = z.object({
	symbol: z.string(),
	minute: z.number().int(),
	close: decimal,
	closingTiers: closingTiersSchema,
});

/** A bar read back from where it was kept (the store), checked once there. */
export const minuteBarSchema: z.ZodType<MinuteBar, unknown> = z.object({
	symbol: z.string(),
	minute: z.number().int(),
	open: decimal,
	high: decimal,
	low: decimal,
	close: decimal,
	buy: decimal,
	sell: decimal,
	ladders: z.number().int(),
	closingTiers: closingTiersSchema,
});
