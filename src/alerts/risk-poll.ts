import type { Logger } from 'pino';
import type { RiskView } from '../desk/account-views.js';
import type { AlertKind, AlertRoute } from '../desk/alert-routes.js';
import type { HeadroomWatch } from '../desk/headroom-watch.js';
import { headroomAlertText } from '../discord/render/risk.js';

export interface RiskPollOptions {
	/** The broker's risk, read in the catch-up lane: never a trader's budget nor the orders'. */
	readonly read: () => Promise<RiskView>;
	readonly watch: HeadroomWatch;
	readonly routes: { get(kind: AlertKind): AlertRoute | undefined };
	/** Says a line on the errors route; false when it could not; never throws. */
	readonly notify: (text: string) => Promise<boolean>;
	readonly timeZone: string;
	readonly logger: Logger;
}

/**
 * Reads the broker's risk and says on the errors route, once each, when a limit's headroom falls below the
 * warning level and when it recovers. Polls are coalesced: however many order changes arrive while one runs,
 * at most one more follows it, and it reads the figures as they are after all of them.
 */
export class RiskPoll {
	private running: Promise<void> | undefined;
	private queued: Promise<void> | undefined;

	constructor(private readonly options: RiskPollOptions) {}

	poll(): Promise<void> {
		if (this.queued) return this.queued;
		if (this.running) {
			this.queued = this.running.then(() => {
				this.queued = undefined;
				return this.poll();
			});
			return this.queued;
		}
		this.running = this.once().finally(() => {
			this.running = undefined;
		});
		return this.running;
	}

	/** Resolves once no poll is running or waiting. */
	async idle(): Promise<void> {
		while (this.running || this.queued) await (this.queued ?? this.running);
	}

	private async once(): Promise<void> {
		const { read, watch, routes, notify, timeZone, logger } = this.options;
		// Nobody would hear a warning: the read is skipped, and the first read once the route is set says what is low.
		const route = routes.get('errors');
		if (!route || route.mode === 'off') return;
		try {
			const view = await read();
			for (const event of watch.observe(view)) {
				if (!(await notify(headroomAlertText(event, timeZone)))) watch.unsaid(event);
			}
		} catch (error) {
			logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not read the broker risk');
		}
	}

	/** Polls now, on every `trigger`, and every `everyMs`; returns the stop function. */
	start(trigger: (listener: () => void) => () => void, everyMs = 60_000): () => void {
		void this.poll();
		const off = trigger(() => void this.poll());
		const timer = setInterval(() => void this.poll(), everyMs);
		timer.unref();
		return () => {
			off();
			clearInterval(timer);
		};
	}
}
