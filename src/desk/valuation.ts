import { Decimal } from 'decimal.js';
import type { Ladder, Side } from '../zerocap/domain.js';
import { accept, type Checked, refuse } from './checked.js';
import type { OrderDraft } from './order-input.js';
import { type LadderSource, priceForSize, quoteFor } from './quote.js';

/** What an order can cost at worst (a buy) or move at worst (a sell), in the desk's currency. */
export interface Valuation {
	readonly value: Decimal;
	readonly currency: string;
	/** The same in the symbol's quote currency. */
	readonly quoteValue: Decimal;
	readonly quoteCurrency: string;
	/** The price the worst case assumes, and why: the order's limit, the market for its size, or a dealer's quote. */
	readonly worstPrice: Decimal;
	readonly basis: 'limit' | 'market' | 'quote';
	/** The price of the quote currency in the desk's, when they differ. */
	readonly conversion: { readonly symbol: string; readonly rate: Decimal } | undefined;
}

export interface ValuationContext {
	readonly ladders: LadderSource;
	readonly symbols: readonly string[];
	readonly staleAfterMs: number;
	readonly deskCurrency: string;
}

function ageWords(ms: number): string {
	return `${Math.round(ms / 1000)} s`;
}

/** The price an order of this side and size meets at the market, on this ladder; undefined past its largest tier. */
function marketPrice(ladders: LadderSource, symbol: string, side: Side, amount: Decimal, staleAfterMs: number) {
	const quote = quoteFor(ladders, symbol, staleAfterMs);
	return { quote, price: quote.kind === 'live' ? priceForSize(quote.ladder, side, amount) : undefined };
}

/** The ladder's worst quoted price on a side: a size past its largest tier would meet at least that. */
function worstTier(ladder: Ladder, side: Side): Decimal | undefined {
	const tiers = side === 'buy' ? ladder.buyTiers : ladder.sellTiers;
	const last = tiers[tiers.length - 1];
	return last ? new Decimal(last.price) : undefined;
}

/** A limit is marketable when it would trade at once against the market price for its size. */
function marketable(side: Side, limit: Decimal, market: Decimal): boolean {
	return side === 'buy' ? limit.gte(market) : limit.lte(market);
}

/**
 * The worst price the broker may fill the order at, in the quote currency. A buy limit pays at most its limit;
 * a marketable sell limit fills at the market, so it is worth the larger of its limit and the market price; a
 * market order is worth the live price for its size. Without a live price, a limit order is valued at its
 * limit only if the last known price shows it would not fill at once. A firm quote is worth its quoted price.
 */
function worstPrice(draft: OrderDraft, context: ValuationContext): Checked<Pick<Valuation, 'worstPrice' | 'basis'>> {
	// A dealer's firm quote fills whole at its price or not at all, whatever size the ladder prices.
	if (draft.firmQuote && draft.price) return accept({ worstPrice: draft.price, basis: 'quote' });
	const { ladders, staleAfterMs } = context;
	const { quote, price: market } = marketPrice(ladders, draft.symbol, draft.side, draft.amount, staleAfterMs);
	if (quote.kind === 'live' && market === undefined) {
		const tiers = draft.side === 'buy' ? quote.ladder.buyTiers : quote.ladder.sellTiers;
		const largest = tiers[tiers.length - 1]?.quantity ?? '0';
		return refuse(
			`The amount ${draft.amount.toFixed()} is larger than the largest size quoted for ${draft.symbol} (${largest}); the broker would reject it.`,
		);
	}
	if (quote.kind === 'not-quoted') {
		return refuse(
			`The broker does not quote ${draft.symbol} (it said: ${quote.reason.slice(0, 100)}), so it cannot be traded here.`,
		);
	}
	const limit = draft.price;
	if (market !== undefined) {
		if (!limit) return accept({ worstPrice: market, basis: 'market' });
		if (draft.side === 'sell' && market.gt(limit)) return accept({ worstPrice: market, basis: 'market' });
		return accept({ worstPrice: limit, basis: 'limit' });
	}
	if (!limit) {
		const why =
			quote.kind === 'stale'
				? `the last price is ${ageWords(quote.ageMs)} old`
				: quote.kind === 'unavailable'
					? 'the price stream is unavailable'
					: 'no price has arrived yet';
		return refuse(
			`No live price for ${draft.symbol} (${why}), so a market order cannot be checked against the desk's limits. Try again shortly.`,
		);
	}
	const last = ladders.latestLadder(draft.symbol);
	const lastMarket = last
		? (priceForSize(last.ladder, draft.side, draft.amount) ?? worstTier(last.ladder, draft.side))
		: undefined;
	if (!last || lastMarket === undefined) {
		return refuse(
			`No price has been seen for ${draft.symbol}, so the desk cannot tell whether this limit would fill at once at the market. Try again when prices are live.`,
		);
	}
	if (marketable(draft.side, limit, lastMarket)) {
		return refuse(
			`With no live price for ${draft.symbol}, this ${draft.side} limit of ${limit.toFixed()} would fill at once by the last known price (${lastMarket.toFixed()}, ${ageWords(last.ageMs)} old), so the desk cannot value it. Try again when prices are live.`,
		);
	}
	return accept({ worstPrice: limit, basis: 'limit' });
}

/**
 * The price of one unit of `currency` in the desk's currency, from a live pair either way round; the side that
 * makes the value larger, so that a limit is never met by a kind rounding.
 */
function conversionRate(currency: string, context: ValuationContext): Checked<{ symbol: string; rate: Decimal }> {
	const { ladders, staleAfterMs, deskCurrency, symbols } = context;
	const direct = `${currency}/${deskCurrency}`;
	const inverse = `${deskCurrency}/${currency}`;
	for (const symbol of [direct, inverse]) {
		if (!symbols.includes(symbol)) continue;
		const quote = quoteFor(ladders, symbol, staleAfterMs);
		const ask = quote.kind === 'live' ? quote.ladder.buyTiers[0]?.price : undefined;
		const bid = quote.kind === 'live' ? quote.ladder.sellTiers[0]?.price : undefined;
		if (symbol === direct && ask) return accept({ symbol, rate: new Decimal(ask) });
		if (symbol === inverse && bid && new Decimal(bid).gt(0)) {
			return accept({ symbol, rate: new Decimal(1).dividedBy(new Decimal(bid)) });
		}
		return refuse(
			`Orders quoted in ${currency} are valued in ${deskCurrency}, and there is no live ${symbol} price to convert them. Try again when prices are live.`,
		);
	}
	return refuse(
		`Orders quoted in ${currency} cannot be valued in ${deskCurrency}: the desk trades no ${direct} or ${inverse} pair to convert them.`,
	);
}

/** The order's value at worst, in the desk's currency, or why it cannot be valued (and so not traded). */
export function valueOrder(draft: OrderDraft, context: ValuationContext): Checked<Valuation> {
	const worst = worstPrice(draft, context);
	if (!worst.ok) return worst;
	const quoteCurrency = draft.symbol.split('/')[1] ?? '';
	const quoteValue = draft.amount.times(worst.value.worstPrice);
	const base = { ...worst.value, quoteValue, quoteCurrency, currency: context.deskCurrency };
	if (quoteCurrency === context.deskCurrency) return accept({ ...base, value: quoteValue, conversion: undefined });
	const conversion = conversionRate(quoteCurrency, context);
	if (!conversion.ok) return conversion;
	return accept({ ...base, value: quoteValue.times(conversion.value.rate), conversion: conversion.value });
}

/**
 * A limit more than `percent` away from the market price for its size, said in a sentence the trader must
 * acknowledge; undefined for a market order, a limit close to the market, or no price to compare with.
 */
export function farLimitWarning(draft: OrderDraft, context: ValuationContext, percent: Decimal): string | undefined {
	const limit = draft.price;
	const last = context.ladders.latestLadder(draft.symbol);
	if (!limit || !last) return undefined;
	const market = priceForSize(last.ladder, draft.side, draft.amount) ?? worstTier(last.ladder, draft.side);
	if (!market || market.lte(0)) return undefined;
	const away = limit.minus(market).dividedBy(market).times(100);
	if (away.abs().lte(percent)) return undefined;
	const touch = draft.side === 'buy' ? 'ask' : 'bid';
	const direction = away.gt(0) ? 'above' : 'below';
	const fills = marketable(draft.side, limit, market)
		? ': it fills at the market'
		: ': it fills only if the market moves that far';
	return `This ${draft.side} limit is ${away.abs().toFixed(1)} % ${direction} the ${touch} (${market.toFixed()})${fills}.`;
}
