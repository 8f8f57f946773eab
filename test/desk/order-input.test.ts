import { describe, expect, it } from 'vitest';
import { checkDecimal, checkOrderInput } from '../../src/desk/order-input.js';

const symbols = ['USDT/AUD', 'BTC/AUD'];

describe('order input', () => {
	it('accepts a market order and a limit order, normalising the symbol', () => {
		const market = checkOrderInput({ side: 'buy', symbol: ' usdt/aud ', amount: '1000.5', type: 'market' }, symbols);
		expect(market).toMatchObject({
			ok: true,
			value: { symbol: 'USDT/AUD', side: 'buy', type: 'market', price: undefined, priceIgnored: false },
		});
		if (market.ok) expect(market.value.amount.toFixed()).toBe('1000.5');
		const limit = checkOrderInput(
			{ side: 'sell', symbol: 'BTC/AUD', amount: '0.25', type: 'limit', price: '150000.00' },
			symbols,
		);
		expect(limit.ok && limit.value.price?.toFixed()).toBe('150000');
	});

	it('ignores, and says it ignores, a price given for a market order', () => {
		const input = checkOrderInput(
			{ side: 'buy', symbol: 'USDT/AUD', amount: '10', type: 'market', price: '1.5' },
			symbols,
		);
		expect(input).toMatchObject({ ok: true, value: { price: undefined, priceIgnored: true } });
	});

	it.each([
		[{ symbol: 'DOGE/AUD' }, 'Unknown symbol "DOGE/AUD". Known: USDT/AUD, BTC/AUD.'],
		[{ side: 'hold' }, 'The side must be buy or sell.'],
		[{ type: 'stop' }, 'The type must be market or limit.'],
		[{ amount: '0' }, 'The amount must be greater than zero.'],
		[{ amount: '-1' }, 'The amount must be a plain number with digits and a dot, such as 1000 or 1.2345 (got "-1").'],
		[
			{ amount: '1,000' },
			'The amount must be a plain number with digits and a dot, such as 1000 or 1.2345 (got "1,000").',
		],
		[{ amount: '1e6' }, 'The amount must be a plain number with digits and a dot, such as 1000 or 1.2345 (got "1e6").'],
		[{ amount: '0.123456789' }, 'The amount has more than 8 decimal places.'],
		[{ amount: '1234567890123' }, 'The amount is implausibly large.'],
		[{ type: 'limit' }, 'A limit order needs a price.'],
		[{ type: 'limit', price: '  ' }, 'A limit order needs a price.'],
		[{ type: 'limit', price: '0' }, 'The price must be greater than zero.'],
		[
			{ type: 'limit', price: 'abc' },
			'The price must be a plain number with digits and a dot, such as 1000 or 1.2345 (got "abc").',
		],
	])('refuses %j with a clear sentence', (change, error) => {
		const input = checkOrderInput(
			{ side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market', ...change },
			symbols,
		);
		expect(input).toEqual({ ok: false, refusal: error });
	});

	it('keeps decimals exact', () => {
		const amount = checkDecimal('amount', '0.1');
		const other = checkDecimal('amount', '0.2');
		if (!amount.ok || !other.ok) throw new Error('unexpected');
		expect(amount.value.plus(other.value).toFixed()).toBe('0.3');
	});
});
