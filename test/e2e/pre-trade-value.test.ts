import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';

/** Every order is valued at what it can cost before any limit is applied: the walk-arounds found by hand. */

let desk: DeskHarness;
beforeAll(async () => {
	desk = await DeskHarness.start({ extraSymbols: ['BTC/USDT'] });
});
afterAll(() => desk.close());

async function order(options: Record<string, string>): Promise<string> {
	return messageText((await desk.reply(desk.slash(desk.users.trader, 'order', options))).data);
}

describe('orders that looked small and filled large', () => {
	it('refuses a sell of 200,000 USDT/AUD limited at 0.01: it fills at the market, for about 305,000 AUD', async () => {
		const text = await order({ side: 'sell', symbol: 'USDT/AUD', amount: '200000', type: 'limit', price: '0.01' });
		expect(text).toMatch(
			/^This order is worth up to 30\d,\d{3}\.\d\d AUD \(its limit is through the market, so it fills at the market\), above the desk's limit of 250,000\.00 AUD per order\.$/,
		);
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});

	it('refuses a sell of 20 BTC/AUD limited at 0.01', async () => {
		const text = await order({ side: 'sell', symbol: 'BTC/AUD', amount: '20', type: 'limit', price: '0.01' });
		expect(text).toMatch(/^This order is worth up to [\d,]+\.\d\d AUD \(its limit is through the market/);
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});
});

describe('a USDT-quoted order', () => {
	it('is valued and limited in AUD, through the live USDT/AUD price', async () => {
		const ticket = await order({ side: 'buy', symbol: 'BTC/USDT', amount: '0.01', type: 'market' });
		expect(ticket).toMatch(/Value at worst: [\d,]+\.\d\d AUD/);
		expect(ticket).toMatch(/In USDT: [\d,]+\.\d\d USDT \(at USDT\/AUD 1\.5\d+\)/);

		const large = await order({ side: 'buy', symbol: 'BTC/USDT', amount: '2', type: 'limit', price: '100000' });
		expect(large).toMatch(
			/^This order is worth up to 30\d,\d{3}\.\d\d AUD .*above the desk's limit of 250,000\.00 AUD/,
		);
	});
});
