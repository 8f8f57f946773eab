import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay } from '../zerocap/backoff.js';
import type { ZerocapStream } from '../zerocap/stream.js';
import { fillEvent, orderEvent } from './events.js';
import { AlertRelay, type AlertRelayOptions } from './relay.js';

const reconcileAttempts = 10;
const reconcileBackoff = { initialMs: 1000, maxMs: 60_000, factor: 2 };

/** The relay's own options, the stream it listens to, and when this run began listening. */
export interface RelayWiring extends AlertRelayOptions {
	readonly stream: ZerocapStream;
	/** On a first run ever, reconciliation starts here rather than in the past. */
	readonly startedAt: number;
}

/**
 * Feeds the stream's fills and order changes to a new relay, reconciles over REST after every gap, and
 * catches up from the persisted cursor now, so that nothing that happened while the bot was away is missed.
 */
export function startAlertRelay(wiring: RelayWiring): { relay: AlertRelay; caughtUp: Promise<void> } {
	const relay = new AlertRelay(wiring);
	// A reconciliation that fails (the broker is often down when the stream is) is tried again, with backoff.
	const reconcile = async (since: number, why: string) => {
		for (let attempt = 0; attempt < reconcileAttempts; attempt++) {
			try {
				await relay.reconcile(since);
				return;
			} catch (error) {
				const err = error instanceof Error ? error.message : String(error);
				wiring.logger.error({ err, why, attempt }, 'alert reconciliation failed');
				if (relay.isStopped) return;
				await delay(backoffDelay(reconcileBackoff, attempt));
			}
		}
	};
	wiring.stream.on('trade', (trade) => relay.accept(fillEvent(trade)));
	wiring.stream.on('order', (order) => relay.accept(orderEvent(order)));
	// The errors route hears when the broker stream is lost and when it is back, once per outage.
	let downSince: number | undefined;
	const notify = async (text: string) => {
		const route = wiring.routes.get('errors');
		if (!route || route.mode === 'off') return;
		try {
			const nonce = createHash('sha256').update(`${text}${Date.now()}`).digest('hex').slice(0, 25);
			await wiring.poster.post(
				route.channelId,
				{ content: text, allowedMentions: { parse: [] } },
				{ silent: route.mode === 'silent', nonce },
			);
		} catch (error) {
			wiring.logger.error(
				{ err: error instanceof Error ? error.message : String(error) },
				'could not post on the errors route',
			);
		}
	};
	wiring.stream.on('status', (status) => {
		if (status !== 'reconnecting' || downSince !== undefined) return;
		downSince = Date.now();
		void notify('The broker stream was lost; reconnecting. Fills and order changes will be caught up once it is back.');
	});
	wiring.stream.on('gap', (gap) => {
		void reconcile(gap.from, 'stream gap');
		if (downSince === undefined) return;
		const seconds = Math.max(1, Math.round((Date.now() - downSince) / 1000));
		downSince = undefined;
		void notify(`The broker stream is back after ${seconds} s; what it missed is being caught up.`);
	});
	const caughtUp = reconcile(wiring.store.cursor() ?? wiring.startedAt, 'start-up');
	return { relay, caughtUp };
}
