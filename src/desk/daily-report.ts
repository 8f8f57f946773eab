import { atLocalTime, type DeskDay, deskDateOf, deskDayAfter, deskDayNamed, deskDayOf } from './desk-date.js';

/**
 * Which desk days' end-of-day reports were posted, kept past a restart; the store implements it.
 *
 * A day is claimed (written) before its report is posted. A crash between the claim and the post therefore
 * loses that day's post rather than doubling it: the conservative way round, as the issue asks ("posted
 * once"). Such a day stays claimed but unconfirmed, and the next start says so once (`onUnconfirmed`), so a
 * lost report is never silent; /blotter date:D shows the day on demand.
 */
export interface DailyReportLedger {
	/** The first time the scheduler ever ran on this database (recorded on the first call): no day before it is due. */
	firstRun(now: number): number;
	/** True if this call claimed the day; false if it was already claimed, posted or noticed. */
	claim(date: string, late: boolean, at: number): boolean;
	posted(date: string, at: number, messageId: string | undefined): void;
	/** The post certainly did not happen: the day may be claimed again at the next tick. */
	release(date: string): void;
	/** The latest day ever claimed, `2026-01-05`. */
	latestClaimed(): string | undefined;
	/** Days claimed and neither posted nor released: the bot stopped, or the post's outcome was unknown. */
	unconfirmed(): UnconfirmedReport[];
	/** The unconfirmed day has been said; it is not said again. */
	noticed(date: string): void;
}

export interface UnconfirmedReport {
	readonly date: string;
	readonly claimedAt: number;
}

/** A report to post: the day it covers, when it was due, and whether it is late (posted after its minute). */
export interface DueReport {
	readonly day: DeskDay;
	readonly dueAt: number;
	readonly late: boolean;
	/** Missed days older than the late-posting window, skipped; said in this report. */
	readonly skippedDays: readonly string[];
}

/**
 * How a post went. `not-posted` only when it certainly did not reach Discord (nothing was sent, or Discord
 * refused it): the day is released and tried again. A throw means the outcome is unknown, and the day stays
 * claimed: it is never posted twice.
 */
export type PostOutcome = { readonly kind: 'posted'; readonly messageId?: string } | { readonly kind: 'not-posted' };

export interface DailyReportSettings {
	readonly timeZone: string;
	/** REPORT_AT as minutes after local midnight (17:00 → 1020). */
	readonly reportMinute: number;
	/** At most this many missed days are posted late at a start; older ones are named and skipped (default 7). */
	readonly maxLateDays: number;
}

export interface DailyReportHooks {
	post(report: DueReport): Promise<PostOutcome>;
	/** A claimed day whose post was not confirmed (found at start): say it once, on the errors route. */
	onUnconfirmed?(report: UnconfirmedReport): void;
	/** A post failed; it is logged, and retried at the next tick only when it certainly did not happen. */
	onError?(date: string, error: unknown): void;
}

/** REPORT_AT `17:00` → 1020, or undefined for a time that is not one. */
export function parseReportAt(text: string): number | undefined {
	const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
	if (!match) return undefined;
	const hour = Number(match[1]);
	const minute = Number(match[2]);
	return hour < 24 && minute < 60 ? hour * 60 + minute : undefined;
}

/** A report posted more than this after its time is marked late: a start within its minute is not late. */
const onTimeForMs = 60_000;

/**
 * When a day's report is due: REPORT_AT on that day, or, on a day the clock skips that time (a daylight-saving
 * change), an hour later.
 */
export function reportDueAt(day: DeskDay, settings: DailyReportSettings): number {
	return (
		atLocalTime(day, settings.reportMinute, settings.timeZone) ??
		atLocalTime(day, (settings.reportMinute + 60) % (24 * 60), settings.timeZone) ??
		day.end
	);
}

/**
 * The end-of-day report, once per desk day at REPORT_AT in the desk's time zone. `tick(now)` does everything:
 * the clock is injected and a timer (or a test) only calls it, so nothing here sleeps.
 */
export class DailyReportScheduler {
	private running = false;
	private checkedUnconfirmed = false;

	constructor(
		private readonly ledger: DailyReportLedger,
		private readonly settings: DailyReportSettings,
		private readonly hooks: DailyReportHooks,
	) {}

	/** The reports due at `now` and not yet claimed, oldest first (the last is today's or yesterday's). */
	due(now: number): DueReport[] {
		const { timeZone, maxLateDays } = this.settings;
		const today = deskDayOf(now, timeZone);
		const lastDue = now >= reportDueAt(today, this.settings) ? today : deskDayOf(today.start - 1, timeZone);
		const firstRunDate = deskDateOf(this.ledger.firstRun(now), timeZone);
		const latest = this.ledger.latestClaimed();
		const afterLatest = latest === undefined ? undefined : deskDayNamed(latest, timeZone);
		const from = afterLatest ? deskDayAfter(afterLatest, timeZone).date : firstRunDate;
		const first = from > firstRunDate ? from : firstRunDate;
		const days: DeskDay[] = [];
		for (let day = lastDue; day.date >= first; day = deskDayOf(day.start - 1, timeZone)) days.unshift(day);
		const skippedDays = days.slice(0, Math.max(0, days.length - maxLateDays)).map((day) => day.date);
		return days.slice(skippedDays.length).map((day, index) => {
			const dueAt = reportDueAt(day, this.settings);
			return { day, dueAt, late: now >= dueAt + onTimeForMs, skippedDays: index === 0 ? skippedDays : [] };
		});
	}

	/** Posts what is due; a tick while another is still posting does nothing, the next one catches up. */
	async tick(now: number): Promise<void> {
		if (this.running) return;
		this.running = true;
		try {
			if (!this.checkedUnconfirmed) {
				this.checkedUnconfirmed = true;
				for (const report of this.ledger.unconfirmed()) {
					this.ledger.noticed(report.date);
					this.hooks.onUnconfirmed?.(report);
				}
			}
			for (const report of this.due(now)) {
				if (!this.ledger.claim(report.day.date, report.late, now)) continue;
				// A day that certainly did not post is tried again first: later days wait for it, in order.
				if (!(await this.postClaimed(report, now))) return;
			}
		} finally {
			this.running = false;
		}
	}

	/** False when the post certainly did not happen and the day was released. */
	private async postClaimed(report: DueReport, now: number): Promise<boolean> {
		let outcome: PostOutcome;
		try {
			outcome = await this.hooks.post(report);
		} catch (error) {
			// Unknown: it may have reached Discord. The day stays claimed, and the next start says so once.
			this.hooks.onError?.(report.day.date, error);
			return true;
		}
		if (outcome.kind === 'posted') {
			this.ledger.posted(report.day.date, now, outcome.messageId);
			return true;
		}
		this.ledger.release(report.day.date);
		return false;
	}

	/** Calls `tick` every `everyMs` with the injected clock; returns the stop function. */
	start(now: () => number, everyMs = 15_000): () => void {
		void this.tick(now());
		const timer = setInterval(() => void this.tick(now()), everyMs);
		timer.unref();
		return () => clearInterval(timer);
	}
}
