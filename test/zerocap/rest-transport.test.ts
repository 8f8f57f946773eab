import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { OutcomeUnknownError } from '../../src/zerocap/errors.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import { type NewOrderRequest, ZerocapRestClient } from '../../src/zerocap/rest-client.js';
import type { SigningScheme } from '../../src/zerocap/signing.js';
import { d as decimal } from '../support/decimals.js';
import { RecordingSigner } from '../support/leak-scan.js';
import { scannedLogger } from '../support/leak-sources.js';
import { hmacHex, startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let sandbox: Sandbox;
beforeEach(async () => {
	sandbox = await startTestSandbox();
});
afterEach(() => sandbox.close());

function marketOrder(clientOrderId: string): NewOrderRequest {
	return { symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: decimal('100'), clientOrderId };
}

/** A client as the app builds one: no injected fetch unless given, so requests go out through the built-in one. */
function plainClient(restUrl: string, options: { fetch?: typeof fetch; scheme?: SigningScheme; timeoutMs?: number }) {
	return new ZerocapRestClient({
		restUrl,
		signer: new RecordingSigner({ apiKey: testKey, apiSecret: testSecret, scheme: options.scheme ?? 'static' }),
		limiter: createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 }),
		timeoutMs: options.timeoutMs ?? 10_000,
		sleep: async () => {},
		resolveSettleMs: 0,
		logger: scannedLogger('the Zerocap client log'),
		...(options.fetch ? { fetch: options.fetch } : {}),
	});
}

interface Sent {
	readonly method: string;
	readonly url: string;
	readonly contentType: string | null;
	readonly signature: string | null;
	readonly body: string;
}

/** An injected fetch that keeps what each request carried, then sends it on. */
function recordingFetch(sent: Sent[]): typeof fetch {
	return async (input, init) => {
		const request = new Request(input, init);
		sent.push({
			method: request.method,
			url: request.url,
			contentType: request.headers.get('content-type'),
			signature: request.headers.get('signature'),
			body: await request.clone().text(),
		});
		return fetch(request);
	};
}

describe('the REST transport on the wire', () => {
	it('goes out through the built-in fetch when none is injected, for every endpoint', async () => {
		const client = plainClient(sandbox.restUrl, {});
		await client.checkCredentials();
		const created = await client.createOrder(marketOrder('plain-fetch'));
		expect(created.status).toBe('closed');
		expect((await client.fetchOrders({}, 1, 10)).orders.map((order) => order.id)).toEqual([created.id]);
		expect(await client.fetchOrder(created.id)).toEqual(created);
		const timestamped = plainClient(sandbox.restUrl, { scheme: 'timestamp' });
		expect(await timestamped.fetchOrder(created.id)).toEqual(created);
	});

	it('sends JSON bodies as application/json, a GET with its query and no body, to the same URLs with or without a trailing slash', async () => {
		const sent: Sent[] = [];
		const client = plainClient(`${sandbox.restUrl}/`, { fetch: recordingFetch(sent) });
		const created = await client.createOrder(marketOrder('on-the-wire'));
		await client.fetchOrders({ symbol: 'USDT/AUD' }, 2, 5);
		const timestamped = plainClient(sandbox.restUrl, { fetch: recordingFetch(sent), scheme: 'timestamp' });
		await timestamped.fetchOrder(created.id);
		expect(sent.map(({ method, url, contentType }) => ({ method, url, contentType }))).toEqual([
			{ method: 'POST', url: `${sandbox.restUrl}/orders/create_order`, contentType: 'application/json' },
			{ method: 'POST', url: `${sandbox.restUrl}/orders/fetch_orders`, contentType: 'application/json' },
			{
				method: 'GET',
				url: `${sandbox.restUrl}/orders/fetch_order?id=${encodeURIComponent(created.id)}`,
				contentType: null,
			},
		]);
		expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: '100',
			price: '0',
			client_order_id: 'on-the-wire',
		});
		expect(JSON.parse(sent[1]?.body ?? '')).toEqual({ page: 2, limit: 5, sort_order: 'desc', symbol: 'USDT/AUD' });
		expect(sent[2]?.body).toBe('');
		expect(sent.every((request) => request.signature !== null)).toBe(true);
	});

	it('signs every attempt afresh with the timestamp scheme, a retry in a later second included', async () => {
		const sent: { timestamp: string | null; signature: string | null }[] = [];
		let now = 1_767_605_400_000;
		const flaky: typeof fetch = async (input) => {
			const request = input instanceof Request ? input : new Request(String(input));
			sent.push({ timestamp: request.headers.get('timestamp'), signature: request.headers.get('signature') });
			return sent.length === 1
				? new Response('{}', { status: 503 })
				: Response.json({ order_list: [], total: 0, page: 1 });
		};
		const client = new ZerocapRestClient({
			restUrl: sandbox.restUrl,
			signer: new RecordingSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'timestamp' }),
			limiter: createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 }),
			fetch: flaky,
			now: () => now,
			random: () => 0,
			sleep: async (ms) => {
				now += ms + 1000;
			},
			logger: scannedLogger('the Zerocap client log'),
		});
		expect((await client.fetchOrders()).total).toBe(0);
		expect(sent).toEqual([
			{ timestamp: '1767605400', signature: hmacHex(testSecret, '1767605400') },
			{ timestamp: '1767605401', signature: hmacHex(testSecret, '1767605401') },
		]);
	});
});

describe('the attempt’s timeout', () => {
	it.each([
		{ path: 'the built-in fetch', injected: false },
		{ path: 'an injected fetch', injected: true },
	])(
		'still ends a body that never finishes when the garbage collector runs mid-body, through $path',
		async ({ injected }) => {
			let answered: () => void = () => {};
			const headersSent = new Promise<void>((resolve) => {
				answered = resolve;
			});
			const stalling = createServer((_req, res) => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('{"id": "partial');
				answered();
			});
			await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
			const { port } = stalling.address() as AddressInfo;
			try {
				const client = plainClient(`http://127.0.0.1:${port}/v2`, {
					timeoutMs: 300,
					...(injected ? { fetch: (input, init) => fetch(input, init) } : {}),
				});
				const placing = client.createOrder(marketOrder('stalled-and-collected')).then(
					() => 'placed',
					(error: unknown) => error,
				);
				await headersSent;
				await new Promise((resolve) => setTimeout(resolve, 50));
				for (let pass = 0; pass < 3; pass++) collectGarbage();
				const stuck = new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000));
				const error = await Promise.race([placing, stuck]);
				expect(error).toBeInstanceOf(OutcomeUnknownError);
				expect((error as OutcomeUnknownError).cause.kind).toBe('timeout');
			} finally {
				stalling.closeAllConnections();
				stalling.close();
			}
		},
	);
});
