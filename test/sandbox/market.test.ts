import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { defaultInstruments } from '../../src/sandbox/instruments.js';
import { Market } from '../../src/sandbox/market.js';
import { seededRandom } from '../../src/sandbox/random.js';

function midsAfter(seed: number, steps: number): string[] {
	const market = new Market(defaultInstruments, seededRandom(seed));
	for (let i = 0; i < steps; i++) market.walk();
	return market.symbols().map((symbol) => market.mid(symbol).toFixed());
}

describe('the market', () => {
	it('offers at least the contract’s instruments', () => {
		const symbols = new Market(defaultInstruments, seededRandom(1)).symbols();
		expect(symbols).toEqual(
			expect.arrayContaining(['USDT/AUD', 'USDC/AUD', 'BTC/AUD', 'ETH/AUD', 'BTC/USDT', 'ETH/USDT']),
		);
	});

	it('replays the same walk from the same seed, and a different one from another seed', () => {
		expect(midsAfter(7, 500)).toEqual(midsAfter(7, 500));
		expect(midsAfter(7, 500)).not.toEqual(midsAfter(8, 500));
		expect(midsAfter(7, 500)).not.toEqual(midsAfter(7, 0));
	});

	it.each(defaultInstruments.map((instrument) => [instrument.symbol]))(
		'quotes %s as 4–6 tiers, sizes increasing, spread widening with size, mid inside',
		(symbol) => {
			const market = new Market(defaultInstruments, seededRandom(3));
			for (let i = 0; i < 100; i++) market.walk();
			const { buy, sell } = market.ladder(symbol);
			expect(buy.length).toBeGreaterThanOrEqual(4);
			expect(buy.length).toBeLessThanOrEqual(6);
			expect(sell.map((level) => level.quantity.toFixed())).toEqual(buy.map((level) => level.quantity.toFixed()));
			const mid = market.mid(symbol);
			for (let i = 0; i < buy.length; i++) {
				const buyLevel = buy[i];
				const sellLevel = sell[i];
				if (!buyLevel || !sellLevel) throw new Error('missing level');
				expect(buyLevel.price.gt(mid)).toBe(true);
				expect(sellLevel.price.lt(mid)).toBe(true);
				const previousBuy = buy[i - 1];
				const previousSell = sell[i - 1];
				if (previousBuy && previousSell) {
					expect(buyLevel.quantity.gt(previousBuy.quantity)).toBe(true);
					expect(buyLevel.price.gte(previousBuy.price)).toBe(true);
					expect(sellLevel.price.lte(previousSell.price)).toBe(true);
					expect(buyLevel.price.minus(sellLevel.price).gt(previousBuy.price.minus(previousSell.price))).toBe(true);
				}
			}
		},
	);

	it('prices a trade at the smallest tier that covers it, and not past the largest', () => {
		const market = new Market(defaultInstruments, seededRandom(1));
		const { buy, sell } = market.ladder('USDT/AUD');
		expect(market.priceFor('USDT/AUD', 'buy', new Decimal(100))?.toFixed()).toBe(buy[0]?.price.toFixed());
		expect(market.priceFor('USDT/AUD', 'buy', new Decimal('100.01'))?.toFixed()).toBe(buy[1]?.price.toFixed());
		expect(market.priceFor('USDT/AUD', 'sell', new Decimal(250_000))?.toFixed()).toBe(sell[4]?.price.toFixed());
		expect(market.priceFor('USDT/AUD', 'sell', new Decimal('250000.01'))).toBeUndefined();
	});
});
