import { Decimal } from 'decimal.js';
import type { Ladder, LadderTier, Side } from '../zerocap/domain.js';

/** What the desk needs from the stream: the latest ladder of a symbol with its age. */
export interface LadderSource {
	latestLadder(
		symbol: string,
	): { readonly ladder: Ladder; readonly ageMs: number; readonly available: boolean } | undefined;
}

export interface LiveQuote {
	readonly kind: 'live';
	readonly ladder: Ladder;
	readonly ageMs: number;
	/** (best buy + best sell) / 2, at the smallest tier. */
	readonly mid: Decimal;
	/** best buy − best sell. */
	readonly spread: Decimal;
	readonly spreadBps: Decimal;
}

/** A quote, or why there is none: prices never shown as current when they are not. */
export type Quote =
	| LiveQuote
	| { readonly kind: 'stale'; readonly ageMs: number }
	| { readonly kind: 'unavailable'; readonly ageMs: number }
	| { readonly kind: 'none' };

const tenThousand = new Decimal(10_000);

export function quoteFor(source: LadderSource, symbol: string, staleAfterMs: number): Quote {
	const latest = source.latestLadder(symbol);
	if (!latest) return { kind: 'none' };
	if (!latest.available) return { kind: 'unavailable', ageMs: latest.ageMs };
	if (latest.ageMs > staleAfterMs) return { kind: 'stale', ageMs: latest.ageMs };
	const bestBuy = latest.ladder.buyTiers[0];
	const bestSell = latest.ladder.sellTiers[0];
	if (!bestBuy || !bestSell) return { kind: 'none' };
	const buy = new Decimal(bestBuy.price);
	const sell = new Decimal(bestSell.price);
	const mid = buy.plus(sell).dividedBy(2);
	const spread = buy.minus(sell);
	return {
		kind: 'live',
		ladder: latest.ladder,
		ageMs: latest.ageMs,
		mid,
		spread,
		spreadBps: spread.dividedBy(mid).times(tenThousand),
	};
}

/** The all-in price for `amount` on `side` (the smallest tier that covers it), or undefined past the largest tier. */
export function priceForSize(ladder: Ladder, side: Side, amount: Decimal): Decimal | undefined {
	const tiers: readonly LadderTier[] = side === 'buy' ? ladder.buyTiers : ladder.sellTiers;
	const tier = tiers.find((candidate) => amount.lte(candidate.quantity));
	return tier ? new Decimal(tier.price) : undefined;
}
