import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkOrderInput, type OrderDraft } from '../../src/desk/order-input.js';
import { previewOrder } from '../../src/desk/order-preview.js';
import { type LadderSource, priceForSize, quoteFor } from '../../src/desk/quote.js';
import { usdtAudLadder } from '../support/ladders.js';

const ladder = usdtAudLadder;

function source(ageMs: number, available = true): LadderSource {
	return { latestLadder: (symbol) => (symbol === 'USDT/AUD' ? { ladder, ageMs, available } : undefined) };
}

function draft(side: 'buy' | 'sell', amount: string, type: 'market' | 'limit' = 'market', price?: string): OrderDraft {
	const input = checkOrderInput({ side, symbol: 'USDT/AUD', amount, type, price }, ['USDT/AUD', 'BTC/AUD']);
	if (!input.ok) throw new Error(input.refusal);
	return input.value;
}

const limits = {
	maxOrderValue: new Decimal(100_000),
	retypeAbove: new Decimal(10_000),
	limitFarPercent: new Decimal(50),
	minOrderValue: new Decimal(0),
	approvalAbove: new Decimal(1_000_000),
};

function context(ladders: LadderSource) {
	return { ladders, symbols: ['USDT/AUD', 'BTC/AUD'], staleAfterMs: 10_000, deskCurrency: 'AUD' };
}

describe('quotes', () => {
	it('computes mid, spread and basis points from the best tiers in decimal', () => {
		const quote = quoteFor(source(500), 'USDT/AUD', 10_000);
		if (quote.kind !== 'live') throw new Error(quote.kind);
		expect(quote.mid.toFixed()).toBe('1.532');
		expect(quote.spread.toFixed()).toBe('0.0014');
		expect(quote.spreadBps.toFixed(2)).toBe('9.14');
	});

	it('never calls an old or unavailable ladder live', () => {
		expect(quoteFor(source(10_001), 'USDT/AUD', 10_000)).toEqual({ kind: 'stale', ageMs: 10_001 });
		expect(quoteFor(source(1, false), 'USDT/AUD', 10_000)).toEqual({ kind: 'unavailable', ageMs: 1 });
		expect(quoteFor(source(1), 'BTC/AUD', 10_000)).toEqual({ kind: 'none' });
	});

	it('prices a size at the smallest tier that covers it', () => {
		expect(priceForSize(ladder, 'buy', new Decimal(100))?.toFixed()).toBe('1.5327');
		expect(priceForSize(ladder, 'buy', new Decimal('100.01'))?.toFixed()).toBe('1.533');
		expect(priceForSize(ladder, 'sell', new Decimal(1000))?.toFixed()).toBe('1.531');
		expect(priceForSize(ladder, 'sell', new Decimal(100_001))).toBeUndefined();
	});
});

describe('order previews', () => {
	it('gives a market order its indicative price and its value at worst from the live ladder', () => {
		const preview = previewOrder(draft('buy', '1000'), context(source(100)), limits);
		expect(preview.ok).toBe(true);
		if (!preview.ok) return;
		expect(preview.value.indicativePrice?.toFixed()).toBe('1.533');
		expect(preview.value.valuation.value.toFixed()).toBe('1533');
		expect(preview.value.needsRetype).toBe(false);
	});

	it('values a limit order that would not fill at once at its limit, even without a live price', () => {
		const preview = previewOrder(draft('sell', '2000', 'limit', '1.6'), context(source(60_000)), limits);
		expect(preview).toMatchObject({ ok: true, value: { indicativePrice: undefined } });
		if (preview.ok) expect(preview.value.valuation.value.toFixed()).toBe('3200');
	});

	it('asks for the amount again at or above the threshold', () => {
		const preview = previewOrder(draft('buy', '10000', 'limit', '1'), context(source(100)), limits);
		expect(preview.ok && preview.value.needsRetype).toBe(true);
	});

	it.each([
		[
			'a market order without a live price',
			draft('buy', '10'),
			source(60_000),
			'No live price for USDT/AUD (the last price is 60 s old)',
		],
		[
			'a market order when prices are unavailable',
			draft('buy', '10'),
			source(1, false),
			'the price stream is unavailable',
		],
		[
			'a size past the largest tier',
			draft('buy', '200000'),
			source(1),
			'larger than the largest size quoted for USDT/AUD (100000)',
		],
		[
			'a value above the desk limit',
			draft('buy', '90000', 'limit', '1.2'),
			source(1),
			"This order is worth up to 108,000.00 AUD (the most it pays is its limit), above the desk's limit of 100,000.00 AUD per order.",
		],
	])('refuses %s', (_case, order, prices, message) => {
		const preview = previewOrder(order, context(prices), limits);
		expect(preview.ok).toBe(false);
		if (!preview.ok) expect(preview.refusal).toContain(message);
	});
});
