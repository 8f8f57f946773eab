import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { type Frame, isLadderFrame, StreamPeer, startTestSandbox, staticHeaders } from '../support/sandbox-peer.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sandboxWith(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
	const sandbox = await startTestSandbox(options);
	cleanups.push(() => sandbox.close());
	return sandbox;
}

async function firstLadder(sandbox: Sandbox, query = ''): Promise<Frame> {
	const peer = StreamPeer.open(`${sandbox.wsUrl}${query}`);
	cleanups.push(() => peer.close());
	await peer.next((frame) => frame.message === 'Successfully connected.');
	peer.send({ type: 'price', symbol: 'USDT/AUD' });
	return peer.next((frame) => isLadderFrame(frame) || frame.type === 'price');
}

const stamp = { timestamp: Date.UTC(2026, 0, 5, 9, 30) / 1000, datetime: '2026-01-05 09:30:00.000' };
// At the open: mid 1.5320, the client buys at 1.5327 and sells at 1.5313 for up to 100.
const clientBuys = [1.5327, 100];
const clientSells = [1.5313, 100];

describe('price frame dialects', () => {
	it('speaks the seed’s channel envelope by default, data as an object, bids the client’s buy prices', async () => {
		const frame = await firstLadder(await sandboxWith());
		expect(frame).toMatchObject({
			type: 'message',
			channel: 'dma_ladder_price_USDT/AUD',
			data: { ...stamp, symbol: 'USDT/AUD' },
		});
		expect(frame.data.data.bids[0]).toEqual(clientBuys);
		expect(frame.data.data.asks[0]).toEqual(clientSells);
	});

	it('writes data as a JSON string with channel-string', async () => {
		const frame = await firstLadder(await sandboxWith({ priceFrames: 'channel-string' }));
		expect(frame.channel).toBe('dma_ladder_price_USDT/AUD');
		expect(typeof frame.data).toBe('string');
		expect(JSON.parse(frame.data).data.bids[0]).toEqual(clientBuys);
	});

	it('speaks the UAT script’s shape with uat: type price, bids the dealer’s bid (the client sells there)', async () => {
		const frame = await firstLadder(await sandboxWith({ priceFrames: 'uat' }));
		expect(frame).toMatchObject({ type: 'price', symbol: 'USDT/AUD', ...stamp, exchange: 'zerocap' });
		expect(frame.channel).toBeUndefined();
		// What the UAT script reads: message['data']['bids'][0][0] parses as a float price.
		expect(frame.data.bids[0]).toEqual(clientSells);
		expect(frame.data.asks[0]).toEqual(clientBuys);
		expect(frame.data.bids).toHaveLength(5);
	});

	it('lets each connection choose with ?price_frames=, beside others on the setting', async () => {
		const sandbox = await sandboxWith();
		const [uat, channel] = await Promise.all([firstLadder(sandbox, '?price_frames=uat'), firstLadder(sandbox)]);
		expect(uat.type).toBe('price');
		expect(channel.type).toBe('message');
		// Ticks reach each connection in its own dialect.
		const peer = StreamPeer.open(`${sandbox.wsUrl}?price_frames=uat`);
		cleanups.push(() => peer.close());
		await peer.next((frame) => frame.message === 'Successfully connected.');
		peer.send({ type: 'price', symbol: 'BTC/AUD' });
		await peer.next((frame) => frame.type === 'price');
		const from = peer.frames.length;
		sandbox.controls.stepClock(500);
		const next = await peer.next((frame) => frame.type === 'price', from);
		expect(next).toMatchObject({ symbol: 'BTC/AUD', datetime: '2026-01-05 09:30:00.500' });
	});

	it('refuses a dialect it does not speak with HTTP 400 at the handshake', async () => {
		const sandbox = await sandboxWith();
		const socket = new WebSocket(`${sandbox.wsUrl}?price_frames=binary`, { headers: staticHeaders() });
		const status = await new Promise<number>((resolve) => {
			socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
			socket.on('error', () => undefined);
		});
		expect(status).toBe(400);
	});
});
