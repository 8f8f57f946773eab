import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
	call,
	countOrders,
	hmacHex,
	isMessage,
	marketBuy,
	StreamPeer,
	startTestSandbox,
	staticHeaders,
	testKey,
	testSecret,
	timestampHeaders,
} from '../support/sandbox-peer.js';

let sandbox: Sandbox;
const hostNow = 1_800_000_000_000;

beforeAll(async () => {
	sandbox = await startTestSandbox({ hostNow: () => hostNow });
});
afterAll(() => sandbox.close());

const nowSeconds = () => Math.floor(hostNow / 1000);

describe('REST authentication', () => {
	it('serves both signing schemes', async () => {
		expect((await call(sandbox, 'fetch_orders', {}, { headers: staticHeaders() })).status).toBe(200);
		expect((await call(sandbox, 'fetch_orders', {}, { headers: timestampHeaders(nowSeconds()) })).status).toBe(200);
	});

	it.each([
		['a bad signature', { 'api-key': testKey, signature: hmacHex('wrong', testKey) }, 'invalid signature'],
		['an unknown key', staticHeaders('stranger', testSecret), 'unknown api key'],
		['no signature', { 'api-key': testKey }, 'missing signature header'],
		['no headers at all', {}, 'missing api-key header'],
	])('refuses %s with 401 and the contract error body, creating nothing', async (_case, headers, reason) => {
		const reply = await call(
			sandbox,
			'create_order',
			{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '10' },
			{ headers },
		);
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual({ error_code: '401', error_message: reason });
		expect(await countOrders(sandbox)).toBe(0);
	});

	it('refuses a timestamp more than 30 s from server time, either way', async () => {
		for (const offset of [-31, 31]) {
			const reply = await call(sandbox, 'fetch_orders', {}, { headers: timestampHeaders(nowSeconds() + offset) });
			expect(reply.status).toBe(401);
			expect(reply.body.error_message).toBe('timestamp expired or too far from server time');
		}
		expect((await call(sandbox, 'fetch_orders', {}, { headers: timestampHeaders(nowSeconds() - 29) })).status).toBe(
			200,
		);
	});

	it('answers the credential check with status_code 200 only for a valid pair', async () => {
		const valid = await call(
			sandbox,
			'api_key_signature_valid',
			{ api_key: testKey, signature: hmacHex(testSecret, testKey) },
			{ headers: {} },
		);
		expect(valid).toMatchObject({ status: 200, body: { status_code: 200, message: 'ok' } });
		const invalid = await call(
			sandbox,
			'api_key_signature_valid',
			{ api_key: testKey, signature: hmacHex('x', testKey) },
			{ headers: {} },
		);
		expect(invalid.status).toBe(401);
		expect(invalid.body.error_code).toBe('401');
		const malformed = await call(sandbox, 'api_key_signature_valid', { api_key: testKey }, { headers: {} });
		expect(malformed).toMatchObject({ status: 400, body: { error_message: 'signature is required' } });
	});

	it('keeps accounts apart: one key never sees another key’s orders', async () => {
		const created = await marketBuy(sandbox, '10', 'mine');
		expect(created.status).toBe(200);
		const other = staticHeaders('other-key', 'other-secret-value');
		const lookup = await call(sandbox, 'fetch_order', { id: created.body.id }, { headers: other });
		expect(lookup.body).toEqual({ order_list: [], status: 'success' });
		expect(await countOrders(sandbox, other)).toBe(0);
	});
});

describe('WebSocket authentication', () => {
	it.each([
		['a bad signature', { 'api-key': testKey, signature: hmacHex('wrong', testKey) }],
		['an unknown key', staticHeaders('stranger', testSecret)],
		['an expired timestamp', timestampHeaders(Math.floor(1_800_000_000_000 / 1000) - 60)],
	])('sends the 401 frame and closes on %s', async (_case, headers) => {
		const peer = StreamPeer.open(sandbox.wsUrl, headers);
		expect(await peer.closed()).toBe(1008);
		expect(peer.frames).toEqual([{ error_code: '401', error_message: 'Unauthorized' }]);
	});

	it('can refuse a bad handshake with HTTP 401 instead, as some servers do', async () => {
		const strict = await startTestSandbox({ streamAuthFailure: 'http' });
		const refused = new Promise<number>((resolve) => {
			const socket = new WebSocket(strict.wsUrl, { headers: staticHeaders('stranger', testSecret) });
			socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			socket.on('error', () => undefined);
		});
		expect(await refused).toBe(401);
		await strict.close();
	});

	it('greets a valid handshake with either scheme', async () => {
		for (const headers of [staticHeaders(), timestampHeaders(nowSeconds())]) {
			const peer = StreamPeer.open(sandbox.wsUrl, headers);
			await peer.next(isMessage('Successfully connected.'));
			expect(peer.frames).toEqual([{ type: 'message', message: 'Successfully connected.' }]);
			peer.close();
		}
	});
});
