import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
	AuthError,
	InvalidRequestError,
	NetworkError,
	NotFoundError,
	OrderRejectedError,
	OutcomeUnknownError,
	RateLimitedError,
	UnavailableError,
	type ZerocapError,
} from '../../src/zerocap/errors.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import type { NewOrderRequest } from '../../src/zerocap/rest-client.js';
import { d as decimal } from '../support/decimals.js';
import { countOrders, hmacHex, startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';
import { clientFor } from '../support/zerocap-client.js';

let sandbox: Sandbox;
beforeEach(async () => {
	sandbox = await startTestSandbox();
});
afterEach(() => sandbox.close());

function marketOrder(clientOrderId: string, amount = '100', symbol = 'USDT/AUD'): NewOrderRequest {
	return { symbol, side: 'buy', type: 'market', amount: decimal(amount), clientOrderId };
}

async function failure(promise: Promise<unknown>): Promise<ZerocapError> {
	try {
		await promise;
	} catch (error) {
		return error as ZerocapError;
	}
	throw new Error('expected the call to fail');
}

describe('createOrder', () => {
	it('places a market order and maps the answer into the domain order', async () => {
		const { client } = clientFor(sandbox);
		const order = await client.createOrder(marketOrder('t-1'));
		expect(order).toMatchObject({
			clientOrderId: 't-1',
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			status: 'closed',
			timeInForce: 'FOK',
			amount: '100',
			filled: '100',
			remaining: '0',
			average: '1.5327',
			cost: '153.27',
			createdAt: Date.UTC(2026, 0, 5, 9, 30),
			rejectReason: undefined,
		});
		expect(order.trades).toEqual([
			expect.objectContaining({
				orderId: order.id,
				price: '1.5327',
				amount: '100',
				cost: '153.27',
				side: 'buy',
				type: 'market',
			}),
		]);
	});

	it('places a resting limit order with its price', async () => {
		const { client } = clientFor(sandbox, { scheme: 'timestamp' });
		const order = await client.createOrder({ ...marketOrder('t-limit'), type: 'limit', price: decimal('1.2000') });
		expect(order).toMatchObject({ status: 'open', price: '1.2', timeInForce: 'GTC', filled: '0', remaining: '100' });
	});

	it('throws OrderRejectedError with the broker’s reason for a rejected order', async () => {
		const { client } = clientFor(sandbox);
		const error = await failure(client.createOrder(marketOrder('too-big', '999999')));
		expect(error).toBeInstanceOf(OrderRejectedError);
		expect((error as OrderRejectedError).reason).toContain('larger than the largest tier');
		expect(error.retryable).toBe(false);
		expect(error.userMessage).toMatch(/^The broker rejected the order: amount 999999/);
	});

	it('throws InvalidRequestError with the broker’s message for a 400, sending once', async () => {
		const { client, counter } = clientFor(sandbox);
		const error = await failure(client.createOrder(marketOrder('bad-symbol', '1', 'NOPE/AUD')));
		expect(error).toBeInstanceOf(InvalidRequestError);
		expect(error.message).toBe('POST create_order → 400: invalid request: symbol "NOPE/AUD" is not a known instrument');
		expect(counter.count('create_order')).toBe(1);
	});

	it('throws AuthError for a wrong secret', async () => {
		const { client } = clientFor(sandbox, { secret: 'not-the-secret' });
		const error = await failure(client.createOrder(marketOrder('no-auth')));
		expect(error).toBeInstanceOf(AuthError);
		expect(error.status).toBe(401);
	});

	it.each([
		['a 5xx', { kind: 'status', status: 502, count: 1 } as const, 'unavailable', 0],
		['a connection cut before processing', { kind: 'drop', phase: 'before', count: 1 } as const, 'network', 0],
		['a connection cut after processing', { kind: 'drop', phase: 'after', count: 1 } as const, 'network', 1],
		['an answer past the timeout', { kind: 'delay', phase: 'after', ms: 1500, count: 1 } as const, 'timeout', 1],
	])(
		'reports %s as OutcomeUnknownError, never resends, and resolveOrder finds the truth',
		async (_case, fault, causeKind, exists) => {
			const { client, counter } = clientFor(sandbox, { timeoutMs: 300 });
			sandbox.controls.injectRestFault({ ...fault, endpoint: 'create_order' });
			const error = await failure(client.createOrder(marketOrder('ambiguous')));
			expect(error).toBeInstanceOf(OutcomeUnknownError);
			expect((error as OutcomeUnknownError).clientOrderId).toBe('ambiguous');
			expect((error as OutcomeUnknownError).cause.kind).toBe(causeKind);
			expect(error.retryable).toBe(false);
			expect(counter.count('create_order')).toBe(1);
			const resolution = await client.resolveOrder('ambiguous', {
				symbol: 'USDT/AUD',
				since: Date.UTC(2026, 0, 5, 9, 30),
			});
			expect(resolution.found).toBe(exists === 1);
			if (resolution.found) expect(resolution.order).toMatchObject({ clientOrderId: 'ambiguous', status: 'closed' });
			expect(await countOrders(sandbox)).toBe(exists);
		},
	);

	it('finds a lost order even when the broker’s clock is hours behind ours', async () => {
		const { client } = clientFor(sandbox);
		await client.createOrder(marketOrder('skewed'));
		const ourClockAhead = Date.UTC(2026, 0, 5, 9, 30) + 3 * 3_600_000;
		expect(await client.resolveOrder('skewed', { symbol: 'USDT/AUD', since: ourClockAhead })).toMatchObject({
			found: true,
		});
	});

	it('reports an unreadable 200 as OutcomeUnknownError: the order may exist', async () => {
		const { client } = clientFor(sandbox, {
			fetch: async () => new Response('{"id": 1, "oops": true}', { status: 200 }),
		});
		const error = await failure(client.createOrder(marketOrder('garbled')));
		expect(error).toBeInstanceOf(OutcomeUnknownError);
		expect((error as OutcomeUnknownError).cause.kind).toBe('bad-response');
	});

	it.each([201, 202, 204, 302, 409])(
		'reports an unexpected status %i as OutcomeUnknownError: the order may exist',
		async (status) => {
			const { client } = clientFor(sandbox, {
				fetch: async () => new Response(status === 204 ? null : '{}', { status }),
			});
			const error = await failure(client.createOrder(marketOrder('odd-status')));
			expect(error).toBeInstanceOf(OutcomeUnknownError);
			expect((error as OutcomeUnknownError).cause.kind).toBe('bad-response');
		},
	);

	it('times out an answer whose body never finishes, as outcome unknown', async () => {
		const stalling = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"id": "partial');
		});
		await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
		const { port } = stalling.address() as AddressInfo;
		try {
			const { client } = clientFor({ ...sandbox, restUrl: `http://127.0.0.1:${port}/v2` }, { timeoutMs: 200 });
			const error = await failure(client.createOrder(marketOrder('stalled-body')));
			expect(error).toBeInstanceOf(OutcomeUnknownError);
			expect((error as OutcomeUnknownError).cause.kind).toBe('timeout');
		} finally {
			stalling.closeAllConnections();
			stalling.close();
		}
	});

	it('reports a refused connection as a plain NetworkError: nothing can have been placed', async () => {
		const port = sandbox.port;
		await sandbox.close();
		sandbox = await startTestSandbox();
		const { client } = clientFor({ ...sandbox, restUrl: `http://127.0.0.1:${port}/v2` });
		const error = await failure(client.createOrder(marketOrder('refused')));
		expect(error).toBeInstanceOf(NetworkError);
		expect((error as NetworkError).requestMayHaveArrived).toBe(false);
	});

	it('does not retry a 429 on create_order, and refuses new orders unsent while the broker asks to wait', async () => {
		let hostNow = 1_800_000_000_000;
		await sandbox.close();
		sandbox = await startTestSandbox({ rateLimit: { limit: 1, windowMs: 10_000 }, hostNow: () => hostNow });
		const { client, counter } = clientFor(sandbox, { now: () => hostNow });
		await client.createOrder(marketOrder('first'));
		const limited = await failure(client.createOrder(marketOrder('second')));
		expect(limited).toBeInstanceOf(RateLimitedError);
		expect((limited as RateLimitedError).source).toBe('broker');
		expect((limited as RateLimitedError).retryAfterMs).toBe(10_000);
		const refused = await failure(client.createOrder(marketOrder('third')));
		expect(refused).toMatchObject({ kind: 'rate-limited', source: 'local' });
		expect(counter.count('create_order')).toBe(2);
		hostNow += 10_000;
		expect((await client.createOrder(marketOrder('fourth'))).status).toBe('closed');
	});

	it('refuses a new order unsent when orders are already queued, instead of queueing stale intent', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1 });
		const { client, counter } = clientFor(sandbox, { limiter, maxOrderBacklog: 2, realSleep: true });
		sandbox.controls.injectRestFault({ kind: 'delay', phase: 'before', ms: 150, count: 3, endpoint: 'create_order' });
		const ahead = [client.createOrder(marketOrder('q-1')), client.createOrder(marketOrder('q-2'))];
		ahead.push(client.createOrder(marketOrder('q-3')));
		const error = await failure(client.createOrder(marketOrder('behind-the-queue')));
		expect(error).toMatchObject({ kind: 'rate-limited', source: 'local' });
		expect(error.userMessage).toContain('nothing was sent');
		await Promise.all(ahead);
		expect(counter.count('create_order')).toBe(3);
	});

	it('places an order at once however many reads are queued: reads cannot push an order out', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1 });
		const { client, counter } = clientFor(sandbox, { limiter, maxOrderBacklog: 2, realSleep: true });
		sandbox.controls.injectRestFault({ kind: 'delay', phase: 'before', ms: 300, count: 5, endpoint: 'fetch_orders' });
		const reads = [1, 2, 3, 4, 5].map((page) => client.fetchOrders({}, page, 10, { kind: 'read', person: `p${page}` }));
		const order = await client.createOrder(marketOrder('not-pushed-out'));
		expect(order.clientOrderId).toBe('not-pushed-out');
		expect(counter.count('create_order')).toBe(1);
		await Promise.all(reads);
	});

	it('refuses a person’s read beyond their budget with a sentence for them, and sends nothing', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1, readsPerPerson: 2 });
		const { client, counter } = clientFor(sandbox, { limiter, realSleep: true });
		sandbox.controls.injectRestFault({ kind: 'delay', phase: 'before', ms: 200, count: 2, endpoint: 'fetch_orders' });
		const viewer = { kind: 'read', person: 'viewer' } as const;
		const first = [client.fetchOrders({}, 1, 10, viewer), client.fetchOrders({}, 1, 10, viewer)];
		const error = await failure(client.fetchOrders({}, 1, 10, viewer));
		expect(error).toMatchObject({ kind: 'busy', retryable: false });
		expect(error.userMessage).toBe(
			'You already have 2 requests to the broker under way; wait for them to finish, then try again. Nothing more was sent.',
		);
		await Promise.all(first);
		expect(counter.count('fetch_orders')).toBe(2);
	});

	it('drops an order that waited in the queue past its limit, unsent', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1 });
		const { client, counter } = clientFor(sandbox, {
			limiter,
			maxOrderBacklog: 5,
			maxOrderQueueWaitMs: 50,
			realSleep: true,
		});
		sandbox.controls.injectRestFault({ kind: 'delay', phase: 'before', ms: 300, count: 1, endpoint: 'create_order' });
		const ahead = client.createOrder(marketOrder('ahead'));
		const error = await failure(client.createOrder(marketOrder('stale')));
		expect(error).toMatchObject({ kind: 'rate-limited', source: 'local' });
		expect(error.message).toContain('waited too long');
		await ahead;
		expect(counter.count('create_order')).toBe(1);
		expect(await countOrders(sandbox)).toBe(1);
	});

	it('needs a client order id', async () => {
		const { client } = clientFor(sandbox);
		await expect(client.createOrder(marketOrder(' '))).rejects.toThrow(TypeError);
	});
});

describe('reads', () => {
	it('fetches one order by POST with static signing and by GET with timestamp signing', async () => {
		const { client } = clientFor(sandbox);
		const created = await client.createOrder(marketOrder('lookup'));
		const byPost = await client.fetchOrder(created.id);
		const { client: timestamped } = clientFor(sandbox, { scheme: 'timestamp' });
		const byGet = await timestamped.fetchOrder(created.id);
		expect(byPost).toEqual(created);
		expect(byGet).toEqual(created);
	});

	it('throws NotFoundError for an unknown id', async () => {
		const { client } = clientFor(sandbox);
		expect(await failure(client.fetchOrder('missing'))).toBeInstanceOf(NotFoundError);
	});

	it('filters and pages orders, and the iterator yields every order once, oldest first', async () => {
		const { client } = clientFor(sandbox);
		const ids = sandbox.controls.fillBurst({ count: 250, symbol: 'ETH/AUD', amount: '0.1' });
		await client.createOrder(marketOrder('the-usdt-one'));
		const page = await client.fetchOrders({ symbol: 'ETH/AUD', sort: 'asc' }, 2, 100);
		expect(page).toMatchObject({ total: 250, page: 2, limit: 100 });
		expect(page.orders.map((order) => order.id)).toEqual(ids.slice(100, 200));
		const filtered = await client.fetchOrders({ symbol: 'USDT/AUD', side: 'buy', type: 'market', status: 'closed' });
		expect(filtered.orders.map((order) => order.clientOrderId)).toEqual(['the-usdt-one']);
		const byIds = await client.fetchOrders({ ids: [ids[3] ?? '', ids[7] ?? ''], sort: 'asc' });
		expect(byIds.orders.map((order) => order.id)).toEqual([ids[3], ids[7]]);
		const all: string[] = [];
		for await (const order of client.iterateOrders({ symbol: 'ETH/AUD' }, 100)) all.push(order.id);
		expect(all).toEqual(ids);
	});

	it('reads every order even when the broker sends smaller pages than asked', async () => {
		const all = Array.from({ length: 120 }, (_, index) => ({
			id: `o-${index}`,
			client_order_id: `c-${index}`,
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			status: 'closed',
			amount: '1',
			timestamp: String(1_700_000_000_000 + index),
			trades: [],
		}));
		const cappedAt50: typeof fetch = async (input) => {
			const request = input instanceof Request ? input : new Request(String(input));
			const body: unknown = await request.json();
			const page = typeof body === 'object' && body !== null && 'page' in body ? Number(body.page) : 1;
			return Response.json({
				order_list: all.slice((page - 1) * 50, page * 50),
				status: 'success',
				total: 120,
				page: String(page),
			});
		};
		const { client } = clientFor(sandbox, { fetch: cappedAt50 });
		const ids: string[] = [];
		for await (const order of client.iterateOrders({}, 100)) ids.push(order.id);
		expect(ids).toEqual(all.map((order) => order.id));
		expect(await client.resolveOrder('c-110')).toMatchObject({ found: true, order: { id: 'o-110' } });
	});

	it('skips an unreadable listed order, and will not call an order absent when it may be that one', async () => {
		const listing: typeof fetch = async () =>
			Response.json({
				order_list: [
					{
						id: 'good',
						client_order_id: 'c-good',
						symbol: 'USDT/AUD',
						side: 'buy',
						type: 'market',
						status: 'closed',
						amount: '1',
						trades: [],
					},
					{
						id: 'bad',
						client_order_id: 'c-bad',
						symbol: 'USDT/AUD',
						side: 'buy',
						type: 'market',
						status: 'closed',
						amount: '',
						trades: [],
					},
				],
				status: 'success',
				total: 2,
				page: '1',
			});
		const { client } = clientFor(sandbox, { fetch: listing });
		const page = await client.fetchOrders();
		expect(page.orders.map((order) => order.id)).toEqual(['good']);
		expect(page.unreadable).toBe(1);
		expect((await client.resolveOrder('c-good')).found).toBe(true);
		expect(await failure(client.resolveOrder('c-missing'))).toMatchObject({ kind: 'bad-response' });
	});

	it('retries a 5xx with growing backoff, then succeeds', async () => {
		const { client, counter, sleeps } = clientFor(sandbox, { random: () => 1 });
		sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 2, endpoint: 'fetch_orders' });
		expect((await client.fetchOrders()).total).toBe(0);
		expect(counter.count('fetch_orders')).toBe(3);
		expect(sleeps).toEqual([250, 500]);
	});

	it('gives up after the last attempt with the classified error', async () => {
		const { client, counter } = clientFor(sandbox);
		sandbox.controls.injectRestFault({ kind: 'status', status: 500, count: 5, endpoint: 'fetch_order' });
		expect(await failure(client.fetchOrder('x'))).toBeInstanceOf(UnavailableError);
		expect(counter.count('fetch_order')).toBe(3);
	});

	it('waits at least the Retry-After before the next attempt, and does not retry a 4xx', async () => {
		let hostNow = 1_800_000_000_000;
		await sandbox.close();
		sandbox = await startTestSandbox({ rateLimit: { limit: 1, windowMs: 7_000 }, hostNow: () => hostNow });
		const sleeps: number[] = [];
		const { client, counter } = clientFor(sandbox, {
			now: () => hostNow,
			sleep: async (ms) => {
				sleeps.push(ms);
				hostNow += ms;
			},
		});
		await client.fetchOrders();
		await client.fetchOrders();
		expect(sleeps.length).toBeGreaterThan(0);
		expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(7_000);
		expect(counter.count('fetch_orders')).toBe(3);
		hostNow += 7_000;
		const bad = await failure(client.fetchOrders({ symbol: 'NOPE/AUD' }));
		expect(bad).toBeInstanceOf(InvalidRequestError);
		expect(counter.count('fetch_orders')).toBe(4);
	});

	it('retries a read that timed out', async () => {
		const { client, counter } = clientFor(sandbox, { timeoutMs: 200 });
		sandbox.controls.injectRestFault({ kind: 'delay', phase: 'before', ms: 800, count: 1, endpoint: 'fetch_orders' });
		expect((await client.fetchOrders()).orders).toEqual([]);
		expect(counter.count('fetch_orders')).toBe(2);
	});

	it('checks credentials', async () => {
		await expect(clientFor(sandbox).client.checkCredentials()).resolves.toBeUndefined();
		expect(await failure(clientFor(sandbox, { secret: 'wrong-secret' }).client.checkCredentials())).toBeInstanceOf(
			AuthError,
		);
	});
});

describe('secrets', () => {
	it('never appear in errors, their serialisations, or the signer when inspected', async () => {
		const signature = hmacHex(testSecret, testKey);
		const { client } = clientFor(sandbox);
		sandbox.controls.injectRestFault({ kind: 'status', status: 500, count: 10 });
		const errors = [
			await failure(client.createOrder(marketOrder('s-1'))),
			await failure(client.fetchOrder('x')),
			await failure(clientFor(sandbox, { secret: 'wrong-secret-1' }).client.fetchOrders()),
		];
		sandbox.controls.clearRestFaults();
		errors.push(await failure(clientFor(sandbox, { secret: 'wrong-secret-1' }).client.fetchOrders()));
		for (const error of errors) {
			for (const text of [String(error), error.stack ?? '', inspect(error, { depth: 5 }), JSON.stringify(error)]) {
				expect(text).not.toContain(testSecret);
				expect(text).not.toContain('wrong-secret-1');
				expect(text).not.toContain(signature);
			}
		}
		expect(inspect(client, { depth: 5 })).not.toContain(testSecret);
		expect(JSON.stringify(client)).not.toContain(testSecret);
	});
});
