import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
	call,
	isLadderFrame,
	isMessage,
	isOrderFrame,
	marketBuy,
	StreamPeer,
	startTestSandbox,
} from '../support/sandbox-peer.js';

/** The sandbox knobs the fault tests rely on: each does what it says, and nothing more. */

let sandbox: Sandbox;
const peers: StreamPeer[] = [];
afterEach(async () => {
	for (const peer of peers.splice(0)) peer.close();
	await sandbox.close();
});

async function connected(): Promise<StreamPeer> {
	const peer = await StreamPeer.connect(sandbox);
	peers.push(peer);
	return peer;
}

describe('REST faults', () => {
	it('holds an answer delayed before processing once, not once before and again after', async () => {
		sandbox = await startTestSandbox();
		sandbox.controls.injectRestFault({ kind: 'delay', ms: 400, phase: 'before', count: 1, endpoint: 'create_order' });
		const startedAt = Date.now();
		expect((await marketBuy(sandbox, '10', 'held-once')).status).toBe(200);
		const tookMs = Date.now() - startedAt;
		expect(tookMs).toBeGreaterThanOrEqual(395);
		expect(tookMs).toBeLessThan(800);
	});

	it('answers an injected 429 with the Retry-After it was given, and with none when not given', async () => {
		sandbox = await startTestSandbox({ controlsOverHttp: true });
		const control = `${sandbox.restUrl.replace(/\/v2$/, '')}/__sandbox/fault`;
		const armed = await fetch(control, {
			method: 'POST',
			body: JSON.stringify({ kind: 'status', status: 429, retryAfterSeconds: 2, count: 1, endpoint: 'fetch_orders' }),
		});
		expect(armed.status).toBe(200);
		sandbox.controls.injectRestFault({ kind: 'status', status: 429, count: 1, endpoint: 'fetch_orders' });
		const limited = await call(sandbox, 'fetch_orders', {});
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		const bare = await call(sandbox, 'fetch_orders', {});
		expect(bare.status).toBe(429);
		expect(bare.headers.get('retry-after')).toBeNull();
	});
});

describe('stream faults', () => {
	it('refuses new handshakes with 503 while asked, counting them, and leaves open connections alone', async () => {
		sandbox = await startTestSandbox();
		const open = await connected();
		sandbox.controls.refuseStreams();
		const refused = StreamPeer.open(sandbox.wsUrl);
		peers.push(refused);
		const failure = new Promise<string>((resolve) => refused.socket.once('error', (error) => resolve(error.message)));
		expect(await failure).toContain('503');
		expect(sandbox.controls.state()).toMatchObject({ streamsRefused: true, streamHandshakesRefused: 1 });
		open.send({ type: 'message', message: 'ping' });
		await open.next(isMessage('pong'));

		sandbox.controls.acceptStreams();
		await connected();
		expect(sandbox.controls.state()).toMatchObject({ streamsRefused: false, streamConnections: 2 });
	});

	it('mutes a connection: it answers both heartbeats but sends no data until resumed', async () => {
		sandbox = await startTestSandbox();
		const peer = await connected();
		peer.send({ type: 'orders' });
		await peer.next(isMessage('orders Subscription successful.'));
		peer.send({ type: 'price', symbol: 'USDT/AUD' });
		await peer.next(isLadderFrame);
		let pongs = 0;
		peer.socket.on('pong', () => pongs++);

		expect(sandbox.controls.muteStreams()).toBe(1);
		const mutedAt = peer.frames.length;
		sandbox.controls.fillBurst({ count: 2 });
		sandbox.controls.stepClock(2000);
		peer.socket.ping();
		peer.send({ type: 'message', message: 'ping' });
		await peer.next(isMessage('pong'), mutedAt);
		expect(pongs).toBe(1);
		// The ladders the clock step published and the fills' frames never came; the pong came after them.
		const sinceMute = peer.frames.slice(mutedAt);
		expect(sinceMute.filter((frame) => isLadderFrame(frame) || isOrderFrame(frame))).toEqual([]);

		expect(sandbox.controls.resumeStreams()).toBe(1);
		const [next] = sandbox.controls.fillBurst({ count: 1 });
		const order = await peer.next(isOrderFrame, mutedAt);
		expect(JSON.stringify(order)).toContain(String(next));
	});
});
