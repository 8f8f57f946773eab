import { afterEach, describe, expect, it } from 'vitest';
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
		await new Promise((resolve) => setTimeout(resolve, 200));
		relay.stop();
		await caughtUp;
		const failedReads = 100_000 - (desk.sandbox.controls.state().pendingFaults[0]?.count ?? 0);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(100_000 - (desk.sandbox.controls.state().pendingFaults[0]?.count ?? 0)).toBe(failedReads);
	});
});
