import { afterEach, describe, expect, it, vi } from 'vitest';
import { orderRef } from '../support/desk-harness.js';
import { StreamFaultDesk } from '../support/fault-stream-desk.js';

let desk: StreamFaultDesk | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

const burst = { count: 4, symbol: 'ETH/AUD', amount: '0.1' } as const;

describe('fills during a 30 s broker outage', () => {
	it('are each posted once, in order, after the stream is back', async () => {
		const running = await StreamFaultDesk.start();
		desk = running;
		const { sandbox, events } = running;
		const before = sandbox.controls.fillBurst(burst);
		await vi.waitFor(() => expect(running.postedFills()).toHaveLength(before.length));

		const mark = events.mark;
		const lostAt = Date.now();
		sandbox.controls.refuseStreams();
		sandbox.controls.dropStreams();
		// The market moves on for 30 s while every reconnect is refused: fills at its start, middle and end.
		const during: string[] = [];
		for (let step = 0; step < 3; step++) {
			during.push(...sandbox.controls.fillBurst(burst));
			sandbox.controls.stepClock(10_000);
		}
		during.push(...sandbox.controls.fillBurst(burst));
		await vi.waitFor(() => expect(sandbox.controls.state().streamHandshakesRefused).toBeGreaterThanOrEqual(5), {
			timeout: 5000,
			interval: 10,
		});
		expect(running.postedFills()).toEqual(before.map(orderRef));
		expect(events.all('trade', mark)).toEqual([]);

		sandbox.controls.acceptStreams();
		const { payload: gap } = await events.next('gap', undefined, mark);
		expect(gap.from).toBeLessThanOrEqual(lostAt);
		const all = [...before, ...during];
		await vi.waitFor(() => expect(running.postedFills()).toHaveLength(all.length), { timeout: 5000 });
		expect(running.postedFills()).toEqual(all.map(orderRef));
		expect(events.all('gap', mark)).toHaveLength(1);

		const [after = ''] = sandbox.controls.fillBurst({ ...burst, count: 1 });
		await vi.waitFor(() => expect(running.postedFills()).toEqual([...all, after].map(orderRef)));
	});
});
