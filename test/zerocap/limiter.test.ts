import { describe, expect, it, vi } from 'vitest';
import { createRequestLimiter, type RequestLimiter } from '../../src/zerocap/limiter.js';

/** A task that runs until `finish` is called, recording when it started. */
function held(starts: string[], name: string) {
	let finish: (value: string) => void = () => {};
	let fail: (error: Error) => void = () => {};
	const done = new Promise<string>((resolve, reject) => {
		finish = resolve;
		fail = reject;
	});
	return {
		task: () => {
			starts.push(name);
			return done;
		},
		finish: () => finish(name),
		fail: (error: Error) => fail(error),
	};
}

const outcome = (promise: Promise<unknown>) =>
	promise.then(
		(value) => ({ value }),
		(error: Error) => ({ error: error.message }),
	);

/** The same contract with no spacing and with spacing (one timer for the next spaced start). */
describe.each([
	{ backend: 'no spacing', requestsPerSecond: 0 },
	{ backend: 'spaced', requestsPerSecond: 1000 },
])('the request limiter, $backend', ({ requestsPerSecond }) => {
	const limiter = (maxConcurrent: number): RequestLimiter => createRequestLimiter({ requestsPerSecond, maxConcurrent });

	it('runs at most maxConcurrent at once, starts the rest first come first started, and counts both', async () => {
		const gate = limiter(2);
		const starts: string[] = [];
		const tasks = ['a', 'b', 'c', 'd'].map((name) => held(starts, name));
		const results = tasks.map((task) => outcome(gate.schedule(task.task, { kind: 'order' })));
		await vi.waitFor(() => expect(starts).toEqual(['a', 'b']));
		expect(gate.running()).toBe(2);
		expect(gate.waiting()).toBe(2);
		tasks[1]?.finish();
		await vi.waitFor(() => expect(starts).toEqual(['a', 'b', 'c']));
		expect(await results[1]).toEqual({ value: 'b' });
		expect(gate.running()).toBe(2);
		expect(gate.waiting()).toBe(1);
		tasks[0]?.fail(new Error('a failed'));
		await vi.waitFor(() => expect(starts).toEqual(['a', 'b', 'c', 'd']));
		expect(await results[0]).toEqual({ error: 'a failed' });
		tasks[2]?.finish();
		tasks[3]?.finish();
		expect(await Promise.all(results.slice(2))).toEqual([{ value: 'c' }, { value: 'd' }]);
		await vi.waitFor(() => expect(gate.running() + gate.waiting()).toBe(0));
		await gate.stop();
	});

	it('rejects a task that throws before returning a promise, and goes on with the next', async () => {
		const gate = limiter(1);
		const thrown = gate.schedule(() => {
			throw new Error('refused at the start');
		});
		const next = gate.schedule(async () => 'next');
		expect(await outcome(thrown)).toEqual({ error: 'refused at the start' });
		expect(await next).toBe('next');
		await gate.stop();
	});

	it('on stop drops the waiting, refuses new calls, and resolves once the running ones are done', async () => {
		const gate = limiter(1);
		const starts: string[] = [];
		const running = held(starts, 'running');
		const first = gate.schedule(running.task);
		const dropped = outcome(gate.schedule(async () => 'never'));
		await vi.waitFor(() => expect(starts).toEqual(['running']));
		let stopped = false;
		const stopping = gate.stop().then(() => {
			stopped = true;
		});
		expect(await dropped).toEqual({ error: 'This limiter has been stopped.' });
		expect(await outcome(gate.schedule(async () => 'late'))).toMatchObject({
			error: expect.stringContaining('stopped'),
		});
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(stopped).toBe(false);
		running.finish();
		await stopping;
		expect(await first).toBe('running');
		expect(starts).toEqual(['running']);
	});
});

describe('the request limiter without spacing', () => {
	it('starts an idle call at once, with no timer between the call and the wire', async () => {
		const gate = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 });
		let started = false;
		const result = gate.schedule(async () => {
			started = true;
			return 1;
		});
		expect(started).toBe(true);
		expect(gate.waiting()).toBe(0);
		expect(await result).toBe(1);
		await gate.stop();
	});

	it('costs microseconds a call, not the milliseconds of a timer', async () => {
		const gate = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 });
		const started = performance.now();
		for (let index = 0; index < 1000; index++) await gate.schedule(async () => index);
		// Bottleneck took about 4.5 ms a call here; a timer-free gate takes a few microseconds.
		expect((performance.now() - started) / 1000).toBeLessThan(0.5);
		await gate.stop();
	});
});

describe('the limiter’s lanes', () => {
	it('never holds an order back behind reads, however many are waiting', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1 });
		const starts: string[] = [];
		const reads = ['r1', 'r2', 'r3'].map((name) => held(starts, name));
		const readResults = reads.map((read, index) =>
			outcome(limiter.schedule(read.task, { kind: 'read', person: `p${index}` })),
		);
		const order = held(starts, 'order');
		const placed = limiter.schedule(order.task, { kind: 'order' });
		expect(starts).toEqual(['r1', 'order']);
		expect(limiter.waiting('order')).toBe(0);
		expect(limiter.waiting('read')).toBe(2);
		order.finish();
		expect(await placed).toBe('order');
		for (const read of reads) read.finish();
		await Promise.all(readResults);
		await limiter.stop();
	});

	it('gives each person a budget of reads: one more is refused before it queues, others are not affected', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1, readsPerPerson: 2 });
		const starts: string[] = [];
		const viewer = ['v1', 'v2'].map((name) => held(starts, name));
		const accepted = viewer.map((read) => outcome(limiter.schedule(read.task, { kind: 'read', person: 'viewer' })));
		const refused = await outcome(limiter.schedule(async () => 'v3', { kind: 'read', person: 'viewer' }));
		expect(refused).toEqual({ error: 'already 2 calls under way for this person' });
		const trader = outcome(limiter.schedule(async () => 't1', { kind: 'read', person: 'trader' }));
		expect(limiter.waiting('read')).toBe(2);
		for (const read of viewer) read.finish();
		expect(await trader).toEqual({ value: 't1' });
		await Promise.all(accepted);
		const again = await outcome(limiter.schedule(async () => 'v4', { kind: 'read', person: 'viewer' }));
		expect(again).toEqual({ value: 'v4' });
		await limiter.stop();
	});

	it('runs the desk’s catch-up work in a lane of its own: it neither blocks nor is blocked by reads', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1, catchUpConcurrent: 1 });
		const starts: string[] = [];
		const catchUp = held(starts, 'catch-up 1');
		const first = limiter.schedule(catchUp.task, { kind: 'catch-up' });
		const second = limiter.schedule(async () => 'catch-up 2');
		const read = held(starts, 'read');
		const reading = limiter.schedule(read.task, { kind: 'read', person: 'viewer' });
		expect(starts).toEqual(['catch-up 1', 'read']);
		expect(limiter.waiting('catch-up')).toBe(1);
		read.finish();
		catchUp.finish();
		expect(await Promise.all([first, second, reading])).toEqual(['catch-up 1', 'catch-up 2', 'read']);
		await limiter.stop();
	});

	it('starts an order first at the next spaced start, ahead of reads that waited longer', async () => {
		vi.useFakeTimers();
		try {
			let now = 0;
			const limiter = createRequestLimiter({ requestsPerSecond: 10, maxConcurrent: 4 }, () => now);
			const starts: string[] = [];
			const run = (name: string, lane: Parameters<RequestLimiter['schedule']>[1]) =>
				limiter.schedule(async () => {
					starts.push(`${name}@${now}`);
				}, lane);
			const calls = [
				run('read 1', { kind: 'read', person: 'a' }),
				run('read 2', { kind: 'read', person: 'b' }),
				run('order', { kind: 'order' }),
			];
			expect(starts).toEqual(['read 1@0']);
			now = 100;
			await vi.advanceTimersByTimeAsync(100);
			expect(starts).toEqual(['read 1@0', 'order@100']);
			now = 200;
			await vi.advanceTimersByTimeAsync(100);
			expect(starts).toEqual(['read 1@0', 'order@100', 'read 2@200']);
			await Promise.all(calls);
			await limiter.stop();
		} finally {
			vi.useRealTimers();
		}
	});
});
