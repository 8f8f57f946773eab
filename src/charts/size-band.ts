import { Decimal } from 'decimal.js';
import { coversSize } from '../desk/quote.js';
import type { ChartInput } from './chart-input.js';
import type { BucketClose } from './minute-bar.js';

/** The buy and sell price for `size` as each bar's minute closed, read from the bars' closing ladders. */
export function sizeBand(
	bars: readonly Pick<BucketClose, 'minute' | 'closingTiers'>[],
	size: Decimal,
): NonNullable<ChartInput['sizeBand']> {
	const covers = coversSize(size);
	return {
		size: size.toFixed(),
		points: bars.map((bar) => ({
			minute: bar.minute,
			buy: bar.closingTiers.buyTiers.find(covers)?.price,
			sell: bar.closingTiers.sellTiers.find(covers)?.price,
		})),
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
