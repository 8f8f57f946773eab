import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AlertObserver } from '../alerts/alert-observer.js';
import { dailyReportPost } from '../alerts/daily-report-post.js';
import { errorsRouteNotifier } from '../alerts/errors-route.js';
import type { AlertPoster } from '../alerts/poster.js';
import { RiskPoll } from '../alerts/risk-poll.js';
import { drawReportCharts } from '../charts/report-charts.js';
import type { AlertRoutes } from '../desk/alert-routes.js';
import { DailyReportScheduler } from '../desk/daily-report.js';
import { composeDailyReport } from '../desk/daily-report-content.js';
import type { DeskServices } from '../discord/command.js';
import { reportRefusedText, unconfirmedReportText } from '../discord/render/daily-report.js';
import { DailyReportsRepository } from '../store/daily-reports.js';
import type { ZerocapStream } from '../zerocap/stream.js';

/** A report day is looked for this often; a post is at most this late after its minute. */
const reportTickMs = 15_000;
/** The broker's risk is read after every order change, and this often besides (changes made outside the bot). */
const riskPollMs = 60_000;
const maxLateDays = 7;

export interface DeskReportParts {
	readonly services: Pick<DeskServices, 'account' | 'blotter' | 'headroom' | 'clock' | 'charts'>;
	readonly reportMinute: number;
	readonly database: Database.Database;
	readonly routes: AlertRoutes;
	readonly poster: AlertPoster;
	readonly stream: Pick<ZerocapStream, 'on'>;
	readonly logger: Logger;
	readonly observer?: AlertObserver;
}

/** The end-of-day report's schedule and the risk poll, as they run beside the bot. */
export interface DeskReports {
	/** Posts the reports due now; resolves when done. Ticks run one after another, never at once. */
	tickReports(): Promise<void>;
	/** Reads the broker's risk once and warns about a headroom that crossed the level; resolves when done. */
	pollRisk(): Promise<void>;
	/** Stops both timers and waits for a post or read under way. */
	stop(): Promise<void>;
}

export function startDeskReports(parts: DeskReportParts): DeskReports {
	const { services, routes, poster, logger, observer } = parts;
	const { account, blotter, headroom, clock } = services;
	const { timeZone } = clock;
	const notifyErrors = errorsRouteNotifier({ routes, poster, logger, ...(observer ? { observer } : {}) });
	const scheduler = new DailyReportScheduler(
		new DailyReportsRepository(parts.database),
		{ timeZone, reportMinute: parts.reportMinute, maxLateDays },
		{
			post: dailyReportPost({
				routes,
				poster,
				compose: (due) => composeDailyReport(due, { blotter, account, now: clock.now }, timeZone),
				charts: async (report) =>
					report.blotter.ok
						? drawReportCharts(services.charts, report.blotter.value, (symbol, error) =>
								logger.error(
									{ symbol, err: error instanceof Error ? error.message : String(error) },
									'could not draw the daily report’s chart',
								),
							)
						: undefined,
				warnBelow: { percent: headroom.warnBelowPercent },
				logger,
				onRefused: (date, reason) => void notifyErrors(reportRefusedText(date, reason)),
				...(observer ? { observer } : {}),
			}),
			onUnconfirmed: (report) => void notifyErrors(unconfirmedReportText(report, timeZone)),
			onError: (date, error) =>
				logger.error(
					{ date, err: error instanceof Error ? error.message : String(error) },
					'the daily report may not have been posted; it is not posted again',
				),
		},
	);
	let ticks = Promise.resolve();
	const tickReports = () => {
		ticks = ticks
			.then(() => scheduler.tick(clock.now()))
			.catch((error: unknown) => {
				logger.error({ err: error instanceof Error ? error.message : String(error) }, 'daily report tick failed');
			});
		return ticks;
	};
	void tickReports();
	const reportTimer = setInterval(() => void tickReports(), reportTickMs);
	reportTimer.unref();

	const riskPoll = new RiskPoll({
		read: () => account.risk({ kind: 'catch-up' }),
		watch: headroom,
		routes,
		notify: notifyErrors,
		timeZone,
		logger,
	});
	const stopRiskPoll = riskPoll.start((listener) => parts.stream.on('order', listener), riskPollMs);
	return {
		tickReports,
		pollRisk: () => riskPoll.poll(),
		stop: async () => {
			clearInterval(reportTimer);
			stopRiskPoll();
			await Promise.all([ticks, riskPoll.idle()]);
		},
	};
}
