import { createHash } from 'node:crypto';
import { type BaseMessageOptions, DiscordAPIError } from 'discord.js';
import type { Logger } from 'pino';
import type { ReportCharts } from '../charts/report-charts.js';
import type { AlertKind, AlertRoute } from '../desk/alert-routes.js';
import type { DueReport, PostOutcome } from '../desk/daily-report.js';
import type { DailyReport } from '../desk/daily-report-content.js';
import { renderDailyReport } from '../discord/render/daily-report.js';
import type { RiskWarnLevel } from '../discord/render/risk.js';
import type { AlertObserver } from './alert-observer.js';
import { type AlertPoster, UnpostableChannelError } from './poster.js';

export interface DailyReportPostOptions {
	readonly routes: { get(kind: AlertKind): AlertRoute | undefined };
	readonly poster: AlertPoster;
	readonly compose: (due: DueReport) => Promise<DailyReport>;
	/** The day's chart of each symbol traded; none when the blotter could not be read. */
	readonly charts?: (report: DailyReport) => Promise<ReportCharts | undefined>;
	readonly warnBelow: RiskWarnLevel;
	readonly observer?: AlertObserver;
	readonly logger: Logger;
	/** Discord refused the day's report (it is tried again at every tick): said once per day. */
	readonly onRefused?: (date: string, reason: string) => void;
}

/**
 * Discord answered and refused (a 4xx: no access, unknown channel, a message it will not take), or the channel
 * was never posted in: the report certainly did not appear. Anything else (a timeout, a dropped connection, a
 * 5xx) may have posted it.
 */
function certainlyNotPosted(error: unknown): boolean {
	if (error instanceof UnpostableChannelError) return true;
	return error instanceof DiscordAPIError && error.status >= 400 && error.status < 500;
}

/** The scheduler's `post`: composes the day's report and posts it on the reports route, with the day's CSV. */
export function dailyReportPost(options: DailyReportPostOptions): (due: DueReport) => Promise<PostOutcome> {
	const { routes, poster, compose, charts, warnBelow, observer, logger, onRefused } = options;
	const refusedDays = new Set<string>();
	return async (due) => {
		const route = routes.get('reports');
		if (!route || route.mode === 'off') return { kind: 'not-posted' };
		let message: BaseMessageOptions;
		try {
			const report = await compose(due);
			message = renderDailyReport(report, warnBelow, await charts?.(report));
		} catch (error) {
			// Nothing was sent: the day is tried again at the next tick.
			logger.error({ err: error instanceof Error ? error.message : String(error) }, 'could not make the daily report');
			return { kind: 'not-posted' };
		}
		// The same day's report carries the same nonce, so that Discord itself drops a repeat.
		const nonce = createHash('sha256').update(`daily-report ${due.day.date}`).digest('hex').slice(0, 25);
		try {
			const messageId = await poster.post(
				route.channelId,
				{ ...message, allowedMentions: { parse: [] } },
				{ silent: route.mode === 'silent', nonce },
			);
			observer?.posted('reports', 1);
			return { kind: 'posted', messageId };
		} catch (error) {
			observer?.failed('reports');
			if (!certainlyNotPosted(error)) throw error;
			const reason = error instanceof Error ? error.message : String(error);
			logger.warn({ date: due.day.date, err: reason }, 'Discord refused the daily report; it is tried again');
			if (!refusedDays.has(due.day.date)) {
				refusedDays.add(due.day.date);
				onRefused?.(due.day.date, reason);
			}
			return { kind: 'not-posted' };
		}
	};
}
