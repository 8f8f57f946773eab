import { WebSocket } from 'ws';

/** The Python SDK's application heartbeat; the broker answers it with a "pong" message. */
const pingMessage = JSON.stringify({ type: 'message', message: 'ping' });

/**
 * Calls `onExpired` once `touch` has not been called for `timeoutMs`. Touching only records the time and
 * leaves the timer alone, so that it costs one assignment per frame on the hot path; the timer checks the
 * recorded time when it fires and sleeps again for whatever is left.
 */
class Watchdog {
	#timer: NodeJS.Timeout | undefined;
	#lastTouch = 0;

	constructor(
		private readonly timeoutMs: number,
		private readonly now: () => number,
		private readonly onExpired: (silentMs: number) => void,
	) {}

	/** Whether the watchdog is armed. */
	get running(): boolean {
		return this.#timer !== undefined;
	}

	/** Arms (or re-arms) the watchdog, counting from now. */
	start(): void {
		this.stop();
		this.#lastTouch = this.now();
		this.#arm(this.timeoutMs);
	}

	/** Records that something arrived at `at` (a time from the same clock as `now`). */
	touch(at: number): void {
		this.#lastTouch = at;
	}

	stop(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#arm(delayMs: number): void {
		this.#timer = setTimeout(this.#check, delayMs);
	}

	readonly #check = (): void => {
		const silentMs = this.now() - this.#lastTouch;
		if (silentMs < this.timeoutMs) {
			// A clock that went backwards must not push the check further out than one full timeout.
			this.#arm(Math.min(this.timeoutMs, this.timeoutMs - silentMs));
			return;
		}
		this.#timer = undefined;
		this.onExpired(silentMs);
	};
}

/** Timings of `ConnectionMonitor`, in ms; see `ZerocapStreamOptions` for their meaning. */
export interface ConnectionMonitorOptions {
	readonly heartbeatIntervalMs: number;
	readonly livenessTimeoutMs: number;
	readonly staleDataTimeoutMs: number;
	readonly now: () => number;
	/** Called when the connection has gone silent; the caller replaces it. */
	readonly onSilent: (reason: 'nothing received' | 'no price ladder', silentMs: number) => void;
}

/**
 * Watches one connection at a time. It sends both heartbeats every interval: the SDK's ping message, which proves
 * that the broker's application still reads us, and a WebSocket ping frame, which proves the transport. It reports
 * the connection silent when nothing at all arrives for the liveness timeout or, while ladders are expected, no
 * ladder arrives for the stale-data timeout: a socket can answer pings and still send no data.
 */
export class ConnectionMonitor {
	#heartbeat: NodeJS.Timeout | undefined;
	readonly #liveness: Watchdog;
	readonly #staleData: Watchdog;

	constructor(private readonly options: ConnectionMonitorOptions) {
		const { now, onSilent } = options;
		this.#liveness = new Watchdog(options.livenessTimeoutMs, now, (ms) => onSilent('nothing received', ms));
		this.#staleData = new Watchdog(options.staleDataTimeoutMs, now, (ms) => onSilent('no price ladder', ms));
	}

	/** Starts the heartbeat and the liveness watch for a socket that has just opened. */
	start(socket: WebSocket): void {
		this.stop();
		this.#liveness.start();
		this.#heartbeat = setInterval(() => {
			if (socket.readyState !== WebSocket.OPEN) return;
			socket.send(pingMessage);
			socket.ping();
		}, this.options.heartbeatIntervalMs);
	}

	/** Something arrived at `at`: a frame, a ping or a pong. */
	received(at: number): void {
		this.#liveness.touch(at);
	}

	/** A ladder arrived at `at`. */
	ladderReceived(at: number): void {
		this.#staleData.touch(at);
	}

	/** Whether ladders should be arriving now; the stale-data watch runs only while they should. */
	expectLadders(expected: boolean): void {
		if (!expected) this.#staleData.stop();
		else if (!this.#staleData.running) this.#staleData.start();
	}

	/** Stops every timer. */
	stop(): void {
		clearInterval(this.#heartbeat);
		this.#heartbeat = undefined;
		this.#liveness.stop();
		this.#staleData.stop();
	}
}
