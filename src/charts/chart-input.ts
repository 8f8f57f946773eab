import { z } from 'zod';
import { isTimeZone } from '../desk/trading-day.js';
import { toDecimalString } from '../zerocap/decimal-string.js';

const decimal = z.string().refine((text) => toDecimalString(text) !== undefined, { error: 'must be a decimal number' });
const instant = z.number().int().nonnegative();

/**
 * Everything one chart shows. It crosses into the render worker, so it is a schema as well as a type: the
 * worker parses what it is sent once, and past that trusts it.
 */
export const chartInputSchema = z
	.object({
		symbol: z.string().min(1),
		windowStart: instant,
		windowEnd: instant,
		asOf: instant,
		/** The desk's IANA time zone, e.g. Australia/Sydney: the axis and the title are read in it. */
		timeZone: z.string().refine(isTimeZone, { error: 'must be a time zone such as Australia/Sydney' }),
		deskCurrency: z.string().min(1),
		/** One-minute bars (a missing minute is a gap); only the minute and the mid's close are drawn. */
		bars: z.array(z.object({ minute: instant, close: decimal })),
		/** The buy and sell price for `size` per minute, from each bar's closing ladder; absent when not asked for. */
		sizeBand: z
			.object({
				size: decimal,
				points: z.array(z.object({ minute: instant, buy: decimal.optional(), sell: decimal.optional() })),
			})
			.optional(),
		fills: z.array(
			z.object({
				at: instant,
				side: z.enum(['buy', 'sell']),
				price: decimal,
				amount: decimal,
				valueInDeskCurrency: decimal,
			}),
		),
		vwap: z.object({ buy: decimal.optional(), sell: decimal.optional() }),
	})
	.refine((input) => input.windowStart < input.windowEnd, { error: 'the window must end after it starts' });

export type ChartInput = z.infer<typeof chartInputSchema>;
export type ChartFill = ChartInput['fills'][number];

/** Where the plot sits in the picture and what its edges mean, so that a test can find a fill's mark. */
export interface ChartLayout {
	readonly width: number;
	readonly height: number;
	readonly area: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
	readonly x: { readonly min: number; readonly max: number };
	readonly y: { readonly min: number; readonly max: number };
}

export const chartLayoutSchema: z.ZodType<ChartLayout> = z.object({
	width: z.number(),
	height: z.number(),
	area: z.object({ left: z.number(), right: z.number(), top: z.number(), bottom: z.number() }),
	x: z.object({ min: z.number(), max: z.number() }),
	y: z.object({ min: z.number(), max: z.number() }),
});

export interface RenderedChart {
	readonly png: Buffer;
	readonly layout: ChartLayout;
}

/** The chart's own linear scales: an instant to a pixel column, a price to a pixel row. */
export function chartScale(layout: ChartLayout): { x(at: number): number; y(price: number): number } {
	const { area, x, y } = layout;
	return {
		x: (at) => area.left + ((at - x.min) / (x.max - x.min)) * (area.right - area.left),
		y: (price) => area.bottom - ((price - y.min) / (y.max - y.min)) * (area.bottom - area.top),
	};
}
