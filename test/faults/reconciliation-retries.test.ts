import { afterEach, describe, expect, it, vi } from 'vitest';
import { orderRef } from '../support/desk-harness.js';
import { RelayOnSandbox } from './relay-on-sandbox.js';

let desk: RelayOnSandbox | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

const quickly = { initialMs: 1, maxMs: 10, factor: 2 };

describe('reconciliation while the broker keeps failing', () => {
	it('keeps trying past 10 failures until the broker answers, saying so once when it keeps failing and once when it recovers', async () => {
		desk = await RelayOnSandbox.start();
		const missed = desk.sandbox.controls.fillBurst({ count: 3, symbol: 'BTC/AUD', amount: '0.01' });
		// Every read is refused 60 times (the client itself tries each read 3 times): 20 failed reconciliations.
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 60, endpoint: 'fetch_orders' });
		const { caughtUp } = desk.run({ startedAt: Date.now() - 60_000, reconcileRetry: quickly });
		await caughtUp;
		expect(desk.sandbox.controls.state().pendingFaults).toEqual([]);
		expect(desk.postedFills()).toEqual(missed.map(orderRef));
		const notes = desk.errorNotes();
		expect(notes).toHaveLength(2);
		expect(notes[0]).toContain('Catching up on missed fills and order changes keeps failing');
		expect(notes[1]).toContain('Catching up on missed fills and order changes works again');
	});

	it('stops trying when the relay stops', async () => {
		desk = await RelayOnSandbox.start();
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 100_000, endpoint: 'fetch_orders' });
		const { relay, caughtUp } = desk.run({ reconcileRetry: { initialMs: 50, maxMs: 50, factor: 1 } });
		const live = desk;
		// Several reconciliations have failed (each one's read is tried 3 times) before the relay stops.
		await vi.waitFor(() =>
			expect(100_000 - (live.sandbox.controls.state().pendingFaults[0]?.count ?? 0)).toBeGreaterThanOrEqual(6),
		);
		relay.stop();
		await caughtUp;
		const failedReads = 100_000 - (desk.sandbox.controls.state().pendingFaults[0]?.count ?? 0);
		// The loop has returned: caughtUp settled. Nothing may read after it, not even on the next turn of the loop.
		await new Promise((resolve) => setImmediate(resolve));
		expect(100_000 - (desk.sandbox.controls.state().pendingFaults[0]?.count ?? 0)).toBe(failedReads);
	});
});
