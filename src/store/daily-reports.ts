import type Database from 'better-sqlite3';
import type { DailyReportLedger, UnconfirmedReport } from '../desk/daily-report.js';

/**
 * The schema step for the end-of-day reports, to be appended to `migrations` when they are wired. A day's row
 * is written (claimed) before its report is posted, so that a restart, even at that minute, never posts it twice.
 */
export const dailyReportsMigration = `CREATE TABLE daily_reports (
		date TEXT PRIMARY KEY,
		state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'unconfirmed-noticed')),
		late INTEGER NOT NULL,
		claimed_at INTEGER NOT NULL,
		posted_at INTEGER,
		message_id TEXT
	);
	CREATE TABLE daily_report_start (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		first_run_at INTEGER NOT NULL
	);`;

/** Which desk days' reports were claimed and posted, kept past a restart. */
export class DailyReportsRepository implements DailyReportLedger {
	private readonly insertClaim: Database.Statement<[string, number, number]>;
	private readonly markPosted: Database.Statement<[number, string | null, string]>;
	private readonly deleteClaim: Database.Statement<[string]>;
	private readonly latestDate: Database.Statement<[], { date: string }>;
	private readonly claimedOnly: Database.Statement<[], { date: string; claimed_at: number }>;
	private readonly markNoticed: Database.Statement<[string]>;
	private readonly insertStart: Database.Statement<[number]>;
	private readonly readStart: Database.Statement<[], { first_run_at: number }>;

	constructor(database: Database.Database) {
		this.insertClaim = database.prepare(
			"INSERT OR IGNORE INTO daily_reports (date, state, late, claimed_at) VALUES (?, 'claimed', ?, ?)",
		);
		this.markPosted = database.prepare(
			"UPDATE daily_reports SET state = 'posted', posted_at = ?, message_id = ? WHERE date = ?",
		);
		this.deleteClaim = database.prepare("DELETE FROM daily_reports WHERE date = ? AND state = 'claimed'");
		this.latestDate = database.prepare('SELECT date FROM daily_reports ORDER BY date DESC LIMIT 1');
		this.claimedOnly = database.prepare(
			"SELECT date, claimed_at FROM daily_reports WHERE state = 'claimed' ORDER BY date",
		);
		this.markNoticed = database.prepare(
			"UPDATE daily_reports SET state = 'unconfirmed-noticed' WHERE date = ? AND state = 'claimed'",
		);
		this.insertStart = database.prepare('INSERT OR IGNORE INTO daily_report_start (id, first_run_at) VALUES (1, ?)');
		this.readStart = database.prepare('SELECT first_run_at FROM daily_report_start WHERE id = 1');
	}

	firstRun(now: number): number {
		this.insertStart.run(now);
		return this.readStart.get()?.first_run_at ?? now;
	}

	claim(date: string, late: boolean, at: number): boolean {
		return this.insertClaim.run(date, late ? 1 : 0, at).changes === 1;
	}

	posted(date: string, at: number, messageId: string | undefined): void {
		this.markPosted.run(at, messageId ?? null, date);
	}

	release(date: string): void {
		this.deleteClaim.run(date);
	}

	latestClaimed(): string | undefined {
		return this.latestDate.get()?.date;
	}

	unconfirmed(): UnconfirmedReport[] {
		return this.claimedOnly.all().map((row) => ({ date: row.date, claimedAt: row.claimed_at }));
	}

	noticed(date: string): void {
		this.markNoticed.run(date);
	}
}
