import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { countOrders, createOrder, startTestSandbox } from '../support/sandbox-peer.js';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startTestSandbox();
});
afterEach(() => sandbox.close());

describe('create_order’s prices and amounts as Zerocap’s own scripts send them', () => {
	it('accepts a limit price as Zerocap’s scripts send it, finer than the tick or a float, and echoes it as sent', async () => {
		// USDT/AUD quotes 4 decimals; the UAT script sends float(bid) * 0.9 and friends as JSON numbers.
		const finer = await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '10',
			price: '1.7888234',
			client_order_id: 'finer-than-tick',
		});
		const float = await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'sell',
			type: 'limit',
			amount: '10',
			price: 1.6852000000000003,
			client_order_id: 'float-price',
		});
		expect(finer.status).toBe(200);
		expect(finer.body).toMatchObject({ status: 'closed', price: '1.7888234', average: '1.5327', error_message: '' });
		// A sell limit above the market rests, at exactly the digits it was sent with.
		expect(float.body).toMatchObject({ status: 'open', price: '1.6852000000000003', error_message: '' });
	});

	it('fills a limit finer than the tick exactly when the limit rounded in the client’s favour would', async () => {
		// The buy tier for 100 is 1.5327: a limit of 1.53269999 (which rounds down to 1.5326) must not fill.
		const below = await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '100',
			price: '1.53269999',
		});
		const at = await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '100',
			price: '1.53270001',
		});
		expect(below.body.status).toBe('open');
		expect(at.body).toMatchObject({ status: 'closed', average: '1.5327' });
	});

	it('refuses an amount sent as a JSON number with the contract’s error, as it does for any wrong type', async () => {
		const reply = await createOrder(sandbox, { symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: 100 });
		expect(reply).toMatchObject({
			status: 400,
			body: {
				error_code: '400',
				error_message: 'amount must be a decimal string such as "100" (a JSON number is refused)',
			},
		});
		expect(await countOrders(sandbox)).toBe(0);
	});
});
