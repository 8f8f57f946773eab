/**
 * Who a call to the broker is for. Orders have capacity that nothing else can take; a person's reads share a
 * lane where each person has a small budget; the desk's own catch-up work (look-ups of lost orders,
 * reconciliation) has a lane of its own. So no read traffic, however heavy, can hold an order back.
 */
export type CallLane =
	| { readonly kind: 'order' }
	| { readonly kind: 'read'; readonly person: string }
	| { readonly kind: 'catch-up' };

export type LaneKind = CallLane['kind'];

/** A person's read refused before it queued: they already have their budget of calls under way. */
export class LaneFullError extends Error {
	override readonly name = 'LaneFullError';
	constructor(readonly budget: number) {
		super(`already ${budget} calls under way for this person`);
	}
}

/** Spaces and caps the REST calls, by lane. */
export interface RequestLimiter {
	/** Runs the task when its lane has room and the spacing allows; a call with no lane is catch-up work. */
	schedule<T>(task: () => Promise<T>, lane?: CallLane): Promise<T>;
	/** Calls accepted but not yet started: all of them, or one lane's. */
	waiting(lane?: LaneKind): number;
	/** Calls started and not yet finished. */
	running(): number;
	/** Drops the waiting calls and refuses new ones; resolves once the running ones have settled. */
	stop(): Promise<void>;
}

export interface LimiterSettings {
	/** At most this many calls start per second, evenly spaced, whatever their lane; 0 means no spacing. */
	readonly requestsPerSecond: number;
	/** Calls running at once in the order lane, and separately in the read lane. */
	readonly maxConcurrent: number;
	/** A person's reads waiting or running at once; one more is refused. */
	readonly readsPerPerson?: number;
	/** The desk's own catch-up calls running at once. */
	readonly catchUpConcurrent?: number;
}

const defaultReadsPerPerson = 2;
const defaultCatchUpConcurrent = 1;

interface Waiter {
	readonly lane: CallLane;
	readonly start: () => void;
	readonly drop: (error: Error) => void;
}

const catchUp: CallLane = { kind: 'catch-up' };

/**
 * The limiter. Orders start first whenever they may; then reads and catch-up calls in the order they came, each
 * within its lane's room. Starts are spaced evenly when a rate is set, with one timer for the next start and
 * none otherwise: bottleneck, which this replaced, waited on timers between its internal steps, about 4.5 ms a
 * call on an idle limiter (several times a loopback round trip), whatever its options.
 */
class LaneLimiter implements RequestLimiter {
	readonly #maxConcurrent: number;
	readonly #readsPerPerson: number;
	readonly #catchUpConcurrent: number;
	readonly #gapMs: number;
	readonly #now: () => number;
	readonly #waiters: Waiter[] = [];
	readonly #running = { order: 0, read: 0, 'catch-up': 0 };
	/** A person's reads waiting or running. */
	readonly #perPerson = new Map<string, number>();
	#nextStartAt = 0;
	#timer: NodeJS.Timeout | undefined;
	#stopped = false;
	#idle: (() => void) | undefined;

	constructor(settings: LimiterSettings, now: () => number) {
		if (!(settings.maxConcurrent >= 1)) throw new RangeError('maxConcurrent must be at least 1');
		this.#maxConcurrent = settings.maxConcurrent;
		this.#readsPerPerson = settings.readsPerPerson ?? defaultReadsPerPerson;
		this.#catchUpConcurrent = settings.catchUpConcurrent ?? defaultCatchUpConcurrent;
		this.#gapMs = settings.requestsPerSecond > 0 ? Math.ceil(1000 / settings.requestsPerSecond) : 0;
		this.#now = now;
	}

	schedule<T>(task: () => Promise<T>, lane: CallLane = catchUp): Promise<T> {
		if (this.#stopped) return Promise.reject(new Error('This limiter has been stopped and cannot accept new jobs.'));
		if (lane.kind === 'read') {
			const under = this.#perPerson.get(lane.person) ?? 0;
			if (under >= this.#readsPerPerson) return Promise.reject(new LaneFullError(this.#readsPerPerson));
			this.#perPerson.set(lane.person, under + 1);
		}
		return new Promise<T>((resolve, reject) => {
			this.#waiters.push({
				lane,
				start: () => this.#run(task, lane).then(resolve, reject),
				drop: (error) => {
					this.#forget(lane);
					reject(error);
				},
			});
			this.#pump();
		});
	}

	waiting(lane?: LaneKind): number {
		if (lane === undefined) return this.#waiters.length;
		return this.#waiters.filter((waiter) => waiter.lane.kind === lane).length;
	}

	running(): number {
		return this.#running.order + this.#running.read + this.#running['catch-up'];
	}

	stop(): Promise<void> {
		if (this.#stopped) return Promise.reject(new Error('stop() has already been called'));
		this.#stopped = true;
		clearTimeout(this.#timer);
		for (const waiter of this.#waiters.splice(0)) waiter.drop(new Error('This limiter has been stopped.'));
		if (this.running() === 0) return Promise.resolve();
		return new Promise((resolve) => {
			this.#idle = resolve;
		});
	}

	#hasRoom(lane: CallLane): boolean {
		if (lane.kind === 'catch-up') return this.#running['catch-up'] < this.#catchUpConcurrent;
		return this.#running[lane.kind] < this.#maxConcurrent;
	}

	/** The next waiter that may start: an order if any may, else the first read or catch-up call with room. */
	#next(): number {
		const order = this.#waiters.findIndex((waiter) => waiter.lane.kind === 'order');
		if (order >= 0 && this.#hasRoom(this.#waiters[order]?.lane ?? catchUp)) return order;
		return this.#waiters.findIndex((waiter) => waiter.lane.kind !== 'order' && this.#hasRoom(waiter.lane));
	}

	#pump(): void {
		while (!this.#stopped) {
			const index = this.#next();
			if (index < 0) return;
			const wait = this.#nextStartAt - this.#now();
			if (wait > 0) {
				// One timer for the next start; an order that arrives meanwhile still goes first when it fires.
				if (this.#timer === undefined) {
					this.#timer = setTimeout(() => {
						this.#timer = undefined;
						this.#pump();
					}, wait);
				}
				return;
			}
			const [waiter] = this.#waiters.splice(index, 1);
			if (!waiter) return;
			if (this.#gapMs > 0) this.#nextStartAt = this.#now() + this.#gapMs;
			waiter.start();
		}
	}

	#run<T>(task: () => Promise<T>, lane: CallLane): Promise<T> {
		this.#running[lane.kind]++;
		let settled: Promise<T>;
		try {
			settled = Promise.resolve(task());
		} catch (error) {
			settled = Promise.reject(error);
		}
		const release = () => {
			this.#running[lane.kind]--;
			this.#forget(lane);
			if (this.#stopped && this.running() === 0) this.#idle?.();
			this.#pump();
		};
		settled.then(release, release);
		return settled;
	}

	#forget(lane: CallLane): void {
		if (lane.kind !== 'read') return;
		const left = (this.#perPerson.get(lane.person) ?? 1) - 1;
		if (left > 0) this.#perPerson.set(lane.person, left);
		else this.#perPerson.delete(lane.person);
	}
}

export function createRequestLimiter(settings: LimiterSettings, now: () => number = Date.now): RequestLimiter {
	return new LaneLimiter(settings, now);
}
