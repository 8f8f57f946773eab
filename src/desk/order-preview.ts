import type { Decimal } from 'decimal.js';
import { accept, type Checked, refuse } from './checked.js';
import type { OrderDraft } from './order-input.js';
import { type LadderSource, priceForSize, quoteFor } from './quote.js';

export interface OrderLimits {
	/** The largest notional (amount × price, in the symbol's quote currency) the desk allows on one order. */
	readonly maxNotional: Decimal;
	/** At or above this notional the trader must type the amount again before the order goes out. */
	readonly retypeAbove: Decimal;
	/** A ladder older than this is not a price. */
	readonly staleAfterMs: number;
}

export interface OrderPreview {
	readonly draft: OrderDraft;
	/** The ladder's price for this size and side, when a live ladder is there. */
	readonly indicativePrice: Decimal | undefined;
	/** amount × limit price, or amount × indicative price for a market order. */
	readonly notional: Decimal;
	readonly needsRetype: boolean;
}

function formatAge(ms: number): string {
	return `${Math.round(ms / 1000)} s`;
}

/** What the ticket will show, or why there can be no ticket. Nothing here talks to the broker. */
export function previewOrder(draft: OrderDraft, source: LadderSource, limits: OrderLimits): Checked<OrderPreview> {
	const quote = quoteFor(source, draft.symbol, limits.staleAfterMs);
	const indicativePrice = quote.kind === 'live' ? priceForSize(quote.ladder, draft.side, draft.amount) : undefined;
	if (quote.kind === 'live' && indicativePrice === undefined) {
		const tiers = draft.side === 'buy' ? quote.ladder.buyTiers : quote.ladder.sellTiers;
		const largest = tiers[tiers.length - 1]?.quantity ?? '0';
		return refuse(
			`The amount ${draft.amount.toFixed()} is larger than the largest size quoted for ${draft.symbol} (${largest}); the broker would reject it.`,
		);
	}
	let notional: Decimal;
	if (draft.price) notional = draft.amount.times(draft.price);
	else if (indicativePrice) notional = draft.amount.times(indicativePrice);
	else if (quote.kind === 'not-quoted') {
		return refuse(
			`The broker does not quote ${draft.symbol} (it said: ${quote.reason.slice(0, 100)}), so it cannot be traded here.`,
		);
	} else {
		const why =
			quote.kind === 'stale'
				? `the last price is ${formatAge(quote.ageMs)} old`
				: quote.kind === 'unavailable'
					? 'the price stream is unavailable'
					: 'no price has arrived yet';
		return refuse(
			`No live price for ${draft.symbol} (${why}), so a market order cannot be checked against the desk's limits. Try again shortly.`,
		);
	}
	if (notional.gt(limits.maxNotional)) {
		return refuse(
			`The notional ${notional.toFixed(2)} is above the desk's limit of ${limits.maxNotional.toFixed()} per order.`,
		);
	}
	return accept({ draft, indicativePrice, notional, needsRetype: notional.gte(limits.retypeAbove) });
}
