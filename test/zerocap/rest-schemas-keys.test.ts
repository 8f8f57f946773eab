import { describe, expect, it } from 'vitest';
import { listedOrder } from '../../src/zerocap/rest-schemas.js';

const snakeOrder = {
	id: 'o-1',
	client_order_id: 'ticket-1',
	status: 'closed',
	symbol: 'USDT/AUD',
	type: 'market',
	time_in_force: 'FOK',
	side: 'buy',
	amount: '9',
	last_trade_timestamp: '1690535985000',
	trades: [],
};

describe('folding the broker’s keys to camelCase', () => {
	it('reads the same order whatever odd keys come with it, and none of them reaches a prototype', () => {
		const plain = listedOrder.parse(snakeOrder);
		const odd = JSON.parse(
			JSON.stringify({ ...snakeOrder, constructor: 'x', to_string: 'y' }).replace(
				/^\{/,
				'{"__proto__":{"polluted":1},',
			),
		);
		expect(Object.hasOwn(odd, '__proto__')).toBe(true);
		const read = listedOrder.parse(odd);
		expect(read).toEqual(plain);
		expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('keeps folding keys right after more distinct keys than it remembers have gone by', () => {
		for (let index = 0; index < 600; index++) {
			expect(listedOrder.safeParse({ ...snakeOrder, [`made_up_${index}`]: index }).success).toBe(true);
		}
		expect(listedOrder.parse({ ...snakeOrder, client_order_id: 'ticket-2' })).toMatchObject({
			clientOrderId: 'ticket-2',
			timeInForce: 'FOK',
			lastTradeAt: 1690535985000,
		});
	});
});
