import { Decimal } from 'decimal.js';
import type { QuoteRequest } from '../zerocap/account-calls.js';
import { toDecimalString } from '../zerocap/decimal-string.js';
import type { Quote } from '../zerocap/domain-account.js';
import { isZerocapError, QuoteRejectedError } from '../zerocap/errors.js';
import type { CallLane } from '../zerocap/limiter.js';
import { accept, type Checked, refuse } from './checked.js';
import { groupDigits } from './money.js';
import type { OrderDraft } from './order-input.js';
import type { FirmQuote } from './tickets.js';

/** Asks the dealer for a firm price. */
export interface QuoteRequester {
	requestQuote(request: QuoteRequest, lane?: CallLane): Promise<Quote>;
}

/** No quote lives longer than this on the desk, whatever the broker stamps on it. */
const longestQuoteMs = 5 * 60_000;

/**
 * When the quote stops being good on the desk's clock. The broker stamps both ends on its own clock, so the
 * quote's life is measured there and counted from when it was asked for: the desk's expiry is never later than
 * the broker's.
 */
export function localExpiry(quote: Quote, askedAt: number): number {
	const life = quote.createdAt === undefined ? quote.expiresAt - askedAt : quote.expiresAt - quote.createdAt;
	return askedAt + Math.min(Math.max(life, 0), longestQuoteMs);
}

/**
 * The dealer's firm price for the draft's side and size, asked with `clientOrderId` (the ticket that will take
 * it), or why there is none. Asking again with the same id replaces the quote, so a retried request leaves one.
 */
export async function askForQuote(
	dealer: QuoteRequester,
	draft: Pick<OrderDraft, 'symbol' | 'side' | 'amount'>,
	clientOrderId: string,
	person: string,
	now: () => number,
): Promise<Checked<FirmQuote>> {
	const amount = toDecimalString(draft.amount.toFixed());
	if (amount === undefined) return refuse('The amount cannot be sent as a decimal. Nothing was sent.');
	const askedAt = now();
	try {
		const quote = await dealer.requestQuote(
			{ symbol: draft.symbol, side: draft.side, amount, clientOrderId },
			{ kind: 'read', person },
		);
		return accept({ quote, expiresAt: localExpiry(quote, askedAt) });
	} catch (error) {
		if (error instanceof QuoteRejectedError) {
			return refuse(`The dealer gave no quote: ${error.reason.slice(0, 300)}. Nothing was sent.`);
		}
		// A busy trader's request is refused as every read is, by whoever shows refusals.
		if (isZerocapError(error) && error.kind !== 'busy') return refuse(error.userMessage);
		throw error;
	}
}

/** The order the quote makes: a limit at the quoted price, which is what taking it sends. */
export function quotedDraft(draft: OrderDraft, quote: Quote): OrderDraft {
	return { ...draft, type: 'limit', price: new Decimal(quote.price), priceIgnored: false, firmQuote: true };
}

/** Whether `fresh` is no worse for the trader than `approved`: lower or equal to buy, higher or equal to sell. */
export function noWorse(side: string, fresh: Decimal, approved: Decimal): boolean {
	return side === 'buy' ? fresh.lte(approved) : fresh.gte(approved);
}

export const priceWords = (price: Decimal) => groupDigits(price.toFixed());
