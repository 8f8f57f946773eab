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
	/** The smallest value, in the desk's currency, the desk accepts on one order. */
	readonly minOrderValue: Decimal;
	/** An order worth more than this at worst is sent only once a second person approves it. */
	readonly approvalAbove: Decimal;
}

export interface OrderPreview {
	readonly draft: OrderDraft;
	/** The ladder's price for this size and side, when a live ladder is there. */
	readonly indicativePrice: Decimal | undefined;
	/** What the order can cost at worst, in the desk's currency: every limit is checked against this. */
	readonly valuation: Valuation;
	readonly needsRetype: boolean;
	/** The approval threshold, when the order is worth more: Confirm then asks an approver instead of sending. */
	readonly approvalAbove: Decimal | undefined;
	/** A limit far from the market, in a sentence the trader must acknowledge before Confirm sends. */
	readonly limitWarning: string | undefined;
	/** What the broker's rules and figures said of the order when the ticket opened, for the ticket to show. */
	readonly brokerNotes?: readonly string[];
}

/** Why the worst case is what it is, for the trader. */
export function basisWords(preview: Pick<OrderPreview, 'draft' | 'valuation'>): string {
	const { draft, valuation } = preview;
	if (valuation.basis === 'quote') return 'it fills whole at the dealer’s quoted price, or not at all';
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
	if (value.lt(limits.minOrderValue)) {
		return refuse(
			`This order is worth ${formatMoney(value, currency)}, below the desk’s minimum of ${formatMoney(limits.minOrderValue, currency)} per order. Nothing was sent.`,
		);
	}
	return accept({
		...preview,
		needsRetype: value.gte(limits.retypeAbove),
		approvalAbove: value.gt(limits.approvalAbove) ? limits.approvalAbove : undefined,
		limitWarning: farLimitWarning(draft, context, limits.limitFarPercent),
	});
}
