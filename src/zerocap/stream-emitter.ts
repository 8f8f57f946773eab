import type { Logger } from 'pino';
import type { StreamEvents } from './stream-types.js';

type Listeners = { readonly [E in keyof StreamEvents]: Set<(payload: StreamEvents[E]) => void> };

/** The stream's typed events. A listener that throws is logged and does not stop the others or the stream. */
export class StreamEmitter {
	readonly #listeners: Listeners = {
		ladder: new Set(),
		order: new Set(),
		trade: new Set(),
		priceUnavailable: new Set(),
		subscribed: new Set(),
		gap: new Set(),
		status: new Set(),
		brokerError: new Set(),
		malformed: new Set(),
	};

	constructor(private readonly log: Logger) {}

	/** Adds a listener; returns the function that removes it. */
	on<E extends keyof StreamEvents>(event: E, listener: (payload: StreamEvents[E]) => void): () => void {
		const listeners = this.#listeners[event];
		listeners.add(listener);
		return () => {
			listeners.delete(listener);
		};
	}

	emit<E extends keyof StreamEvents>(event: E, payload: StreamEvents[E]): void {
		for (const listener of this.#listeners[event]) {
			try {
				listener(payload);
			} catch (error) {
				const err = error instanceof Error ? error.message : String(error);
				this.log.error({ err, event }, 'stream listener threw');
			}
		}
	}
}
