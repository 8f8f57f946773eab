import { Decimal } from 'decimal.js';
import type { Ladder, LadderTier, Side } from '../zerocap/domain.js';

/** What the desk needs from the stream: the latest ladder of a symbol with its age. */
export interface LadderSource {
	latestLadder(
		symbol: string,
	): { readonly ladder: Ladder; readonly ageMs: number; readonly available: boolean } | undefined;
	/** The broker's words when it refused to quote the symbol at all. */
	quoteRefusal?(symbol: string): string | undefined;
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

/** Why there is no quote, in a sentence that names the symbol. */
export function noQuoteSentence(
	symbol: string,
	quote: Exclude<Quote, LiveQuote>,
	formatAge: (ms: number) => string,
): string {
	switch (quote.kind) {
		case 'not-quoted':
			return `The broker does not quote ${symbol} (it said: ${quote.reason.slice(0, 100)}).`;
		case 'unavailable':
			return `The broker says its price stream is unavailable (last price ${formatAge(quote.ageMs)}). Old prices are not shown as current.`;
		case 'stale':
			return `The last price for ${symbol} is ${formatAge(quote.ageMs)}; it is stale and not shown as current.`;
		case 'none':
			return `No price has arrived for ${symbol} yet.`;
	}
}

/** A quote, or why there is none: prices never shown as current when they are not. */
export type Quote =
	| LiveQuote
	| { readonly kind: 'stale'; readonly ageMs: number }
	| { readonly kind: 'unavailable'; readonly ageMs: number }
	/** The broker refused to quote the symbol: no price will come, however long one waits. */
	| { readonly kind: 'not-quoted'; readonly reason: string }
	| { readonly kind: 'none' };

const tenThousand = new Decimal(10_000);

export function quoteFor(source: LadderSource, symbol: string, staleAfterMs: number): Quote {
	const refusal = source.quoteRefusal?.(symbol);
	if (refusal !== undefined) return { kind: 'not-quoted', reason: refusal };
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

/**
 * Whether a tier covers `amount`: the rule by which a size is priced, as a predicate for `tiers.find`. Tier sizes
 * rarely change, so each is compared with `amount` once however many ladders the predicate is asked of.
 */
export function coversSize(amount: Decimal): (tier: LadderTier) => boolean {
	const answers = new Map<string, boolean>();
	return (tier) => {
		let covers = answers.get(tier.quantity);
		if (covers === undefined) {
			covers = amount.lte(tier.quantity);
			answers.set(tier.quantity, covers);
		}
		return covers;
	};
}

/** The all-in price for `amount` on `side` (the smallest tier that covers it), or undefined past the largest tier. */
export function priceForSize(ladder: Ladder, side: Side, amount: Decimal): Decimal | undefined {
	const tiers: readonly LadderTier[] = side === 'buy' ? ladder.buyTiers : ladder.sellTiers;
	const tier = tiers.find(coversSize(amount));
	return tier ? new Decimal(tier.price) : undefined;
}
