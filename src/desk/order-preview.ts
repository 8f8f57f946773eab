import type { Decimal } from 'decimal.js';
import { accept, type Checked, refuse } from './checked.js';
import { formatMoney } from './money.js';
import type { OrderDraft } from './order-input.js';
import { priceForSize, quoteFor } from './quote.js';
import { farLimitWarning, type Valuation, type ValuationContext, valueOrder } from './valuation.js';

export interface OrderLimits {
	/** The largest value at worst, in the desk's currency, the desk allows on one order. */
	readonly maxOrderValue: Decimal;
	/** From this value at worst the trader must type the amount again before the order goes out. */
	readonly retypeAbove: Decimal;
	/** A limit this many percent or more from the market must be acknowledged on the ticket. */
	readonly limitFarPercent: Decimal;
}

export interface OrderPreview {
	readonly draft: OrderDraft;
	/** The ladder's price for this size and side, when a live ladder is there. */
	readonly indicativePrice: Decimal | undefined;
	/** What the order can cost at worst, in the desk's currency: every limit is checked against this. */
	readonly valuation: Valuation;
	readonly needsRetype: boolean;
	/** A limit far from the market, in a sentence the trader must acknowledge before Confirm sends. */
	readonly limitWarning: string | undefined;
}

/** Why the worst case is what it is, for the trader. */
export function basisWords(preview: Pick<OrderPreview, 'draft' | 'valuation'>): string {
	const { draft, valuation } = preview;
	if (valuation.basis === 'limit')
		return draft.side === 'buy' ? 'the most it pays is its limit' : 'it sells at its limit or better';
	return draft.type === 'limit'
		? 'its limit is through the market, so it fills at the market'
		: 'at the market for its size';
}

/** What the ticket will show, or why there can be no ticket. Nothing here talks to the broker. */
export function previewOrder(draft: OrderDraft, context: ValuationContext, limits: OrderLimits): Checked<OrderPreview> {
	const valuation = valueOrder(draft, context);
	if (!valuation.ok) return valuation;
	const quote = quoteFor(context.ladders, draft.symbol, context.staleAfterMs);
	const indicativePrice = quote.kind === 'live' ? priceForSize(quote.ladder, draft.side, draft.amount) : undefined;
	const preview = { draft, indicativePrice, valuation: valuation.value };
	const { value, currency } = valuation.value;
	if (value.gt(limits.maxOrderValue)) {
		return refuse(
			`This order is worth up to ${formatMoney(value, currency)} (${basisWords(preview)}), above the desk's limit of ${formatMoney(limits.maxOrderValue, currency)} per order.`,
		);
	}
	return accept({
		...preview,
		needsRetype: value.gte(limits.retypeAbove),
		limitWarning: farLimitWarning(draft, context, limits.limitFarPercent),
	});
}
