import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import { d as decimal } from '../support/decimals.js';
import { countOrders, startTestSandbox } from '../support/sandbox-peer.js';
import { clientFor } from '../support/zerocap-client.js';

let sandbox: Sandbox;
beforeEach(async () => {
	sandbox = await startTestSandbox();
});
afterEach(() => sandbox.close());

interface Exchange {
	readonly endpoint: string;
	readonly sentAt: number;
	answeredAt?: number;
	status?: number;
}

/** Every request as it leaves the client, and when and how it was answered. */
function wireLog() {
	const exchanges: Exchange[] = [];
	const fetchOnWire: typeof fetch = async (input, init) => {
		const url = input instanceof Request ? input.url : String(input);
		const exchange: Exchange = { endpoint: new URL(url).pathname.split('/').pop() ?? '', sentAt: Date.now() };
		exchanges.push(exchange);
		const response = await fetch(input, init);
		exchange.answeredAt = Date.now();
		exchange.status = response.status;
		return response;
	};
	return { exchanges, fetch: fetchOnWire };
}

const retryAfterMs = 1000;
/** Node may fire a timer a millisecond early by the wall clock. */
const timerSlackMs = 3;

/** No request left the client between a 429 being answered and the end of the wait it asked for. */
function expectQuietAfterEach429(exchanges: readonly Exchange[]): void {
	const limited = exchanges.filter((exchange) => exchange.status === 429);
	expect(limited.length).toBeGreaterThan(0);
	for (const answer of limited) {
		const answeredAt = answer.answeredAt ?? 0;
		const tooSoon = exchanges.filter(
			(exchange) => exchange.sentAt > answeredAt && exchange.sentAt < answeredAt + retryAfterMs - timerSlackMs,
		);
		expect(tooSoon).toEqual([]);
	}
}

describe('a 429 with Retry-After on broker reads', () => {
	it('holds every read, queued ones included, for the whole wait, then retries each limited read once', async () => {
		const wire = wireLog();
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 2 });
		const { client } = clientFor(sandbox, { limiter, fetch: wire.fetch, realSleep: true, random: () => 0 });
		sandbox.controls.injectRestFault({
			kind: 'status',
			status: 429,
			retryAfterSeconds: retryAfterMs / 1000,
			count: 2,
			endpoint: 'fetch_orders',
		});

		const pages = await Promise.all([1, 2, 3, 4].map(() => client.fetchOrders()));

		expect(pages.map((page) => page.total)).toEqual([0, 0, 0, 0]);
		expectQuietAfterEach429(wire.exchanges);
		expect(wire.exchanges.map((exchange) => exchange.status)).toEqual([429, 429, 200, 200, 200, 200]);
		await limiter.stop();
	});

	it('sends no order into the wait: one placed while a read waits out a 429 is refused unsent', async () => {
		const wire = wireLog();
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1 });
		const { client } = clientFor(sandbox, { limiter, fetch: wire.fetch, realSleep: true, random: () => 0 });
		sandbox.controls.injectRestFault({
			kind: 'status',
			status: 429,
			retryAfterSeconds: retryAfterMs / 1000,
			count: 1,
			endpoint: 'fetch_orders',
		});

		const read = client.fetchOrders();
		await vi.waitFor(() => expect(wire.exchanges.some((exchange) => exchange.status === 429)).toBe(true), {
			interval: 2,
		});
		const order = client.createOrder({
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: decimal('100'),
			clientOrderId: 'placed-during-a-429',
		});

		await expect(order).rejects.toMatchObject({ kind: 'rate-limited', source: 'local' });
		expect((await read).total).toBe(0);
		expect(wire.exchanges.filter((exchange) => exchange.endpoint === 'create_order')).toEqual([]);
		expect(await countOrders(sandbox)).toBe(0);
		expectQuietAfterEach429(wire.exchanges);
		await limiter.stop();
	});
});
