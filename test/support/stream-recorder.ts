import type { ZerocapStream } from '../../src/zerocap/stream.js';
import type { StreamEvents } from '../../src/zerocap/stream-types.js';

export interface Recorded<E extends keyof StreamEvents> {
	/** Position among every event recorded, so that a test can look only at what came after a mark. */
	readonly index: number;
	/** When it was emitted, by the host's clock. */
	readonly at: number;
	readonly payload: StreamEvents[E];
}

type Entries = { [E in keyof StreamEvents]?: Recorded<E>[] };

/** Every event of a stream with when it came, so that a test waits for the event it expects instead of sleeping. */
export class StreamRecorder {
	/** Each event's name in arrival order; its position is the event's index. */
	readonly #names: (keyof StreamEvents)[] = [];
	readonly #entries: Entries = {};
	readonly #waiters = new Set<() => void>();

	constructor(stream: ZerocapStream, events: readonly (keyof StreamEvents)[] = streamEventNames) {
		for (const event of events) this.#record(stream, event);
	}

	/** The index the next event will have. */
	get mark(): number {
		return this.#names.length;
	}

	all<E extends keyof StreamEvents>(event: E, from = 0): Recorded<E>[] {
		return this.#list(event).filter((entry) => entry.index >= from);
	}

	/** Just the payloads of `event` from index `from` on. */
	payloads<E extends keyof StreamEvents>(event: E, from = 0): StreamEvents[E][] {
		return this.all(event, from).map((entry) => entry.payload);
	}

	next<E extends keyof StreamEvents>(
		event: E,
		matches: (payload: StreamEvents[E]) => boolean = () => true,
		from = 0,
		timeoutMs = 5000,
	): Promise<Recorded<E>> {
		return new Promise((resolve, reject) => {
			const check = () => {
				const found = this.all(event, from).find((entry) => matches(entry.payload));
				if (found === undefined) return;
				clearTimeout(timer);
				this.#waiters.delete(check);
				resolve(found);
			};
			const timer = setTimeout(() => {
				this.#waiters.delete(check);
				const last = this.#names.slice(-8).join(', ');
				reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'; last events: ${last}`));
			}, timeoutMs);
			this.#waiters.add(check);
			check();
		});
	}

	#list<E extends keyof StreamEvents>(event: E): Recorded<E>[] {
		const existing: Recorded<E>[] | undefined = this.#entries[event];
		if (existing) return existing;
		const created: Recorded<E>[] = [];
		(this.#entries as Record<E, Recorded<E>[]>)[event] = created;
		return created;
	}

	#record<E extends keyof StreamEvents>(stream: ZerocapStream, event: E): void {
		const list = this.#list(event);
		stream.on(event, (payload) => {
			list.push({ index: this.#names.length, at: Date.now(), payload });
			this.#names.push(event);
			for (const waiter of [...this.#waiters]) waiter();
		});
	}
}

/** Every event a ZerocapStream emits. */
export const streamEventNames: readonly (keyof StreamEvents)[] = [
	'ladder',
	'order',
	'trade',
	'priceUnavailable',
	'subscribed',
	'gap',
	'status',
	'brokerError',
	'malformed',
];
