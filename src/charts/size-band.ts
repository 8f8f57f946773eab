import { Decimal } from 'decimal.js';
import { priceForSize } from '../desk/quote.js';
import type { ChartInput } from './chart-input.js';
import type { MinuteBar } from './minute-bar.js';

/** The buy and sell price for `size` as each minute closed, read from the bars' closing ladders. */
export function sizeBand(bars: readonly MinuteBar[], size: Decimal): NonNullable<ChartInput['sizeBand']> {
	return {
		size: size.toFixed(),
		points: bars.map((bar) => {
			const ladder = { symbol: bar.symbol, timestamp: bar.minute, ...bar.closingTiers };
			return {
				minute: bar.minute,
				buy: priceForSize(ladder, 'buy', size)?.toFixed(),
				sell: priceForSize(ladder, 'sell', size)?.toFixed(),
			};
		}),
	};
}

/** The volume-weighted average price of the desk's fills on one side, or undefined when there were none. */
export function vwapOf(fills: ChartInput['fills'], side: 'buy' | 'sell'): string | undefined {
	let amount = new Decimal(0);
	let cost = new Decimal(0);
	for (const fill of fills) {
		if (fill.side !== side) continue;
		amount = amount.plus(fill.amount);
		cost = cost.plus(new Decimal(fill.amount).times(fill.price));
	}
	return amount.isZero() ? undefined : cost.dividedBy(amount).toFixed();
}
