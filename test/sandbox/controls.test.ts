import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
	call,
	countOrders,
	type Frame,
	isMessage,
	isOrderFrame,
	isTradeFrame,
	marketBuy,
	StreamPeer,
	startTestSandbox,
	staticHeaders,
} from '../support/sandbox-peer.js';

let sandbox: Sandbox;
afterEach(() => sandbox.close());

async function ordersWithClientId(clientOrderId: string): Promise<number> {
	const reply = await call(sandbox, 'fetch_orders', {});
	return reply.body.order_list.filter((order: { client_order_id: string }) => order.client_order_id === clientOrderId)
		.length;
}

describe('REST failure injection', () => {
	it('answers with the injected status and error body, processes nothing, and stops after `count`', async () => {
		sandbox = await startTestSandbox();
		sandbox.controls.injectRestFault({
			kind: 'status',
			status: 503,
			message: 'maintenance',
			count: 2,
			endpoint: 'create_order',
		});
		for (let attempt = 0; attempt < 2; attempt++) {
			const reply = await marketBuy(sandbox, '10', `attempt-${attempt}`);
			expect(reply).toMatchObject({ status: 503, body: { error_code: '503', error_message: 'maintenance' } });
		}
		expect(await countOrders(sandbox)).toBe(0);
		expect((await marketBuy(sandbox, '10', 'third')).status).toBe(200);
	});

	it('only touches the endpoint it names', async () => {
		sandbox = await startTestSandbox();
		sandbox.controls.injectRestFault({ kind: 'status', status: 500, count: 1, endpoint: 'fetch_order' });
		expect((await marketBuy(sandbox, '10', 'unaffected')).status).toBe(200);
		expect((await call(sandbox, 'fetch_order', { id: 'x' })).status).toBe(500);
		expect(sandbox.controls.state().pendingFaults).toEqual([]);
	});

	it('cuts the connection before processing: the client gets no answer and nothing is created', async () => {
		sandbox = await startTestSandbox();
		sandbox.controls.injectRestFault({ kind: 'drop', phase: 'before', count: 1 });
		await expect(marketBuy(sandbox, '10', 'lost-request')).rejects.toThrow();
		expect(await countOrders(sandbox)).toBe(0);
	});

	it('cuts the connection after processing: the answer is lost but the order exists, once', async () => {
		sandbox = await startTestSandbox();
		sandbox.controls.injectRestFault({ kind: 'drop', phase: 'after', count: 1, endpoint: 'create_order' });
		await expect(marketBuy(sandbox, '10', 'lost-answer')).rejects.toThrow();
		expect(await ordersWithClientId('lost-answer')).toBe(1);
	});

	it('delays the answer after processing: the order is pushed on the stream before the answer arrives', async () => {
		sandbox = await startTestSandbox();
		const peer = await StreamPeer.connect(sandbox);
		peer.send({ type: 'orders' });
		await peer.next(isMessage('orders Subscription successful.'));
		sandbox.controls.injectRestFault({ kind: 'delay', ms: 400, phase: 'after', count: 1, endpoint: 'create_order' });
		let answered = false;
		const reply = marketBuy(sandbox, '10', 'slow').then((r) => {
			answered = true;
			return r;
		});
		await peer.next(isOrderFrame);
		expect(answered).toBe(false);
		expect((await reply).status).toBe(200);
		peer.close();
	});

	it('delays before processing: nothing exists until the delay is over', async () => {
		sandbox = await startTestSandbox();
		sandbox.controls.injectRestFault({ kind: 'delay', ms: 300, phase: 'before', count: 1, endpoint: 'create_order' });
		const reply = marketBuy(sandbox, '10', 'queued');
		expect(await ordersWithClientId('queued')).toBe(0);
		expect((await reply).status).toBe(200);
		expect(await ordersWithClientId('queued')).toBe(1);
	});

	it('clears armed faults', async () => {
		sandbox = await startTestSandbox();
		sandbox.controls.injectRestFault({ kind: 'status', status: 502, count: 5 });
		expect(sandbox.controls.state().pendingFaults).toHaveLength(1);
		sandbox.controls.clearRestFaults();
		expect((await marketBuy(sandbox, '10', 'after-clear')).status).toBe(200);
	});
});

describe('rate limit', () => {
	it('answers 429 with Retry-After once a key is over its limit, and lets it through when the window passes', async () => {
		let hostNow = 1_800_000_000_000;
		sandbox = await startTestSandbox({ rateLimit: { limit: 3, windowMs: 60_000 }, hostNow: () => hostNow });
		for (let i = 0; i < 3; i++) expect((await call(sandbox, 'fetch_orders', {})).status).toBe(200);
		const limited = await call(sandbox, 'fetch_orders', {});
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('60');
		expect(limited.body).toEqual({ error_code: '429', error_message: 'rate limit exceeded' });
		expect((await marketBuy(sandbox, '10', 'while-limited')).status).toBe(429);
		const otherKey = staticHeaders('other-key', 'other-secret-value');
		expect((await call(sandbox, 'fetch_orders', {}, { headers: otherKey })).status).toBe(200);
		hostNow += 45_000;
		expect((await call(sandbox, 'fetch_orders', {})).headers.get('retry-after')).toBe('15');
		hostNow += 15_000;
		expect((await call(sandbox, 'fetch_orders', {})).status).toBe(200);
		expect(await countOrders(sandbox)).toBe(0);
	});
});

describe('stream controls', () => {
	it('drops connections abruptly, without a close frame', async () => {
		sandbox = await startTestSandbox();
		const peer = await StreamPeer.connect(sandbox);
		expect(sandbox.controls.dropStreams()).toBe(1);
		expect(await peer.closed()).toBe(1006);
	});

	it('stalls connections: no frames, no pongs, until they are resumed', async () => {
		sandbox = await startTestSandbox();
		const peer = await StreamPeer.connect(sandbox);
		peer.send({ type: 'orders' });
		peer.send({ type: 'price', symbol: 'USDT/AUD' });
		await peer.next((f) => typeof f.channel === 'string');
		let pongs = 0;
		peer.socket.on('pong', () => pongs++);
		expect(sandbox.controls.stallStreams()).toBe(1);
		const stalledAt = peer.frames.length;
		peer.socket.ping();
		peer.send({ type: 'message', message: 'ping' });
		sandbox.controls.stepClock(2000);
		sandbox.controls.fillBurst({ count: 3 });
		await vi.waitFor(() => expect(sandbox.controls.state().streamMessagesIgnored).toBe(2));
		expect(sandbox.controls.resumeStreams()).toBe(1);
		peer.send({ type: 'message', message: 'ping' });
		await peer.next(isMessage('pong'), stalledAt);
		expect(peer.frames.slice(stalledAt)).toEqual([{ type: 'message', message: 'pong' }]);
		expect(pongs).toBe(0);
		peer.close();
	});
});

describe('fill bursts', () => {
	it('creates N filled orders and pushes every trade and order frame, in order', async () => {
		sandbox = await startTestSandbox();
		const peer = await StreamPeer.connect(sandbox);
		peer.send({ type: 'orders' });
		await peer.next(isMessage('orders Subscription successful.'));
		const orderIds = sandbox.controls.fillBurst({ count: 200, symbol: 'BTC/AUD', side: 'sell', amount: '0.01' });
		expect(orderIds).toHaveLength(200);
		const frames = await peer.collect((f) => isOrderFrame(f) || isTradeFrame(f), 400);
		const trades = frames.filter(isTradeFrame).map((f) => JSON.parse(f.data));
		expect(trades.map((t) => t.order)).toEqual(orderIds);
		expect(trades.every((t) => t.symbol === 'BTC/AUD' && t.side === 'sell' && t.amount === '0.01')).toBe(true);
		expect(await countOrders(sandbox)).toBe(200);
		peer.close();
	});
});

describe('clock', () => {
	it('freezes, steps and resumes the market clock; stepping walks the mids', async () => {
		let hostNow = 1_800_000_000_000;
		sandbox = await startTestSandbox({ frozenClockAt: undefined, hostNow: () => hostNow });
		expect(sandbox.controls.state()).toMatchObject({ now: hostNow, clockFrozen: false });
		sandbox.controls.freezeClock();
		hostNow += 10_000;
		const frozen = sandbox.controls.state();
		expect(frozen).toMatchObject({ now: 1_800_000_000_000, clockFrozen: true });
		sandbox.controls.stepClock(5_000);
		const stepped = sandbox.controls.state();
		expect(stepped.now).toBe(1_800_000_005_000);
		expect(stepped.mids).not.toEqual(frozen.mids);
		sandbox.controls.resumeClock();
		hostNow += 1_000;
		expect(sandbox.controls.state()).toMatchObject({ now: 1_800_000_006_000, clockFrozen: false });
		expect(() => sandbox.controls.stepClock(-1)).toThrow(RangeError);
	});

	it('stamps orders with the market clock', async () => {
		sandbox = await startTestSandbox({ frozenClockAt: Date.UTC(2030, 5, 1) });
		sandbox.controls.stepClock(61_000);
		const reply = await marketBuy(sandbox, '10', 'stamped');
		expect(reply.body.datatime).toBe('2030-06-01 00:01:01');
	});

	it('moves a mid on request, and the ladder follows', async () => {
		sandbox = await startTestSandbox();
		sandbox.controls.setMid('USDT/AUD', '2.0000');
		const reply = await marketBuy(sandbox, '100', 'after-move');
		expect(reply.body.average).toBe('2.0008');
		expect(() => sandbox.controls.setMid('USDT/AUD', '-1')).toThrow('a mid must be a positive number');
		expect(() => sandbox.controls.setMid('NOPE', '1')).toThrow('unknown symbol NOPE');
	});
});

describe('the control surface over HTTP', () => {
	const control = (path: string, body?: unknown, method = 'POST') =>
		fetch(`${sandbox.restUrl.replace(/\/v2$/, '')}/__sandbox/${path}`, {
			method,
			body: body === undefined ? undefined : JSON.stringify(body),
		}).then(async (r): Promise<{ status: number; body: Frame }> => ({ status: r.status, body: await r.json() }));

	it('is off unless enabled', async () => {
		sandbox = await startTestSandbox();
		const reply = await control('fault', { kind: 'status', status: 500, count: 1 });
		expect(reply.status).toBe(404);
		expect(reply.body.error_message).toContain('disabled');
		expect((await marketBuy(sandbox, '10', 'unaffected')).status).toBe(200);
	});

	it('drives every knob when enabled, and refuses bad control input', async () => {
		sandbox = await startTestSandbox({ controlsOverHttp: true });
		expect((await control('fault', { kind: 'status', status: 503, count: 1 })).status).toBe(200);
		expect((await marketBuy(sandbox, '10', 'x')).status).toBe(503);
		expect((await control('fault', { kind: 'status', status: 200, count: 1 })).status).toBe(400);
		expect((await control('fault', '{not json')).status).toBe(400);
		expect((await control('clear-faults')).status).toBe(200);
		expect((await control('set-mid', { symbol: 'USDT/AUD', mid: '1.6' })).status).toBe(200);
		expect((await control('clock/freeze')).status).toBe(200);
		expect((await control('clock/step', { ms: 1000 })).status).toBe(200);
		expect((await control('clock/resume')).status).toBe(200);
		expect((await control('pause-prices')).body).toEqual({ ok: true });
		expect((await control('state', undefined, 'GET')).body.pricesPaused).toBe(true);
		expect((await control('resume-prices')).status).toBe(200);
		expect((await control('fill-burst', { count: 3, symbol: 'ETH/AUD' })).body.orderIds).toHaveLength(3);
		expect((await control('fill-burst', { count: 0 })).status).toBe(400);
		expect((await control('fill-burst', { count: 1, amount: '-5' })).status).toBe(400);
		expect(() => sandbox.controls.fillBurst({ count: 1, amount: '0' })).toThrow('a fill burst needs a positive amount');
		expect((await control('drop-streams', {})).body).toEqual({ dropped: 0 });
		expect((await control('stall-streams', {})).body).toEqual({ stalled: 0 });
		expect((await control('resume-streams')).body).toEqual({ resumed: 0 });
		expect((await control('explode')).status).toBe(404);
	});
});
