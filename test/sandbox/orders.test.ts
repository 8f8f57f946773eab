import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { call, countOrders, createOrder, marketBuy, startTestSandbox, staticHeaders } from '../support/sandbox-peer.js';

let sandbox: Sandbox;

beforeEach(async () => {
	sandbox = await startTestSandbox();
});
afterEach(() => sandbox.close());

const camelOrderKeys = [
	'id',
	'clientOrderId',
	'datatime',
	'timestamp',
	'lastTradeTimestamp',
	'status',
	'symbol',
	'type',
	'timeInForce',
	'side',
	'price',
	'average',
	'amount',
	'filled',
	'remaining',
	'cost',
	'transferId',
	'trades',
	'error_message',
];
const camelTradeKeys = [
	'id',
	'timestamp',
	'datetime',
	'symbol',
	'order',
	'type',
	'side',
	'takerOrMaker',
	'price',
	'amount',
	'cost',
	'orderFrom',
];
const snakeOrderKeys = [
	'id',
	'client_order_id',
	'datatime',
	'timestamp',
	'last_trade_timestamp',
	'status',
	'symbol',
	'type',
	'time_in_force',
	'side',
	'price',
	'average',
	'amount',
	'filled',
	'remaining',
	'cost',
	'transfer_id',
	'fee',
	'trades',
	'error_message',
];
const snakeTradeKeys = [
	'id',
	'timestamp',
	'datetime',
	'symbol',
	'order',
	'type',
	'side',
	'taker_or_maker',
	'price',
	'amount',
	'cost',
	'order_from',
	'fee',
	'fees',
];

describe('create_order', () => {
	it('fills a market order at the ladder tier for its size and answers in camelCase', async () => {
		const reply = await marketBuy(sandbox, '100', 'ticket-1');
		expect(reply.status).toBe(200);
		const order = reply.body;
		expect(Object.keys(order).sort()).toEqual([...camelOrderKeys].sort());
		expect(order).toMatchObject({
			clientOrderId: 'ticket-1',
			datatime: '2026-01-05 09:30:00',
			timestamp: String(Date.UTC(2026, 0, 5, 9, 30)),
			status: 'closed',
			symbol: 'USDT/AUD',
			type: 'market',
			timeInForce: 'FOK',
			side: 'buy',
			amount: '100',
			filled: '100',
			remaining: '0',
		});
		// The price sent is echoed and the fill is in average, as the seed's example shows; there is no error.
		expect(order.price).toBe('0');
		expect(order.error_message).toBe('');
		// Mid 1.5320 plus 4 bp for the 100 tier, rounded up to the instrument's 4 decimals.
		expect(order.average).toBe('1.5327');
		expect(order.cost).toBe('153.27');
		expect(order.trades).toHaveLength(1);
		expect(Object.keys(order.trades[0]).sort()).toEqual([...camelTradeKeys].sort());
		expect(order.trades[0]).toMatchObject({
			order: order.id,
			price: '1.5327',
			amount: '100',
			cost: '153.27',
			takerOrMaker: 'taker',
		});
	});

	it('gives a seller the lower side of the ladder, worse as the size grows', async () => {
		const small = await createOrder(sandbox, { symbol: 'USDT/AUD', side: 'sell', type: 'market', amount: '100' });
		const large = await createOrder(sandbox, { symbol: 'USDT/AUD', side: 'sell', type: 'market', amount: '50000' });
		expect(small.body.average).toBe('1.5313');
		expect(Number(large.body.average)).toBeLessThan(Number(small.body.average));
	});

	it('rejects a market order larger than the largest tier with a reason, and keeps it on record', async () => {
		const reply = await marketBuy(sandbox, '250000.01', 'too-big');
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ status: 'rejected', filled: '0', trades: [] });
		expect(reply.body.error_message).toBe('amount 250000.01 is larger than the largest tier (250000) for USDT/AUD');
		const fetched = await call(sandbox, 'fetch_order', { id: reply.body.id });
		expect(fetched.body.order_list[0]).toMatchObject({ status: 'rejected', error_message: reply.body.error_message });
	});

	it('creates nothing for a client_order_id the account already used, and returns the first order', async () => {
		const first = await marketBuy(sandbox, '100', 'same-ticket');
		const second = await createOrder(sandbox, {
			symbol: 'BTC/AUD',
			side: 'sell',
			type: 'market',
			amount: '1',
			client_order_id: 'same-ticket',
		});
		expect(second.status).toBe(200);
		expect(second.body).toEqual(first.body);
		expect(await countOrders(sandbox)).toBe(1);
		const otherAccount = staticHeaders('other-key', 'other-secret-value');
		const elsewhere = await createOrder(
			sandbox,
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '5', client_order_id: 'same-ticket' },
			otherAccount,
		);
		expect(elsewhere.body.id).not.toBe(first.body.id);
	});

	it('accepts the variants older and newer SDKs send: capitalised type, a number price, coinroutes_customer_id, no /v2', async () => {
		const reply = await call(
			sandbox,
			'create_order',
			{ symbol: 'ETH/AUD', side: 'BUY', type: 'Market', amount: '2', price: 0, coinroutes_customer_id: 5 },
			{ base: sandbox.restUrl.replace(/\/v2$/, '') },
		);
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ status: 'closed', type: 'market', side: 'buy', amount: '2', clientOrderId: '' });
	});

	it.each([
		[{ side: 'buy', type: 'market', amount: '1' }, 'symbol is required'],
		[{ symbol: 'DOGE/AUD', side: 'buy', type: 'market', amount: '1' }, 'symbol "DOGE/AUD" is not a known instrument'],
		[{ symbol: 'USDT/AUD', side: 'hold', type: 'market', amount: '1' }, 'side must be one of buy, sell'],
		[{ symbol: 'USDT/AUD', side: 'buy', type: 'stop', amount: '1' }, 'type must be one of market, limit'],
		[{ symbol: 'USDT/AUD', side: 'buy', type: 'market' }, 'amount is required'],
		[{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '0' }, 'amount must be greater than zero'],
		[
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '-5' },
			'amount must be a decimal number such as "100.5"',
		],
		[
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '1e3' },
			'amount must be a decimal number such as "100.5"',
		],
		[
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: 'lots' },
			'amount must be a decimal number such as "100.5"',
		],
		[{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '1.001' }, 'amount has more than 2 decimal places'],
		[
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: true },
			'amount must be a decimal string such as "100" (a JSON number is refused)',
		],
		[{ symbol: 'USDT/AUD', side: 'buy', type: 'limit', amount: '1' }, 'price is required for a limit order'],
		[{ symbol: 'USDT/AUD', side: 'buy', type: 'limit', amount: '1', price: '0' }, 'price must be greater than zero'],
		[
			{ symbol: 'USDT/AUD', side: 'buy', type: 'limit', amount: '1', price: '1.1234567890123456789' },
			'price has more than 18 decimal places',
		],
		[
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '1', price: 'abc' },
			'price must be a decimal number such as "100.5"',
		],
		[
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '1', client_order_id: 'x'.repeat(129) },
			'client_order_id is longer than 128 characters',
		],
		[
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '1', client_order_id: 7 },
			'client_order_id has the wrong type',
		],
	])('refuses %j with 400 naming the field, and creates nothing', async (body, message) => {
		const reply = await createOrder(sandbox, body);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ error_code: '400', error_message: message });
		expect(await countOrders(sandbox)).toBe(0);
	});
});

describe('fetch_order', () => {
	it('answers POST and GET alike with the order in snake_case inside order_list', async () => {
		const created = await marketBuy(sandbox, '250', 'look-me-up');
		const byPost = await call(sandbox, 'fetch_order', { id: created.body.id });
		const byGet = await call(sandbox, `fetch_order?id=${encodeURIComponent(created.body.id)}`, undefined, {
			method: 'GET',
		});
		expect(byPost.status).toBe(200);
		expect(byGet.body).toEqual(byPost.body);
		expect(byPost.body.status).toBe('success');
		const [order] = byPost.body.order_list;
		expect(Object.keys(order).sort()).toEqual([...snakeOrderKeys].sort());
		expect(Object.keys(order.trades[0]).sort()).toEqual([...snakeTradeKeys].sort());
		expect(order).toMatchObject({
			id: created.body.id,
			client_order_id: 'look-me-up',
			time_in_force: 'FOK',
			cost: created.body.cost,
		});
	});

	it('answers an unknown id with an empty list', async () => {
		const reply = await call(sandbox, 'fetch_order', { id: 'no-such-order' });
		expect(reply).toMatchObject({ status: 200, body: { order_list: [], status: 'success' } });
	});

	it('refuses a missing id', async () => {
		expect((await call(sandbox, 'fetch_order', {})).body).toEqual({
			error_code: '400',
			error_message: 'id is required',
		});
		expect((await call(sandbox, 'fetch_order', undefined, { method: 'GET' })).status).toBe(400);
	});
});
