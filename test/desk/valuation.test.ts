import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { quotedDraft } from '../../src/desk/firm-quote.js';
import { checkOrderInput } from '../../src/desk/order-input.js';
import type { LadderSource } from '../../src/desk/quote.js';
import { valueOrder } from '../../src/desk/valuation.js';
import type { Ladder } from '../../src/zerocap/domain.js';
import type { Quote } from '../../src/zerocap/domain-account.js';
import { d } from '../support/decimals.js';
import { usdtAudLadder } from '../support/ladders.js';

/** Every order is valued at what it can cost: the worst price the broker may fill it at. */

const usdtAud = usdtAudLadder;

const btcUsdt: Ladder = {
	symbol: 'BTC/USDT',
	timestamp: 0,
	buyTiers: [{ price: d('95000'), quantity: d('10') }],
	sellTiers: [{ price: d('94900'), quantity: d('10') }],
};

type Prices = 'live' | 'stale' | 'none';

function ladders(prices: Prices, extra: readonly Ladder[] = []): LadderSource {
	const all = [usdtAud, ...extra];
	return {
		latestLadder: (symbol) => {
			const ladder = all.find((candidate) => candidate.symbol === symbol);
			if (!ladder || prices === 'none') return undefined;
			return { ladder, ageMs: prices === 'live' ? 500 : 60_000, available: true };
		},
	};
}

const symbols = ['USDT/AUD', 'BTC/AUD', 'BTC/USDT', 'BTC/EUR'];

function value(order: { side: string; type: string; amount: string; price?: string; symbol?: string }, prices: Prices) {
	const draft = checkOrderInput({ symbol: 'USDT/AUD', ...order }, symbols);
	if (!draft.ok) throw new Error(draft.refusal);
	return valueOrder(draft.value, {
		ladders: ladders(prices, [btcUsdt]),
		symbols,
		staleAfterMs: 10_000,
		deskCurrency: 'AUD',
	});
}

describe('the worst case of every order, as a table (1,000 USDT/AUD: ask 1.533, bid 1.531 for that size)', () => {
	it.each([
		// side, type, limit, marketable?, prices, worst price, basis
		['buy', 'market', undefined, 'at the market', 'live', '1.533', 'market'],
		['sell', 'market', undefined, 'at the market', 'live', '1.531', 'market'],
		['buy', 'limit', '1.6', 'marketable', 'live', '1.6', 'limit'],
		['buy', 'limit', '1.4', 'not marketable', 'live', '1.4', 'limit'],
		['sell', 'limit', '0.01', 'marketable', 'live', '1.531', 'market'],
		['sell', 'limit', '1.6', 'not marketable', 'live', '1.6', 'limit'],
		['buy', 'limit', '1.4', 'not marketable', 'stale', '1.4', 'limit'],
		['sell', 'limit', '1.6', 'not marketable', 'stale', '1.6', 'limit'],
	] as const)('%s %s %s (%s), %s prices: worth %s, by its %s', (side, type, price, _how, prices, worst, basis) => {
		const valued = value({ side, type, amount: '1000', ...(price ? { price } : {}) }, prices);
		if (!valued.ok) throw new Error(valued.refusal);
		expect(valued.value.worstPrice.toFixed()).toBe(worst);
		expect(valued.value.basis).toBe(basis);
		expect(valued.value.value.toFixed()).toBe(new Decimal(worst).times(1000).toFixed());
		expect(valued.value.currency).toBe('AUD');
	});

	it.each([
		['buy', 'market', undefined, 'stale', /^No live price for USDT\/AUD \(the last price is 60 s old\)/],
		['sell', 'market', undefined, 'none', /^No live price for USDT\/AUD \(no price has arrived yet\)/],
		['buy', 'limit', '1.6', 'stale', /would fill at once by the last known price \(1\.533, 60 s old\)/],
		['sell', 'limit', '0.01', 'stale', /would fill at once by the last known price \(1\.531, 60 s old\)/],
		['buy', 'limit', '1.4', 'none', /^No price has been seen for USDT\/AUD/],
		['sell', 'limit', '1.6', 'none', /^No price has been seen for USDT\/AUD/],
	] as const)('%s %s %s with %s prices is refused: it cannot be valued', (side, type, price, prices, says) => {
		const valued = value({ side, type, amount: '1000', ...(price ? { price } : {}) }, prices);
		expect(valued.ok).toBe(false);
		if (!valued.ok) expect(valued.refusal).toMatch(says);
	});

	it('values the walk-around, a sell limited far below the market, at the market it fills at', () => {
		const valued = value({ side: 'sell', type: 'limit', amount: '100000', price: '0.01' }, 'live');
		if (!valued.ok) throw new Error(valued.refusal);
		expect(valued.value.value.toFixed()).toBe('153000');
	});
});

describe('a dealer’s firm quote', () => {
	const firm = (side: 'buy' | 'sell', amount: string, price: string) =>
		valueOrder(
			quotedDraft(
				{
					symbol: 'USDT/AUD',
					side,
					type: 'market',
					amount: new Decimal(amount),
					price: undefined,
					priceIgnored: false,
				},
				{ price: d(price) } as Quote,
			),
			{ ladders: ladders('live'), symbols, staleAfterMs: 10_000, deskCurrency: 'AUD' },
		);

	it('is worth its size times its price, a sell too, whatever the ladder’s bid: it fills whole at that price', () => {
		const sell = firm('sell', '1000', '1.5');
		if (!sell.ok) throw new Error(sell.refusal);
		expect(sell.value.basis).toBe('quote');
		expect(sell.value.worstPrice.toFixed()).toBe('1.5');
		expect(sell.value.value.toFixed()).toBe('1500');
	});

	it('is valued past the ladder’s largest size, where the dealer quoted a block', () => {
		const block = firm('buy', '10000000', '1.6');
		if (!block.ok) throw new Error(block.refusal);
		expect(block.value.value.toFixed()).toBe('16000000');
		expect(value({ side: 'buy', type: 'limit', amount: '10000000', price: '1.6' }, 'live').ok).toBe(false);
	});
});

describe('the desk currency', () => {
	it('values a USDT-quoted order in AUD through the live USDT/AUD price, at the side that makes it larger', () => {
		const valued = value({ symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '2' }, 'live');
		if (!valued.ok) throw new Error(valued.refusal);
		expect(valued.value.quoteValue.toFixed()).toBe('190000');
		expect(valued.value.quoteCurrency).toBe('USDT');
		expect(valued.value.conversion?.symbol).toBe('USDT/AUD');
		expect(valued.value.conversion?.rate.toFixed()).toBe('1.5327');
		expect(valued.value.value.toFixed()).toBe('291213');
	});

	it('refuses an order whose quote currency has no live price in AUD, rather than take 1 USDT for 1 AUD', () => {
		const stale = valueOrder(
			(() => {
				const draft = checkOrderInput(
					{ symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '1', price: '90000' },
					symbols,
				);
				if (!draft.ok) throw new Error(draft.refusal);
				return draft.value;
			})(),
			{
				ladders: {
					latestLadder: (symbol) =>
						symbol === 'BTC/USDT'
							? { ladder: btcUsdt, ageMs: 1, available: true }
							: symbol === 'USDT/AUD'
								? { ladder: usdtAud, ageMs: 60_000, available: true }
								: undefined,
				},
				symbols,
				staleAfterMs: 10_000,
				deskCurrency: 'AUD',
			},
		);
		expect(stale).toEqual({
			ok: false,
			refusal:
				'Orders quoted in USDT are valued in AUD, and there is no live USDT/AUD price to convert them. Try again when prices are live.',
		});
	});

	it('refuses a quote currency the desk cannot convert at all', () => {
		const valued = value({ symbol: 'BTC/EUR', side: 'buy', type: 'limit', amount: '1', price: '1' }, 'live');
		expect(valued.ok).toBe(false);
	});
});
