import type { RateContext } from '../../src/desk/desk-rates.js';
import type { LadderSource } from '../../src/desk/quote.js';
import type { Ladder } from '../../src/zerocap/domain.js';
import { d } from '../support/decimals.js';

/** A live or aged two-sided price for a symbol: `ask` is what we pay to buy, `bid` what a sell receives. */
export interface TestPrice {
	readonly ask: string;
	readonly bid: string;
	readonly ageMs?: number;
	readonly available?: boolean;
}

export function ladderOf(symbol: string, price: TestPrice): Ladder {
	return {
		symbol,
		timestamp: 0,
		buyTiers: [{ price: d(price.ask), quantity: d('1000000') }],
		sellTiers: [{ price: d(price.bid), quantity: d('1000000') }],
	};
}

export function ladderSource(prices: Readonly<Record<string, TestPrice>>): LadderSource {
	return {
		latestLadder: (symbol) => {
			const price = prices[symbol];
			if (!price) return undefined;
			return { ladder: ladderOf(symbol, price), ageMs: price.ageMs ?? 500, available: price.available ?? true };
		},
	};
}

export const deskSymbols = ['USDT/AUD', 'USDC/AUD', 'BTC/AUD', 'ETH/AUD', 'BTC/USDT', 'ETH/USDT'];

/** The desk's rates with a stale-after of 10 s, in AUD. */
export function ratesFrom(prices: Readonly<Record<string, TestPrice>>, symbols = deskSymbols): RateContext {
	return { ladders: ladderSource(prices), symbols, staleAfterMs: 10_000, deskCurrency: 'AUD' };
}

export const sydney = 'Australia/Sydney';
