import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
	DailyReportScheduler,
	type DueReport,
	type PostOutcome,
	parseReportAt,
	type UnconfirmedReport,
} from '../../src/desk/daily-report.js';
import { DailyReportsRepository } from '../../src/store/daily-reports.js';
import { openDatabase } from '../../src/store/database.js';
import { sydney } from './desk-fixtures.js';

const opened: Database.Database[] = [];
afterEach(() => {
	for (const database of opened.splice(0)) database.close();
});

function store(): Database.Database {
	const database = openDatabase(':memory:');
	opened.push(database);
	return database;
}

/** 17:00 in Sydney on a January date (AEDT, UTC+11), plus `seconds`. */
function fivePm(date: string, seconds = 0): number {
	return Date.parse(`${date}T06:00:00Z`) + seconds * 1000;
}

const settings = { timeZone: sydney, reportMinute: 17 * 60, maxLateDays: 7 };

/** A scheduler on `database` that records what it posted, as `date late|on-time`. */
function scheduler(
	database: Database.Database,
	outcome: (report: DueReport) => PostOutcome = () => ({ kind: 'posted' }),
) {
	const posted: string[] = [];
	const unconfirmed: UnconfirmedReport[] = [];
	const errors: string[] = [];
	const schedule = new DailyReportScheduler(new DailyReportsRepository(database), settings, {
		post: async (report) => {
			posted.push(
				`${report.day.date} ${report.late ? 'late' : 'on-time'}${report.skippedDays.length > 0 ? ` skipped ${report.skippedDays.join(',')}` : ''}`,
			);
			return outcome(report);
		},
		onUnconfirmed: (report) => unconfirmed.push(report),
		onError: (date) => errors.push(date),
	});
	return { schedule, posted, unconfirmed, errors };
}

describe('the end-of-day report', () => {
	it('reads REPORT_AT as a local time of day', () => {
		expect(parseReportAt('17:00')).toBe(1020);
		expect(parseReportAt('7:05')).toBe(425);
		expect(parseReportAt('24:00')).toBeUndefined();
		expect(parseReportAt('5pm')).toBeUndefined();
	});

	it('is due at 17:00 in the desk’s zone, once a day', async () => {
		const database = store();
		const { schedule, posted } = scheduler(database);
		await schedule.tick(fivePm('2026-01-05', -3600));
		expect(posted).toEqual([]);
		await schedule.tick(fivePm('2026-01-05', -1));
		expect(posted).toEqual([]);
		await schedule.tick(fivePm('2026-01-05'));
		await schedule.tick(fivePm('2026-01-05', 15));
		await schedule.tick(fivePm('2026-01-05', 3 * 3600));
		expect(posted).toEqual(['2026-01-05 on-time']);
		await schedule.tick(fivePm('2026-01-06', 30));
		expect(posted).toEqual(['2026-01-05 on-time', '2026-01-06 on-time']);
	});

	it('is not posted twice across a restart at that minute', async () => {
		const database = store();
		const first = scheduler(database);
		await first.schedule.tick(fivePm('2026-01-05', -30));
		await first.schedule.tick(fivePm('2026-01-05', 5));
		const second = scheduler(database);
		await second.schedule.tick(fivePm('2026-01-05', 20));
		await second.schedule.tick(fivePm('2026-01-05', 40));
		expect([...first.posted, ...second.posted]).toEqual(['2026-01-05 on-time']);
	});

	it('posts a day missed while the bot was down when it starts, marked late, and not today’s before its time', async () => {
		const database = store();
		const first = scheduler(database);
		await first.schedule.tick(fivePm('2026-01-05', 10));
		const restarted = scheduler(database);
		await restarted.schedule.tick(fivePm('2026-01-08', -5 * 3600));
		expect(restarted.posted).toEqual(['2026-01-06 late', '2026-01-07 late']);
		await restarted.schedule.tick(fivePm('2026-01-08', 1));
		expect(restarted.posted).toEqual(['2026-01-06 late', '2026-01-07 late', '2026-01-08 on-time']);
	});

	it('posts at most a week of missed days, naming the ones skipped', async () => {
		const database = store();
		await scheduler(database).schedule.tick(fivePm('2026-01-01', 10));
		const restarted = scheduler(database);
		await restarted.schedule.tick(fivePm('2026-01-11', -3600));
		expect(restarted.posted).toEqual([
			'2026-01-04 late skipped 2026-01-02,2026-01-03',
			'2026-01-05 late',
			'2026-01-06 late',
			'2026-01-07 late',
			'2026-01-08 late',
			'2026-01-09 late',
			'2026-01-10 late',
		]);
	});

	it('posts nothing from before the bot first ran, and today’s late when first started after its time', async () => {
		const database = store();
		const { schedule, posted } = scheduler(database);
		await schedule.tick(fivePm('2026-01-05', 2 * 3600));
		expect(posted).toEqual(['2026-01-05 late']);
	});

	it('never posts a day twice when the post’s outcome is unknown, and says so once at the next start', async () => {
		const database = store();
		const crashing = scheduler(database, () => {
			throw new Error('connection reset');
		});
		await crashing.schedule.tick(fivePm('2026-01-05', 1));
		await crashing.schedule.tick(fivePm('2026-01-05', 20));
		expect(crashing.posted).toEqual(['2026-01-05 on-time']);
		expect(crashing.errors).toEqual(['2026-01-05']);
		const restarted = scheduler(database);
		await restarted.schedule.tick(fivePm('2026-01-05', 40));
		await restarted.schedule.tick(fivePm('2026-01-05', 60));
		expect(restarted.posted).toEqual([]);
		expect(restarted.unconfirmed).toEqual([{ date: '2026-01-05', claimedAt: fivePm('2026-01-05', 1) }]);
		const again = scheduler(database);
		await again.schedule.tick(fivePm('2026-01-05', 80));
		expect(again.unconfirmed).toEqual([]);
	});

	it('tries again a post that certainly did not happen', async () => {
		const database = store();
		let refuse = true;
		const { schedule, posted } = scheduler(database, () => (refuse ? { kind: 'not-posted' } : { kind: 'posted' }));
		await schedule.tick(fivePm('2026-01-05', 1));
		refuse = false;
		await schedule.tick(fivePm('2026-01-05', 16));
		await schedule.tick(fivePm('2026-01-05', 31));
		expect(posted).toEqual(['2026-01-05 on-time', '2026-01-05 on-time']);
	});

	it('does not post twice when ticks overlap', async () => {
		const database = store();
		const { schedule, posted } = scheduler(database);
		await Promise.all([schedule.tick(fivePm('2026-01-05', 1)), schedule.tick(fivePm('2026-01-05', 2))]);
		expect(posted).toEqual(['2026-01-05 on-time']);
	});
});
