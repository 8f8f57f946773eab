import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { call, countOrders, marketBuy, StreamPeer, startTestSandbox, staticHeaders } from '../support/sandbox-peer.js';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe('bad input never crashes the sandbox or changes its state', () => {
	it.each([
		['malformed JSON', '{"symbol": "USDT/AUD",', 'the body is not valid JSON'],
		['an empty body', '', 'the body is not valid JSON'],
		['a JSON array', '[1, 2, 3]', 'the body must be a JSON object'],
		['JSON null', 'null', 'the body must be a JSON object'],
		['a JSON string', '"buy"', 'the body must be a JSON object'],
		['wrong types', '{"symbol": 5, "side": [], "type": {}, "amount": null}', 'symbol has the wrong type'],
	])('answers %s with 400 and the error body', async (_case, raw, message) => {
		const reply = await call(sandbox, 'create_order', undefined, { raw });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ error_code: '400', error_message: message });
	});

	it('refuses a body over the limit with 413 without reading it all', async () => {
		const raw = JSON.stringify({
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: '1',
			note: 'x'.repeat(200_000),
		});
		const reply = await call(sandbox, 'create_order', undefined, { raw });
		expect(reply.status).toBe(413);
		expect(reply.body.error_code).toBe('413');
	});

	it('refuses an oversized chunked body that declares no length', async () => {
		const { port } = sandbox;
		const status = await new Promise<string>((resolve, reject) => {
			const socket = connect(port, '127.0.0.1', () => {
				const headers = staticHeaders();
				socket.write(
					`POST /v2/orders/create_order HTTP/1.1\r\nHost: x\r\napi-key: ${headers['api-key']}\r\nsignature: ${headers.signature}\r\ntransfer-encoding: chunked\r\n\r\n`,
				);
				const chunk = 'y'.repeat(32 * 1024);
				for (let i = 0; i < 4; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
			});
			socket.once('data', (data) => {
				resolve(data.toString().split('\r\n')[0] ?? '');
				socket.destroy();
			});
			socket.on('error', reject);
		});
		expect(status).toBe('HTTP/1.1 413 Payload Too Large');
	});

	it.each([
		['GET', '/'],
		['POST', '/v2/orders/cancel_order'],
		['POST', '/v3/orders/create_order'],
		['DELETE', '/v2/orders'],
	])('answers %s %s with 404 and the error body', async (method, path) => {
		const response = await fetch(`${sandbox.restUrl.replace(/\/v2$/, '')}${path}`, {
			method,
			headers: staticHeaders(),
		});
		expect(response.status).toBe(404);
		expect(await response.json()).toMatchObject({ error_code: '404' });
	});

	it('answers a wrong method with 405 and Allow', async () => {
		const reply = await call(sandbox, 'create_order', undefined, { method: 'GET' });
		expect(reply.status).toBe(405);
		expect(reply.headers.get('allow')).toBe('POST');
	});

	it.each(['//', '//x:99999/', '//evil.example/v2/orders/create_order'])(
		'answers the request target %s with 400',
		async (target) => {
			const status = await new Promise<string>((resolve, reject) => {
				const socket = connect(sandbox.port, '127.0.0.1', () =>
					socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`),
				);
				socket.once('data', (data) => {
					resolve(data.toString().split('\r\n')[0] ?? '');
					socket.destroy();
				});
				socket.on('error', reject);
			});
			expect(status).toBe('HTTP/1.1 400 Bad Request');
		},
	);

	it('refuses a WebSocket handshake on an unknown path', async () => {
		const peer = StreamPeer.open(`${sandbox.wsUrl.replace(/\/v2$/, '')}/elsewhere`);
		expect(await peer.closed()).toBe(1006);
		expect(peer.frames).toEqual([]);
	});

	it('is still serving, with no order created by any of the above', async () => {
		expect(await countOrders(sandbox)).toBe(0);
		expect((await marketBuy(sandbox, '10', 'still-alive')).status).toBe(200);
		expect(await countOrders(sandbox)).toBe(1);
	});
});
