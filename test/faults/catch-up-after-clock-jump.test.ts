import { afterEach, describe, expect, it } from 'vitest';
import { orderRef } from '../support/desk-harness.js';
import { RelayOnSandbox } from './relay-on-sandbox.js';

let desk: RelayOnSandbox | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

const threeDays = 3 * 24 * 60 * 60_000;
const burst = { count: 2, symbol: 'ETH/AUD', amount: '0.1' } as const;

describe('a host clock that ran 3 days ahead once', () => {
	it('loses none of the fills made while the bot was down: the cursor follows the broker’s timestamps', async () => {
		desk = await RelayOnSandbox.start();
		const before = desk.sandbox.controls.fillBurst(burst);
		const ahead = desk.run({ now: () => Date.now() + threeDays, startedAt: Date.now() - 60_000 });
		await ahead.caughtUp;
		expect(desk.postedFills()).toEqual(before.map(orderRef));
		expect(desk.ledger.cursor()).toBeLessThanOrEqual(Date.now());
		ahead.relay.stop();
		await ahead.relay.idle();

		// The clock is right again; the market moved on while the bot was down.
		const whileDown = desk.sandbox.controls.fillBurst(burst);
		const fixed = desk.run();
		await fixed.caughtUp;
		expect(desk.postedFills()).toEqual([...before, ...whileDown].map(orderRef));
	});

	it('repairs a cursor it left in the future, and catches up from a safe window back', async () => {
		desk = await RelayOnSandbox.start();
		const whileDown = desk.sandbox.controls.fillBurst(burst);
		desk.ledger.advanceCursor(Date.now() + threeDays);
		const run = desk.run();
		await run.caughtUp;
		expect(desk.postedFills()).toEqual(whileDown.map(orderRef));
		const cursor = desk.ledger.cursor() ?? Number.POSITIVE_INFINITY;
		expect(cursor).toBeLessThanOrEqual(Date.now());
		expect(cursor).toBeGreaterThan(Date.now() - 60_000);
	});
});
