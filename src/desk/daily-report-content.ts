import { isZerocapError } from '../zerocap/errors.js';
import type { CallLane } from '../zerocap/limiter.js';
import type { AccountViews, BalancesView, RiskView } from './account-views.js';
import type { Blotter, BlotterReport } from './blotter.js';
import type { DueReport } from './daily-report.js';

/** A part of the report that could not be read says why, and the rest is posted all the same. */
export type ReportPart<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Everything the end-of-day report shows. */
export interface DailyReport {
	readonly due: DueReport;
	/** Every trader's fills of the day. */
	readonly blotter: ReportPart<BlotterReport>;
	/** As of `generatedAt`, not as of the day's end: the broker gives no past balances or risk. */
	readonly balances: ReportPart<BalancesView>;
	readonly risk: ReportPart<RiskView>;
	readonly generatedAt: number;
	readonly timeZone: string;
}

/** The report's reads share a catch-up lane, never a trader's budget nor the orders'. */
const reportLane: CallLane = { kind: 'catch-up' };

async function part<T>(read: () => Promise<T>): Promise<ReportPart<T>> {
	try {
		return { ok: true, value: await read() };
	} catch (error) {
		return { ok: false, reason: isZerocapError(error) ? error.userMessage : 'an unexpected error (see the log)' };
	}
}

/** Reads the day's blotter, the balances and the risk, each on its own so that one failing leaves the others. */
export async function composeDailyReport(
	due: DueReport,
	sources: { readonly blotter: Blotter; readonly account: AccountViews; readonly now: () => number },
	timeZone: string,
): Promise<DailyReport> {
	const [blotter, balances, risk] = await Promise.all([
		part(() => sources.blotter.report({ day: due.day }, reportLane)),
		part(() => sources.account.balances(reportLane)),
		part(() => sources.account.risk(reportLane)),
	]);
	return { due, blotter, balances, risk, generatedAt: sources.now(), timeZone };
}
