import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SandboxControls } from '../../src/sandbox/controls.js';
import { orderRef } from '../support/desk-harness.js';
import { StreamFaultDesk, type StreamTimings, watchedSymbol } from '../support/fault-stream-desk.js';

let desk: StreamFaultDesk | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

/** How late a timer may fire on a shared, loaded machine; a detection later than its window plus this fails. */
const schedulingSlackMs = 400;

interface SilentSocketCase {
	readonly name: string;
	readonly fault: (controls: SandboxControls) => number;
	readonly timings: StreamTimings;
	/** The window the stream is configured to notice this fault within. */
	readonly windowMs: number;
	/** Heartbeat answers keep arriving after the fault (a stale feed), or nothing at all does (half-open). */
	readonly answersHeartbeats: boolean;
}

const silentSockets: readonly SilentSocketCase[] = [
	{
		name: 'a half-open socket (no data, no pong)',
		fault: (controls) => controls.stallStreams(),
		timings: { livenessTimeoutMs: 600, staleDataTimeoutMs: 10_000 },
		windowMs: 600,
		answersHeartbeats: false,
	},
	{
		name: 'a stale socket (pongs, but no data)',
		fault: (controls) => controls.muteStreams(),
		timings: { livenessTimeoutMs: 10_000, staleDataTimeoutMs: 600 },
		windowMs: 600,
		answersHeartbeats: true,
	},
];

describe('a broker socket that goes silent', () => {
	it.each(silentSockets)(
		'$name is replaced within its window, re-subscribed, and the fills it missed are posted once, in order',
		async ({ fault, timings, windowMs, answersHeartbeats }) => {
			const running = await StreamFaultDesk.start({ stream: timings });
			desk = running;
			const { sandbox, stream, events } = running;
			const framesBefore = stream.stats.framesReceived;
			const mark = events.mark;
			const silentAt = Date.now();
			expect(fault(sandbox.controls)).toBe(1);
			const missed = sandbox.controls.fillBurst({ count: 5, symbol: 'ETH/AUD', amount: '0.1' });

			const lost = await events.next('status', (status) => status === 'reconnecting', mark);
			const noticedAfterMs = lost.at - silentAt;
			// The last ladder or pong before the fault can be one heartbeat (50 ms) older than the fault.
			expect(noticedAfterMs).toBeGreaterThanOrEqual(windowMs - 60);
			expect(noticedAfterMs).toBeLessThan(windowMs + schedulingSlackMs);
			// A frame or two already on the wire may still land; a stale feed keeps answering the 50 ms heartbeat.
			const framesWhileSilent = stream.stats.framesReceived - framesBefore;
			if (answersHeartbeats) expect(framesWhileSilent).toBeGreaterThanOrEqual(5);
			else expect(framesWhileSilent).toBeLessThanOrEqual(3);
			expect(events.all('trade', mark)).toEqual([]);

			const ready = await events.next('status', (status) => status === 'ready', lost.index);
			const { payload: gap } = await events.next('gap', undefined, mark);
			// The gap starts at the last data that came (a frame already on the wire may land just after the fault),
			// not at the last heartbeat answer just before the socket was given up.
			expect(gap.from).toBeLessThan(silentAt + windowMs / 2);
			expect(gap.to).toBeGreaterThanOrEqual(lost.at);
			await events.next('subscribed', (ack) => ack.channel === 'orders', ready.index);
			await events.next('subscribed', (ack) => ack.channel === 'price', ready.index);
			await events.next('ladder', (ladder) => ladder.symbol === watchedSymbol, ready.index);
			await vi.waitFor(() => expect(sandbox.controls.state().streamConnections).toBe(1));

			// The gap is reconciled over REST: what the silent socket never delivered is posted, once each.
			await vi.waitFor(() => expect(running.postedFills()).toHaveLength(missed.length), { timeout: 5000 });
			expect(running.postedFills()).toEqual(missed.map(orderRef));
			// And the restored orders subscription delivers what happens next, live.
			const [next = ''] = sandbox.controls.fillBurst({ count: 1, symbol: 'ETH/AUD', amount: '0.1' });
			await events.next('trade', (trade) => trade.orderId === next, ready.index);
			await vi.waitFor(() => expect(running.postedFills()).toEqual([...missed, next].map(orderRef)));
			expect(events.all('gap', mark)).toHaveLength(1);
		},
	);
});
