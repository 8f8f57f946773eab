import { once } from 'node:events';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { RequestSigner, type SigningScheme } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import type { StreamEvents, StreamStatus, ZerocapStreamOptions } from '../../src/zerocap/stream-types.js';
import {
	isLadderFrame,
	marketBuy,
	StreamPeer,
	startTestSandbox,
	testKey,
	testSecret,
} from '../support/sandbox-peer.js';
import { StreamRecorder } from '../support/stream-recorder.js';

const is = (status: StreamStatus) => (payload: StreamStatus) => payload === status;
const ordersAck = (payload: StreamEvents['subscribed']) => payload.channel === 'orders';
const marketOpen = Date.UTC(2026, 0, 5, 9, 30);

const fast = {
	heartbeatIntervalMs: 50,
	livenessTimeoutMs: 500,
	reconnect: { initialMs: 20, maxMs: 100, factor: 2 },
} satisfies Partial<ZerocapStreamOptions>;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function signer(apiSecret = testSecret, scheme: SigningScheme = 'static'): RequestSigner {
	return new RequestSigner({ apiKey: testKey, apiSecret, scheme });
}

async function sandboxFor(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
	const sandbox = await startTestSandbox(options);
	cleanups.push(() => sandbox.close());
	return sandbox;
}

function openStream(url: string, options: Partial<ZerocapStreamOptions> = {}) {
	const stream = new ZerocapStream({ url, signer: signer(), ...fast, ...options });
	cleanups.push(() => stream.close());
	return { stream, events: new StreamRecorder(stream) };
}

/** A logger that keeps its lines, to check what the stream logs. */
function memoryLogger() {
	const lines: string[] = [];
	return { lines, logger: pino({ level: 'debug' }, { write: (line: string) => lines.push(line) }) };
}

/** Fakes only the timer functions (sockets and the clock stay real), so that a test can count the timers left. */
function countTimers(): void {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
	cleanups.push(() => vi.useRealTimers());
}

describe('ZerocapStream against the sandbox', () => {
	it('goes connecting → ready on the greeting, and subscribes at once when already ready', async () => {
		const sandbox = await sandboxFor();
		const { stream, events } = openStream(sandbox.wsUrl);
		expect(stream.status).toBe('idle');
		stream.start();
		expect(stream.status).toBe('connecting');
		await events.next('status', is('ready'));
		expect(events.payloads('status')).toEqual(['connecting', 'ready']);
		expect(sandbox.controls.state().streamConnections).toBe(1);

		stream.subscribePrices('BTC/AUD');
		const { payload } = await events.next('ladder');
		expect(payload.symbol).toBe('BTC/AUD');
		expect(events.payloads('gap')).toEqual([]);
		expect(stream.stats).toMatchObject({ reconnects: 0, malformedFrames: 0 });
	});

	it('maps the ladder once (buy tiers are the wire bids) and keeps the latest per symbol with its age', async () => {
		const sandbox = await sandboxFor();
		const peer = await StreamPeer.connect(sandbox);
		cleanups.push(() => peer.close());
		peer.send({ type: 'price', symbol: 'USDT/AUD' });
		const wire = await peer.next(isLadderFrame);
		let clock = Date.UTC(2026, 0, 5, 10);
		const { stream, events } = openStream(sandbox.wsUrl, { now: () => clock, livenessTimeoutMs: 60_000 });
		stream.subscribePrices('USDT/AUD');
		stream.start();

		const { payload: ladder } = await events.next('ladder');
		const tiers = (levels: number[][]) => levels.map(([p, q]) => ({ price: String(p), quantity: String(q) }));
		expect(ladder).toEqual({
			symbol: 'USDT/AUD',
			timestamp: marketOpen,
			buyTiers: tiers(wire.data.data.bids),
			sellTiers: tiers(wire.data.data.asks),
		});
		const buyPrices = ladder.buyTiers.map((tier) => Number(tier.price));
		const sellPrices = ladder.sellTiers.map((tier) => Number(tier.price));
		expect(buyPrices).toEqual([...buyPrices].sort((a, b) => a - b));
		expect(sellPrices).toEqual([...sellPrices].sort((a, b) => b - a));
		expect(buyPrices[0]).toBeGreaterThan(sellPrices[0] ?? Number.POSITIVE_INFINITY);

		clock += 1234;
		expect(stream.latestLadder('USDT/AUD')).toEqual({
			ladder,
			receivedAt: Date.UTC(2026, 0, 5, 10),
			ageMs: 1234,
			available: true,
		});
		expect(stream.latestLadder('BTC/AUD')).toBeUndefined();

		const mark = events.mark;
		sandbox.controls.stepClock(500);
		const { payload: next } = await events.next('ladder', undefined, mark);
		expect(next.timestamp).toBe(marketOpen + 500);
		expect(stream.latestLadder('USDT/AUD')).toMatchObject({ ladder: next, ageMs: 0 });
	});

	it('emits order updates and trades, in order, for a REST order and for a fill burst', async () => {
		const sandbox = await sandboxFor();
		const { stream, events } = openStream(sandbox.wsUrl);
		stream.subscribeOrders();
		stream.start();
		await events.next('subscribed', ordersAck);

		const created = await marketBuy(sandbox, '1000', 'ticket-1');
		const { payload: order } = await events.next('order');
		expect(events.payloads('trade')).toEqual([
			expect.objectContaining({
				id: created.body.trades[0].id,
				orderId: created.body.id,
				symbol: 'USDT/AUD',
				side: 'buy',
				price: created.body.average,
				amount: '1000',
			}),
		]);
		expect(order).toMatchObject({
			id: created.body.id,
			clientOrderId: 'ticket-1',
			status: 'closed',
			type: 'market',
			filled: '1000',
			remaining: '0',
		});

		const sequence: string[] = [];
		stream.on('trade', (trade) => sequence.push(`trade ${trade.orderId}`));
		stream.on('order', (update) => sequence.push(`order ${update.id}`));
		const ids = sandbox.controls.fillBurst({ count: 5 });
		await events.next('order', (update) => update.id === ids.at(-1));
		expect(sequence).toEqual(ids.flatMap((id) => [`trade ${id}`, `order ${id}`]));
	});

	it('heals a dropped socket: reconnects, restores subscriptions and reports the gap instead of replaying', async () => {
		const sandbox = await sandboxFor();
		const { stream, events } = openStream(sandbox.wsUrl);
		stream.subscribePrices('USDT/AUD');
		stream.subscribeOrders();
		stream.start();
		await events.next('subscribed', ordersAck);
		await events.next('ladder');

		const mark = events.mark;
		const droppedAt = Date.now();
		expect(sandbox.controls.dropStreams()).toBe(1);
		const missed = sandbox.controls.fillBurst({ count: 2 });

		const ready = await events.next('status', is('ready'), mark);
		const gap = await events.next('gap', undefined, mark);
		const ack = await events.next('subscribed', ordersAck, mark);
		expect(events.payloads('status', mark)).toEqual(['reconnecting', 'ready']);
		expect(gap.payload.from).toBeLessThanOrEqual(droppedAt);
		expect(gap.payload.to).toBeGreaterThanOrEqual(droppedAt);
		expect(gap.index).toBeGreaterThan(ack.index);
		await events.next('ladder', undefined, ready.index);

		const after = sandbox.controls.fillBurst({ count: 1 });
		await events.next('order', (update) => update.id === after[0], mark);
		const seen = events.payloads('order', mark).map((update) => update.id);
		expect(seen).toEqual(after);
		expect(seen).not.toEqual(expect.arrayContaining(missed));
		expect(events.payloads('gap')).toHaveLength(1);
		expect(stream.stats.reconnects).toBe(1);
	});

	it('replaces a stalled socket once nothing at all has arrived for the liveness timeout', async () => {
		const sandbox = await sandboxFor();
		const { stream, events } = openStream(sandbox.wsUrl, { livenessTimeoutMs: 300 });
		stream.subscribePrices('USDT/AUD');
		stream.subscribeOrders();
		stream.start();
		await events.next('subscribed', ordersAck);
		await events.next('ladder');

		const mark = events.mark;
		const stalledAt = Date.now();
		sandbox.controls.stallStreams();
		await events.next('status', is('reconnecting'), mark);
		expect(Date.now() - stalledAt).toBeGreaterThanOrEqual(200);
		expect(sandbox.controls.state().streamMessagesIgnored).toBeGreaterThan(0);

		const ready = await events.next('status', is('ready'), mark);
		const { payload: gap } = await events.next('gap', undefined, mark);
		expect(gap.from).toBeLessThanOrEqual(stalledAt);
		expect(gap.to - gap.from).toBeGreaterThanOrEqual(200);
		await events.next('ladder', undefined, ready.index);
		const [id] = sandbox.controls.fillBurst({ count: 1 });
		await events.next('order', (update) => update.id === id, ready.index);
	});

	it('replaces a socket that answers heartbeats but sends no ladder for the stale-data timeout', async () => {
		const sandbox = await sandboxFor();
		const { stream, events } = openStream(sandbox.wsUrl, { livenessTimeoutMs: 10_000, staleDataTimeoutMs: 300 });
		stream.subscribePrices('USDT/AUD');
		stream.start();
		await events.next('ladder');
		const framesAtLadder = stream.stats.framesReceived;
		const ladderAt = Date.now();

		const mark = events.mark;
		await events.next('status', is('reconnecting'), mark);
		expect(Date.now() - ladderAt).toBeGreaterThanOrEqual(250);
		// The frozen market clock publishes nothing new, yet the broker kept answering the heartbeat.
		expect(stream.stats.framesReceived - framesAtLadder).toBeGreaterThanOrEqual(2);
		expect(events.payloads('priceUnavailable')).toEqual([]);

		const ready = await events.next('status', is('ready'), mark);
		await events.next('ladder', undefined, ready.index);
		const { payload: gap } = await events.next('gap', undefined, mark);
		expect(gap.from).toBeLessThanOrEqual(gap.to);
	});

	it('reports "Price stream unavailable." and marks the ladder unavailable until the next one', async () => {
		const sandbox = await sandboxFor();
		const { stream, events } = openStream(sandbox.wsUrl);
		stream.subscribePrices('USDT/AUD');
		stream.start();
		const { payload: ladder } = await events.next('ladder');
		expect(stream.pricesAvailable).toBe(true);

		sandbox.controls.pausePrices();
		await events.next('priceUnavailable');
		expect(stream.pricesAvailable).toBe(false);
		expect(stream.latestLadder('USDT/AUD')).toMatchObject({ ladder, available: false });

		const mark = events.mark;
		sandbox.controls.resumePrices();
		sandbox.controls.stepClock(500);
		const { payload: next } = await events.next('ladder', undefined, mark);
		expect(stream.latestLadder('USDT/AUD')).toMatchObject({ ladder: next, available: true });
		expect(stream.pricesAvailable).toBe(true);
		expect(stream.stats.reconnects).toBe(0);
	});

	it.each(['frame', 'http'] as const)(
		'keeps retrying when the broker refuses the credentials (%s)',
		async (variant) => {
			const sandbox = await sandboxFor({ streamAuthFailure: variant });
			const { lines, logger } = memoryLogger();
			const badSigner = signer('wrong-secret');
			const { stream, events } = openStream(sandbox.wsUrl, { signer: badSigner, logger });
			stream.start();

			const first = await events.next('brokerError');
			expect(first.payload).toEqual({ code: '401', message: 'Unauthorized' });
			await events.next('brokerError', undefined, first.index + 1);
			expect(stream.status).toBe('reconnecting');
			expect(events.payloads('status')).toEqual(['connecting', 'reconnecting']);
			expect(stream.stats.reconnects).toBeGreaterThanOrEqual(1);

			const log = lines.join('');
			expect(log).toContain('"code":');
			for (const secret of Object.values(badSigner.headers(Date.now()))) expect(log).not.toContain(secret);
			expect(log).not.toContain('wrong-secret');
		},
	);

	it('re-signs every attempt, so a timestamp signature is fresh after a reconnect', async () => {
		let skewMs = 0;
		const clock = () => Date.now() + skewMs;
		const sandbox = await sandboxFor({ hostNow: clock });
		const { stream, events } = openStream(sandbox.wsUrl, { signer: signer(testSecret, 'timestamp'), now: clock });
		stream.start();
		await events.next('status', is('ready'));

		skewMs = 120_000;
		const mark = events.mark;
		sandbox.controls.dropStreams();
		await events.next('status', is('ready'), mark);
		expect(events.payloads('brokerError')).toEqual([]);
	});
});

describe('ZerocapStream against a scripted server', () => {
	/** A WebSocket server on loopback that plays what a test scripts; `connections` are its side of each socket. */
	async function scriptedServer(
		options: ConstructorParameters<typeof WebSocketServer>[0] = {},
		onConnection: (socket: WebSocket) => void = greet,
	): Promise<{ url: string; connections: WebSocket[] }> {
		const server = new WebSocketServer({ ...options, host: '127.0.0.1', port: 0 });
		const connections: WebSocket[] = [];
		server.on('connection', (socket) => {
			connections.push(socket);
			onConnection(socket);
		});
		await once(server, 'listening');
		cleanups.push(async () => {
			// Waiting for each socket's close leaves nothing of this test running into the next.
			const closed = [...server.clients].map((client) => once(client, 'close'));
			for (const client of server.clients) client.terminate();
			await Promise.all(closed);
			await new Promise((resolve) => server.close(resolve));
		});
		const address = server.address();
		if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
		return { url: `ws://127.0.0.1:${address.port}/v2`, connections };
	}

	function greet(socket: WebSocket): void {
		socket.send(JSON.stringify({ type: 'message', message: 'Successfully connected.' }));
	}

	const tradeData = {
		id: 't-1',
		timestamp: String(marketOpen),
		datetime: '2026-01-05 09:30:00',
		symbol: 'USDT/AUD',
		order: 'o-1',
		type: 'market',
		side: 'buy',
		takerOrMaker: 'taker',
		price: '1.5393',
		amount: '100',
		cost: '153.93',
		orderFrom: 'api',
	};
	const orderData = {
		OrderId: 'o-1',
		ClientOrderId: 'c-1',
		Symbol: 'USDT/AUD',
		Type: 'market',
		TimeInForce: 'FOK',
		Side: 'buy',
		Price: '1.5393',
		Amount: '100',
		CreatedAt: marketOpen,
		UpdatedAt: marketOpen,
		Status: 'closed',
		Filled: '100',
		Remaining: '0',
		Cost: '153.93',
		Average: '1.5393',
	};
	const ladderFrame = {
		type: 'message',
		channel: 'dma_ladder_price_USDT/AUD',
		data: {
			timestamp: marketOpen / 1000,
			datetime: '2026-01-05 09:30:00.000',
			symbol: 'USDT/AUD',
			exchange: 'zerocap',
			data: { bids: [[1.5393, 100]], asks: [[1.4591, 100]] },
		},
	};
	const garbage = `not json ${'x'.repeat(500)}`;

	it('counts and drops malformed frames, accepts the tolerated variants, and survives a throwing listener', async () => {
		const { url } = await scriptedServer({}, (socket) => {
			greet(socket);
			socket.send(garbage);
			socket.send('[1,2]');
			socket.send(JSON.stringify({ type: 'message', channel: 'dma_order_info', data: '{"OrderId":' }));
			socket.send(JSON.stringify({ type: 'message', channel: 'dma_order_info', data: { OrderId: 'o-2' } }));
			socket.send(JSON.stringify({ type: 'message', channel: 'dma_balances', data: {} }));
			socket.send(Buffer.from([1, 2, 3]), { binary: true });
			socket.send(JSON.stringify({ type: 'message', channel: 'dma_trader_info', data: JSON.stringify(tradeData) }));
			socket.send(JSON.stringify({ type: 'message', channel: 'dma_order_info', data: orderData }));
			socket.send(JSON.stringify(ladderFrame));
		});
		const { lines, logger } = memoryLogger();
		const { stream, events } = openStream(url, { logger });
		stream.on('trade', () => {
			throw new Error('a consumer bug');
		});
		stream.start();

		await events.next('ladder');
		expect(stream.stats).toEqual({ framesReceived: 10, malformedFrames: 6, reconnects: 0 });
		expect(events.payloads('malformed').map((event) => event.reason)).toEqual([
			'not JSON',
			'not a JSON object',
			'dma_order_info data is not JSON',
			'order frame: Status is missing or invalid',
			'unknown channel "dma_balances"',
			'binary frame',
		]);
		expect(events.payloads('trade')).toEqual([expect.objectContaining({ id: 't-1', orderId: 'o-1', amount: '100' })]);
		expect(events.payloads('order')).toEqual([
			expect.objectContaining({ id: 'o-1', clientOrderId: 'c-1', status: 'closed' }),
		]);
		expect(stream.status).toBe('ready');

		const log = lines.join('');
		expect(log).toContain('malformed stream frame dropped');
		expect(log).toContain(garbage.slice(0, 100));
		expect(log).not.toContain(garbage.slice(0, 101));
		expect(log).toContain('stream listener threw');
	});

	it('reports a handshake refused with HTTP 403 and keeps retrying', async () => {
		let attempts = 0;
		const { url } = await scriptedServer({
			verifyClient: (_info, done) => {
				attempts++;
				done(false, 403, 'Forbidden');
			},
		});
		const { stream, events } = openStream(url);
		stream.start();
		const first = await events.next('brokerError');
		expect(first.payload).toEqual({ code: '403', message: 'Forbidden' });
		await events.next('brokerError', undefined, first.index + 1);
		expect(attempts).toBeGreaterThanOrEqual(2);
		expect(stream.status).toBe('reconnecting');
	});

	it('close() on a ready stream says goodbye with code 1000 and leaves no timer behind', async () => {
		countTimers();
		const { url, connections } = await scriptedServer();
		const { stream, events } = openStream(url);
		stream.start();
		await events.next('status', is('ready'));
		const [serverSide] = connections;
		if (serverSide === undefined) throw new Error('the server saw no connection');
		const closedOnServer = once(serverSide, 'close');

		await stream.close();
		const [code] = await closedOnServer;
		expect(code).toBe(1000);
		expect(events.payloads('status')).toEqual(['connecting', 'ready', 'closed']);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('close() while waiting to reconnect is final: status closed, the reconnect cancelled, no timer left', async () => {
		countTimers();
		const { url, connections } = await scriptedServer();
		const { stream, events } = openStream(url);
		stream.start();
		await events.next('status', is('ready'));
		connections[0]?.terminate();
		await events.next('status', is('reconnecting'));

		expect(vi.getTimerCount()).toBeGreaterThan(0);
		await stream.close();
		expect(stream.status).toBe('closed');
		expect(vi.getTimerCount()).toBe(0);
		stream.start();
		expect(events.payloads('status')).toEqual(['connecting', 'ready', 'reconnecting', 'closed']);
		expect(connections).toHaveLength(1);
	});

	it('ingest() feeds a frame through the socket handler path, and does nothing once closed', async () => {
		const { stream, events } = openStream('ws://127.0.0.1:9/v2');
		stream.ingest(JSON.stringify(ladderFrame));
		stream.ingest('{"channel":');
		expect(events.payloads('ladder')).toHaveLength(1);
		expect(stream.latestLadder('USDT/AUD')?.ladder.buyTiers).toEqual([{ price: '1.5393', quantity: '100' }]);
		expect(stream.stats).toEqual({ framesReceived: 2, malformedFrames: 1, reconnects: 0 });

		await stream.close();
		stream.ingest(JSON.stringify(ladderFrame));
		expect(events.payloads('ladder')).toHaveLength(1);
		expect(stream.stats.framesReceived).toBe(2);
	});

	it('rejects a URL that is not ws: or wss:, and timeouts that are not positive', () => {
		expect(() => new ZerocapStream({ url: 'http://127.0.0.1:1/v2', signer: signer() })).toThrow(RangeError);
		expect(() => new ZerocapStream({ url: 'ws://127.0.0.1:1/v2', signer: signer(), heartbeatIntervalMs: 0 })).toThrow(
			/heartbeatIntervalMs/,
		);
	});
});
