import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { type Frame, hmacHex, StreamPeer, startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';
import { sdkCall, sdkHeaders } from './late-sdk.js';

/**
 * The late Python SDK's calls and Zerocap's UAT test script, replayed request for request as their public
 * source builds them (the SDK itself is not run here: its registry cannot be reached from this machine).
 */

let sandbox: Sandbox;
beforeEach(async () => {
	sandbox = await startTestSandbox({ priceFrames: 'uat' });
});
afterEach(() => sandbox.close());

describe('the UAT test script against the sandbox speaking its price frames', () => {
	it('connects, subscribes, reads bids and asks, places limit orders priced from them, and fetches each', async () => {
		const { 'Content-Type': _json, ...handshake } = sdkHeaders();
		const peer = StreamPeer.open(sandbox.wsUrl, handshake);
		try {
			// connect_result = zc_ws.recv(...): the first frame, before anything is sent.
			const connectResult = await peer.next(() => true);
			expect(connectResult).toEqual({ type: 'message', message: 'Successfully connected.' });
			peer.send({ type: 'price', symbol: 'USDT/AUD' });
			peer.send({ type: 'order' });
			peer.send({ type: 'trade' });
			const message: Frame = await peer.next((frame) => frame.type === 'price');
			const book = { bids: message.data.bids, asks: message.data.asks };
			expect(typeof book.bids[0][0]).toBe('number');

			for (const side of ['sell', 'buy'] as const) {
				// price = float(book['bids'][0][0]) * 0.9 for a sell, float(book['asks'][0][0]) * 1.1 for a buy.
				const price = side === 'sell' ? book.bids[0][0] * 0.9 : book.asks[0][0] * 1.1;
				const result = await sdkCall(sandbox, 'orders/create_order', {
					body: {
						symbol: 'USDT/AUD',
						side,
						type: 'limit',
						amount: '10',
						price,
						coinroutes_customer_id: 'ZCStreamingLiquidity1',
						client_order_id: '',
					},
				});
				expect(result.status).toBe(200);
				expect(result.body.error_message).toBe('');
				expect(result.body).toMatchObject({ status: 'closed', price: String(price) });
				// zc_rest.fetch_order(result['id']): a GET with the id as a query parameter and no Content-Type.
				const { 'Content-Type': _none, ...headers } = sdkHeaders();
				const fetched = await sdkCall(sandbox, `orders/fetch_order?id=${encodeURIComponent(result.body.id)}`, {
					headers,
				});
				expect(fetched.body.order_list[0]).toMatchObject({ id: result.body.id, status: 'closed' });
			}
		} finally {
			peer.close();
		}
	});

	it('answers the SDK’s heartbeat message', async () => {
		const peer = await StreamPeer.connect(sandbox, sdkHeaders());
		try {
			peer.send({ type: 'message', message: 'ping' });
			expect(await peer.next((frame) => frame.message === 'pong')).toEqual({ type: 'message', message: 'pong' });
		} finally {
			peer.close();
		}
	});
});

describe('the late SDK’s REST calls with their defaults', () => {
	it('create_order with price "0", coinroutes_customer_id 0 and no client order id fills a market order', async () => {
		const reply = await sdkCall(sandbox, 'orders/create_order', {
			body: {
				symbol: 'BTC/AUD',
				side: 'buy',
				type: 'market',
				amount: '0.1',
				price: '0',
				coinroutes_customer_id: 0,
				client_order_id: '',
			},
		});
		expect(reply.body).toMatchObject({ status: 'closed', price: '0', amount: '0.1', error_message: '' });
		expect(Number(reply.body.average)).toBeGreaterThan(0);
	});

	it('fetch_orders with every filter at its default ("" and 0) lists everything', async () => {
		await sdkCall(sandbox, 'orders/create_order', {
			body: { symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '5', price: '0' },
		});
		const reply = await sdkCall(sandbox, 'orders/fetch_orders', {
			body: {
				symbol: '',
				start_datetime: 0,
				end_datetime: 0,
				page: 1,
				ids: '',
				status: '',
				sort_order: 'desc',
				order_type: '',
				side: '',
				limit: 500,
			},
		});
		expect(reply.body).toMatchObject({ status: 'success', total: 1, page: '1' });
	});

	it('verify_identity, which signs a timestamp it never sends, passes within the window', async () => {
		const seconds = Math.floor(Date.now() / 1000);
		const reply = await sdkCall(sandbox, 'orders/api_key_signature_valid', {
			headers: { 'Content-Type': 'application/json' },
			body: { api_key: testKey, signature: hmacHex(testSecret, String(seconds)) },
		});
		expect(reply.body).toEqual({ status_code: 200, message: 'ok' });
	});

	it.each([
		['orders/get_instruments'],
		['orders/get_balances'],
		['orders/get_risk'],
		['systems/get_time'],
		['accounts/get_external_wallets'],
	])('GET %s answers 200', async (path) => {
		expect((await sdkCall(sandbox, path)).status).toBe(200);
	});

	it.each([
		[
			'orders/get_transfers',
			{ start_datetime: 0, end_datetime: 0, asset_id: '', type: '', page: 1, limit: 20, sort_order: 'desc' },
			200,
		],
		['orders/request_for_quote', { symbol: 'USDT/AUD', side: 'buy', amount: '100', client_order_id: 'sdk-rfq' }, 200],
		[
			'accounts/initiate_withdrawal',
			{ asset_id: 'USDT_TRX_TEST4', amount: '1', note: '', external_wallet_id: 'w', from_account: 'custody' },
			403,
		],
		['accounts/initiate_transfer', { asset_id: 'USDT_TRX_TEST4', amount: '1', note: '', from_account: 'custody' }, 403],
	])('POST %s answers %s', async (path, body, status) => {
		expect((await sdkCall(sandbox, path, { body })).status).toBe(status);
	});
});
