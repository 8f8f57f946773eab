import Bottleneck from 'bottleneck';

/**
 * Spaces and caps the REST calls. Kept behind this interface so that bottleneck (unmaintained since 2019)
 * can be swapped without touching the client.
 */
export interface RequestLimiter {
	schedule<T>(task: () => Promise<T>): Promise<T>;
	/** Calls accepted but not yet started. */
	waiting(): number;
	/** Calls started and not yet finished. */
	running(): number;
	stop(): Promise<void>;
}

export interface LimiterSettings {
	/** At most this many calls start per second (evenly spaced); 0 means no spacing. */
	readonly requestsPerSecond: number;
	readonly maxConcurrent: number;
}

/**
 * Bottleneck when calls are to be spaced; without spacing, a gate that only caps concurrency. Bottleneck's
 * local store waits on a setTimeout(0) before each of its steps (accept, start, release) and starts each job
 * from a timer, whatever its options: about 4.5 ms a call on an idle limiter, several times the loopback wire.
 * With no spacing to keep, what is left of the policy (the cap, first come first started, the counts, stop)
 * needs no timer at all.
 */
export function createRequestLimiter(settings: LimiterSettings): RequestLimiter {
	if (settings.requestsPerSecond <= 0) return new ConcurrencyGate(settings.maxConcurrent);
	const bottleneck = new Bottleneck({
		maxConcurrent: settings.maxConcurrent,
		minTime: Math.ceil(1000 / settings.requestsPerSecond),
	});
	return {
		schedule: (task) => bottleneck.schedule(task),
		waiting: () => {
			const counts = bottleneck.counts();
			return counts.RECEIVED + counts.QUEUED + counts.RUNNING;
		},
		running: () => bottleneck.counts().EXECUTING,
		stop: () => bottleneck.stop({ dropWaitingJobs: true }),
	};
}

interface Waiter {
	readonly start: () => void;
	readonly drop: (error: Error) => void;
}

/**
 * At most `maxConcurrent` tasks at once, the rest started in the order they came: a task starts within
 * `schedule` when a place is free, a waiter as soon as the task before it settles. `stop` behaves as
 * bottleneck's `stop({ dropWaitingJobs: true })`.
 */
class ConcurrencyGate implements RequestLimiter {
	readonly #maxConcurrent: number;
	readonly #waiters: Waiter[] = [];
	#running = 0;
	#stopped = false;
	#idle: (() => void) | undefined;

	constructor(maxConcurrent: number) {
		if (!(maxConcurrent >= 1)) throw new RangeError('maxConcurrent must be at least 1');
		this.#maxConcurrent = maxConcurrent;
	}

	schedule<T>(task: () => Promise<T>): Promise<T> {
		if (this.#stopped) return Promise.reject(new Error('This limiter has been stopped and cannot accept new jobs.'));
		if (this.#running < this.#maxConcurrent && this.#waiters.length === 0) return this.#start(task);
		return new Promise<T>((resolve, reject) => {
			this.#waiters.push({ start: () => this.#start(task).then(resolve, reject), drop: reject });
		});
	}

	waiting(): number {
		return this.#waiters.length;
	}

	running(): number {
		return this.#running;
	}

	stop(): Promise<void> {
		if (this.#stopped) return Promise.reject(new Error('stop() has already been called'));
		this.#stopped = true;
		for (const waiter of this.#waiters.splice(0)) waiter.drop(new Error('This limiter has been stopped.'));
		if (this.#running === 0) return Promise.resolve();
		return new Promise((resolve) => {
			this.#idle = resolve;
		});
	}

	#start<T>(task: () => Promise<T>): Promise<T> {
		this.#running++;
		let settled: Promise<T>;
		try {
			settled = Promise.resolve(task());
		} catch (error) {
			settled = Promise.reject(error);
		}
		settled.then(this.#release, this.#release);
		return settled;
	}

	readonly #release = (): void => {
		this.#running--;
		const next = this.#waiters.shift();
		if (next) next.start();
		else if (this.#running === 0) this.#idle?.();
	};
}
