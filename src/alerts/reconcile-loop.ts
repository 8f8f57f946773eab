import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { type BackoffPolicy, backoffDelay } from '../zerocap/backoff.js';

export interface Reconciling {
	reconcile(since: number): Promise<void>;
	readonly isStopped: boolean;
	/** Aborts when the relay stops, so that a wait between tries ends with it. */
	readonly stopSignal: AbortSignal;
}

export interface ReconcileLoopOptions {
	readonly relay: Reconciling;
	readonly retry: BackoffPolicy;
	readonly logger: Logger;
	/** Tells the desk on the errors route. */
	readonly notify: (text: string) => void;
}

/** Failed reconciliations in a row before the errors route hears of it. */
const failingAfter = 3;

/**
 * Runs reconciliations that never give up: a failed one (the broker is often down when the stream is) is
 * tried again with capped backoff until it succeeds or the relay stops, since giving up would leave what was
 * missed unposted until the next gap or restart. Each failure is logged; the errors route hears once when
 * they keep failing and once when one succeeds again, across all the reconciliations under way.
 */
export function reconcileLoop({ relay, retry, logger, notify }: ReconcileLoopOptions) {
	let inARow = 0;
	let reported = false;
	return async (since: () => number, why: string): Promise<void> => {
		for (let attempt = 0; !relay.isStopped; attempt++) {
			try {
				await relay.reconcile(since());
				inARow = 0;
				if (reported) {
					reported = false;
					notify('Catching up on missed fills and order changes works again; what was missed is being posted.');
				}
				return;
			} catch (error) {
				const reason = error instanceof Error ? error.message.slice(0, 200) : String(error);
				logger.error({ err: reason, why, attempt }, 'alert reconciliation failed; retrying');
				if (relay.isStopped) return;
				inARow++;
				if (!reported && inARow >= failingAfter) {
					reported = true;
					notify(
						`Catching up on missed fills and order changes keeps failing (${reason}); it is retried until the broker answers.`,
					);
				}
				await delay(backoffDelay(retry, attempt), undefined, { signal: relay.stopSignal }).catch(() => {});
			}
		}
	};
}
