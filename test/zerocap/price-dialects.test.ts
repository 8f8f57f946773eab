import { afterEach, describe, expect, it } from 'vitest';
import type { PriceFrames, Sandbox } from '../../src/sandbox/sandbox.js';
import type { Ladder } from '../../src/zerocap/domain.js';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import { parseStreamFrame } from '../../src/zerocap/stream-frames.js';
import { d } from '../support/decimals.js';
import { startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';
import { StreamRecorder } from '../support/stream-recorder.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const marketOpen = Date.UTC(2026, 0, 5, 9, 30);

async function sandboxSpeaking(priceFrames?: PriceFrames): Promise<Sandbox> {
	const sandbox = await startTestSandbox(priceFrames ? { priceFrames } : {});
	cleanups.push(() => sandbox.close());
	return sandbox;
}

async function firstLadder(url: string): Promise<{ ladder: Ladder; stream: ZerocapStream }> {
	const stream = new ZerocapStream({
		url,
		signer: new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'timestamp' }),
	});
	cleanups.push(() => stream.close());
	const events = new StreamRecorder(stream);
	stream.subscribePrices('USDT/AUD');
	stream.start();
	const { payload } = await events.next('ladder');
	return { ladder: payload, stream };
}

const tier = (price: string, quantity: string) => ({ price: d(price), quantity: d(quantity) });
/** The open's ladder for USDT/AUD, from the client's side, whichever dialect carried it. */
const openLadder: Ladder = {
	symbol: 'USDT/AUD',
	timestamp: marketOpen,
	buyTiers: [
		tier('1.5327', '100'),
		tier('1.533', '1000'),
		tier('1.5334', '10000'),
		tier('1.5342', '50000'),
		tier('1.5359', '250000'),
	],
	sellTiers: [
		tier('1.5313', '100'),
		tier('1.531', '1000'),
		tier('1.5306', '10000'),
		tier('1.5298', '50000'),
		tier('1.5281', '250000'),
	],
};

describe('ZerocapStream reads every price-frame dialect the sandbox speaks into the same ladder', () => {
	it.each(['channel', 'channel-string', 'uat'] as const)('%s, as the sandbox’s setting', async (dialect) => {
		const sandbox = await sandboxSpeaking(dialect);
		const { ladder, stream } = await firstLadder(sandbox.wsUrl);
		expect(ladder).toEqual(openLadder);
		expect(stream.latestLadder('USDT/AUD')?.ladder).toEqual(openLadder);
		expect(stream.stats.malformedFrames).toBe(0);
	});

	it.each(['channel', 'channel-string', 'uat'] as const)('%s, asked for by the connection', async (dialect) => {
		const sandbox = await sandboxSpeaking();
		const { ladder, stream } = await firstLadder(`${sandbox.wsUrl}?price_frames=${dialect}`);
		expect(ladder).toEqual(openLadder);
		expect(stream.stats.malformedFrames).toBe(0);
	});
});

describe('reading the UAT script’s price frame', () => {
	const levels = { bids: [[1.5313, 100]], asks: [[1.5327, 100]] };
	const receivedAt = Date.UTC(2026, 0, 5, 10);

	it('takes asks as what we pay and bids as what we receive, the symbol beside type or inside data', () => {
		const beside = parseStreamFrame(
			JSON.stringify({ type: 'price', symbol: 'USDT/AUD', timestamp: 1767605400, data: levels }),
		);
		const inside = parseStreamFrame(
			JSON.stringify({ type: 'price', data: { ...levels, symbol: 'USDT/AUD', datetime: '2026-01-05 09:30:00' } }),
		);
		const expected = {
			kind: 'ladder',
			ladder: {
				symbol: 'USDT/AUD',
				timestamp: marketOpen,
				buyTiers: [tier('1.5327', '100')],
				sellTiers: [tier('1.5313', '100')],
			},
		};
		expect(beside).toEqual(expected);
		expect(inside).toEqual(expected);
	});

	it('stamps a frame that carries no time with when it arrived, and reads data sent as a JSON string', () => {
		const frame = JSON.stringify({ type: 'price', symbol: 'USDT/AUD', data: JSON.stringify(levels) });
		expect(parseStreamFrame(frame, receivedAt)).toMatchObject({ kind: 'ladder', ladder: { timestamp: receivedAt } });
	});

	it.each([
		['no symbol', { type: 'price', data: levels }, 'price frame has no symbol'],
		[
			'sides that read backwards',
			{ type: 'price', symbol: 'X', data: { bids: [[2, 1]], asks: [[1, 1]] } },
			'price frame quotes a buy price below its sell price',
		],
		[
			'a price that is not a number',
			{ type: 'price', symbol: 'X', data: { bids: [['x', 1]], asks: [] } },
			'price frame has a price or size that is not a number',
		],
		['data that is not an object', { type: 'price', symbol: 'X', data: [1] }, 'price frame has no data object'],
		['data that is not JSON', { type: 'price', symbol: 'X', data: '{bids' }, 'price data is not JSON'],
	])('drops a frame with %s as malformed, never throwing', (_case, frame, reason) => {
		expect(parseStreamFrame(JSON.stringify(frame), receivedAt)).toEqual({ kind: 'malformed', reason });
	});

	it('still reads a price-typed notice as a notice', () => {
		expect(parseStreamFrame(JSON.stringify({ type: 'price', message: 'price Subscription successful.' }))).toEqual({
			kind: 'notice',
			text: 'price Subscription successful.',
		});
	});
});
