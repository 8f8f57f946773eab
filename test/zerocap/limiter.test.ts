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

/** The same contract with no spacing (the gate) and with spacing (bottleneck, which starts jobs from timers). */
describe.each([
	{ backend: 'no spacing', requestsPerSecond: 0 },
	{ backend: 'spaced', requestsPerSecond: 1000 },
])('the request limiter, $backend', ({ requestsPerSecond }) => {
	const limiter = (maxConcurrent: number): RequestLimiter => createRequestLimiter({ requestsPerSecond, maxConcurrent });

	it('runs at most maxConcurrent at once, starts the rest first come first started, and counts both', async () => {
		const gate = limiter(2);
		const starts: string[] = [];
		const tasks = ['a', 'b', 'c', 'd'].map((name) => held(starts, name));
		const results = tasks.map((task) => outcome(gate.schedule(task.task)));
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
