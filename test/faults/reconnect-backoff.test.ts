import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import type { ZerocapStreamOptions } from '../../src/zerocap/stream-types.js';
import { startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';
import { StreamRecorder } from '../support/stream-recorder.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const policy = { initialMs: 20, maxMs: 160, factor: 2 };
const disconnects = 10;
/** Jitter draws that cover the range: a delay without jitter, or with the wrong spread, falls outside its band. */
const draws = [0.9, 0.1, 0.6, 0.3, 1, 0, 0.8, 0.2, 0.5, 0.7];

/** A stream with the test's reconnect policy and jitter, whose scheduled reconnect delays are read off its log. */
async function watchedStream(
	sandbox: Sandbox,
	onScheduled: (count: number) => void = () => undefined,
	timings: Partial<ZerocapStreamOptions> = {},
) {
	const scheduled: number[] = [];
	const logger = pino(
		{ level: 'info' },
		{
			write: (line: string) => {
				if (noteDelay(line, scheduled)) onScheduled(scheduled.length);
			},
		},
	);
	let draw = 0;
	const stream = new ZerocapStream({
		url: sandbox.wsUrl,
		signer: new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'static' }),
		logger,
		heartbeatIntervalMs: 50,
		livenessTimeoutMs: 2000,
		reconnect: policy,
		random: () => draws[draw++ % draws.length] ?? 0.5,
		...timings,
	});
	cleanups.push(() => stream.close());
	const events = new StreamRecorder(stream, ['status']);
	stream.start();
	await events.next('status', (status) => status === 'ready');
	return { stream, events, scheduled };
}

function noteDelay(line: string, scheduled: number[]): boolean {
	const entry: unknown = JSON.parse(line);
	if (typeof entry !== 'object' || entry === null || !('delayMs' in entry) || typeof entry.delayMs !== 'number')
		return false;
	scheduled.push(entry.delayMs);
	return true;
}

/** Attempt n (from 0) waits between half and all of min(maxMs, initialMs × factor^n). */
const ceiling = (attempt: number) => Math.min(policy.maxMs, policy.initialMs * policy.factor ** attempt);

function expectGrowingJitteredCappedDelays(scheduled: readonly number[]): void {
	expect(scheduled).toHaveLength(disconnects);
	scheduled.forEach((delay, attempt) => {
		expect(delay).toBeGreaterThanOrEqual(ceiling(attempt) / 2);
		expect(delay).toBeLessThanOrEqual(ceiling(attempt));
	});
	const capped = scheduled.slice(4);
	expect(Math.max(...capped)).toBeLessThanOrEqual(policy.maxMs);
	expect(new Set(capped).size).toBeGreaterThan(3);
}

describe('ten disconnects in a row', () => {
	it('wait longer after each failed attempt, with jitter, never past the cap', async () => {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		// The broker takes connections again as the tenth delay starts, so that the next attempt succeeds.
		const { events, scheduled } = await watchedStream(sandbox, (count) => {
			if (count === disconnects) sandbox.controls.acceptStreams();
		});
		const mark = events.mark;
		sandbox.controls.refuseStreams();
		sandbox.controls.dropStreams();
		await events.next('status', (status) => status === 'ready', mark);

		expect(sandbox.controls.state().streamHandshakesRefused).toBe(disconnects - 1);
		expectGrowingJitteredCappedDelays(scheduled);
	});

	it('also wait longer when each reconnect is dropped right after the broker greets it', async () => {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		const { stream, events, scheduled } = await watchedStream(sandbox);
		const mark = events.mark;
		const readyAt: number[] = [];
		const lostAt: number[] = [];
		let dropped = 0;
		stream.on('status', (status) => {
			if (status === 'reconnecting') lostAt.push(Date.now());
			if (status !== 'ready') return;
			readyAt.push(Date.now());
			if (dropped < disconnects) dropped += sandbox.controls.dropStreams();
		});
		dropped += sandbox.controls.dropStreams();
		await vi.waitFor(() => expect(readyAt).toHaveLength(disconnects), { timeout: 5000, interval: 10 });
		await events.next('status', (status) => status === 'ready', mark);

		expectGrowingJitteredCappedDelays(scheduled);
		// Each delay was really waited: no reconnect came back sooner than the delay scheduled for it.
		readyAt.forEach((at, attempt) => {
			expect(at - (lostAt[attempt] ?? 0)).toBeGreaterThanOrEqual((scheduled[attempt] ?? 0) - 2);
		});
		expect(stream.status).toBe('ready');
	});

	it('start again from the shortest once a connection has stayed up for stableAfterMs', async () => {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		let skewMs = 0;
		const { events, scheduled } = await watchedStream(sandbox, undefined, {
			now: () => Date.now() + skewMs,
			stableAfterMs: 5000,
			livenessTimeoutMs: 60_000,
		});
		for (let drop = 0; drop < 3; drop++) {
			const mark = events.mark;
			sandbox.controls.dropStreams();
			await events.next('status', (status) => status === 'ready', mark);
		}
		expect(scheduled[2]).toBeGreaterThanOrEqual(ceiling(2) / 2);

		skewMs += 5000;
		const mark = events.mark;
		sandbox.controls.dropStreams();
		await events.next('status', (status) => status === 'ready', mark);
		expect(scheduled).toHaveLength(4);
		expect(scheduled[3]).toBeLessThanOrEqual(policy.initialMs);
	});
});
