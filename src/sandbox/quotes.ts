import { randomUUID } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import type { Market, Side } from './market.js';
import type { NewOrder, QuoteTaker, QuoteVerdict } from './order-types.js';

export interface QuoteRequest {
	readonly symbol: string;
	readonly side: Side;
	readonly amount: Decimal;
	readonly clientOrderId: string;
}

export interface SandboxQuote {
	readonly id: string;
	readonly accountId: string;
	readonly clientOrderId: string;
	readonly symbol: string;
	readonly side: Side;
	readonly amount: Decimal;
	readonly price: Decimal;
	readonly createdAt: number;
	readonly expiresAt: number;
}

export type QuoteAnswer =
	| { readonly kind: 'quoted'; readonly quote: SandboxQuote }
	| { readonly kind: 'rejected'; readonly request: QuoteRequest; readonly reason: string; readonly at: number };

export interface QuoteBookOptions {
	readonly now: () => number;
	/** How long a quote can be taken; default 10 s. */
	readonly ttlMs?: number;
	readonly newId?: () => string;
	/**
	 * Blocks past the ladder are quoted, as an OTC dealer does, up to this many times the largest tier, at the
	 * largest tier's price widened by `premiumBps` per largest-tier size; without it they are declined.
	 */
	readonly blocks?: BlockQuotes;
}

export interface BlockQuotes {
	readonly upToTiers: number;
	readonly premiumBps: number;
}

/** An expired quote is still recognised this long, so that a late execution is told why it failed. */
const rememberedMs = 24 * 3_600_000;

/**
 * Firm quotes (request_for_quote). A quote is taken by a create_order that carries its client order id, for
 * the same symbol, side and amount, as a limit at the quoted price: it then fills whole at that price, or is
 * rejected with a reason when the quote expired, does not match, or the dealer's last look declines it.
 */
export class QuoteBook implements QuoteTaker {
	private readonly quotes = new Map<string, SandboxQuote>();
	private readonly ttlMs: number;
	private readonly newId: () => string;
	private lastLooks: { remaining: number; reason: string } | undefined;

	constructor(
		private readonly market: Market,
		private readonly options: QuoteBookOptions,
	) {
		this.ttlMs = options.ttlMs ?? 10_000;
		this.newId = options.newId ?? randomUUID;
	}

	/** A firm price for the whole amount, replacing any earlier quote with the same client order id. */
	request(accountId: string, request: QuoteRequest): QuoteAnswer {
		const now = this.options.now();
		this.forgetOld(now);
		const price = this.market.priceFor(request.symbol, request.side, request.amount) ?? this.blockPrice(request);
		if (!price) {
			const tier = this.market.largestTier(request.symbol);
			const { blocks } = this.options;
			const largest = blocks ? `block quoted (${tier.times(blocks.upToTiers).toFixed()})` : `tier (${tier.toFixed()})`;
			const reason = `amount ${request.amount.toFixed()} is larger than the largest ${largest} for ${request.symbol}`;
			return { kind: 'rejected', request, reason, at: now };
		}
		const quote: SandboxQuote = {
			id: this.newId(),
			accountId,
			...request,
			price,
			createdAt: now,
			expiresAt: now + this.ttlMs,
		};
		this.quotes.set(key(accountId, request.clientOrderId), quote);
		return { kind: 'quoted', quote };
	}

	private blockPrice(request: QuoteRequest): Decimal | undefined {
		const { blocks } = this.options;
		if (!blocks || request.amount.gt(this.market.largestTier(request.symbol).times(blocks.upToTiers))) return undefined;
		return this.market.blockPrice(request.symbol, request.side, request.amount, blocks.premiumBps);
	}

	take(accountId: string, order: NewOrder): QuoteVerdict | undefined {
		const quoteKey = key(accountId, order.clientOrderId);
		const quote = this.quotes.get(quoteKey);
		if (!quote) return undefined;
		// Taken once, whatever the outcome: a quote that was refused cannot be tried again.
		this.quotes.delete(quoteKey);
		const now = this.options.now();
		if (now > quote.expiresAt) {
			return reject(`quote ${quote.id} expired at ${new Date(quote.expiresAt).toISOString()}; ask for a new quote`);
		}
		const matches =
			order.type === 'limit' &&
			order.symbol === quote.symbol &&
			order.side === quote.side &&
			order.amount.eq(quote.amount) &&
			order.price?.eq(quote.price) === true;
		if (!matches) {
			return reject(
				`client_order_id ${quote.clientOrderId} belongs to quote ${quote.id}: take it with a limit order to ${quote.side} ${quote.amount.toFixed()} ${quote.symbol} at ${quote.price.toFixed()}`,
			);
		}
		if (this.lastLooks) {
			const { reason } = this.lastLooks;
			this.lastLooks.remaining--;
			if (this.lastLooks.remaining <= 0) this.lastLooks = undefined;
			return reject(`last look: ${reason}`);
		}
		return { kind: 'fill', price: quote.price };
	}

	/** The next `count` quote executions that would fill are declined instead (the dealer's last look). */
	declineNext(count: number, reason = 'the dealer declined the trade'): void {
		this.lastLooks = count > 0 ? { remaining: count, reason } : undefined;
	}

	/** Quotes not yet taken, expired or not. */
	get outstanding(): number {
		return this.quotes.size;
	}

	private forgetOld(now: number): void {
		for (const [quoteKey, quote] of this.quotes) {
			if (now - quote.expiresAt > rememberedMs) this.quotes.delete(quoteKey);
		}
	}
}

function key(accountId: string, clientOrderId: string): string {
	return `${accountId}\u0000${clientOrderId}`;
}

function reject(reason: string): QuoteVerdict {
	return { kind: 'reject', reason };
}
