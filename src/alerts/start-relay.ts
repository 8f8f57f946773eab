import type { BackoffPolicy } from '../zerocap/backoff.js';
import type { ZerocapStream } from '../zerocap/stream.js';
import { catchUpStart } from './catch-up-cursor.js';
import { errorsRouteNotifier } from './errors-route.js';
import { fillEvent, orderEvent } from './events.js';
import { reconcileLoop } from './reconcile-loop.js';
import { AlertRelay, type AlertRelayOptions } from './relay.js';

const reconcileBackoff: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, factor: 2 };

/** The relay's own options, the stream it listens to, and when this run began listening. */
export interface RelayWiring extends Omit<AlertRelayOptions, 'notify'> {
	readonly stream: Pick<ZerocapStream, 'on'>;
	/** On a first run ever, reconciliation starts here rather than in the past. */
	readonly startedAt: number;
	/** How a failing reconciliation is retried; the tests shorten it. */
	readonly reconcileRetry?: BackoffPolicy;
}

/**
 * Feeds the stream's fills and order changes to a new relay, reconciles over REST after every gap, and
 * catches up from the persisted cursor now, so that nothing that happened while the bot was away is missed.
 */
export function startAlertRelay(wiring: RelayWiring): { relay: AlertRelay; caughtUp: Promise<void> } {
	const { logger, store } = wiring;
	const tellErrorsRoute = errorsRouteNotifier(wiring);
	const notify = (text: string) => void tellErrorsRoute(text);
	const relay = new AlertRelay({ ...wiring, notify });
	const reconcile = reconcileLoop({ relay, retry: wiring.reconcileRetry ?? reconcileBackoff, logger, notify });
	wiring.stream.on('trade', (trade) => relay.accept(fillEvent(trade)));
	wiring.stream.on('order', (order) => relay.accept(orderEvent(order)));
	// The errors route hears when the broker stream is lost and when it is back, once per outage.
	let downSince: number | undefined;
	wiring.stream.on('status', (status) => {
		if (status !== 'reconnecting' || downSince !== undefined) return;
		downSince = Date.now();
		notify('The broker stream was lost; reconnecting. Fills and order changes will be caught up once it is back.');
	});
	wiring.stream.on('gap', (gap) => {
		void reconcile(() => gap.from, 'stream gap');
		if (downSince === undefined) return;
		const seconds = Math.max(1, Math.round((Date.now() - downSince) / 1000));
		downSince = undefined;
		notify(`The broker stream is back after ${seconds} s; what it missed is being caught up.`);
	});
	const now = wiring.now ?? Date.now;
	const startingPoint = () => {
		const start = catchUpStart(store.cursor(), now(), wiring.startedAt);
		if (start.distrusted === undefined) return start.since;
		store.resetCursor(start.since);
		logger.warn(
			{ cursor: start.distrusted, since: start.since },
			'the alert cursor lay in the future; catching up from a week back',
		);
		notify(
			'The catch-up point for fills and order changes lay in the future (the host clock ran ahead?); catching up from a week back instead. Alerts already posted are not repeated.',
		);
		return start.since;
	};
	const caughtUp = reconcile(startingPoint, 'start-up');
	return { relay, caughtUp };
}
