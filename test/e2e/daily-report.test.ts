import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDueAt } from '../../src/desk/daily-report.js';
import { deskDayAfter, deskDayOf } from '../../src/desk/desk-date.js';
import { DeskHarness } from '../support/desk-harness.js';
import { postsTo } from '../support/fault-desk-steps.js';

/**
 * The end-of-day report on the reports route, driven by the harness's clock: posted once at its minute even
 * when the bot restarts in that minute, and a day missed while the bot was down posted when it starts, marked
 * late. Each tick is awaited, so nothing here waits on a timer.
 */

const timeZone = 'Australia/Sydney';
const settings = { timeZone, reportMinute: 17 * 60, maxLateDays: 7 };

let desk: DeskHarness;
let reportsChannel: string;

beforeAll(async () => {
	desk = await DeskHarness.start();
	await desk.reports.tickReports();
	// Today's report counts as posted already, so that the first one due is tomorrow's, whatever the time now.
	const today = deskDayOf(desk.clock.now(), timeZone).date;
	desk.store.dailyReports.claim(today, false, desk.clock.now());
	desk.store.dailyReports.posted(today, desk.clock.now(), undefined);
	reportsChannel = desk.fake.addChannel(desk.guildId, { name: 'desk-reports' });
	desk.route('reports', reportsChannel);
}, 15_000);
afterAll(() => desk.close());

const reports = () =>
	desk.fake.messagesIn(reportsChannel).map((message) => ({
		title: message.data.embeds[0]?.title ?? '',
		embeds: message.data.embeds.map((embed) => embed.title ?? ''),
		files: message.files.map((file) => file.name),
		text: message.data.embeds[0]?.description ?? '',
	}));

/** Moves the desk's clock to `at`. */
function clockTo(at: number): void {
	desk.clock.advance(at - desk.clock.now());
}

describe('the end-of-day report', () => {
	let tomorrow = '';

	it('is posted at REPORT_AT in the desk’s zone with the blotter, balances, risk and the CSV, once across a restart in that minute', async () => {
		const day = deskDayAfter(deskDayOf(desk.clock.now(), timeZone), timeZone);
		tomorrow = day.date;
		const dueAt = reportDueAt(day, settings);
		clockTo(dueAt - 1_000);
		await desk.reports.tickReports();
		expect(reports(), 'nothing before its minute').toEqual([]);

		clockTo(dueAt + 5_000);
		await desk.reports.tickReports();
		await desk.reports.tickReports();
		expect(reports()).toEqual([
			{
				title: `End-of-day report ${tomorrow}`,
				embeds: [
					`End-of-day report ${tomorrow}`,
					`Blotter ${tomorrow} (Australia/Sydney)`,
					'Balances',
					'Broker risk limits',
				],
				files: [`blotter-${tomorrow}.csv`],
				text: expect.stringMatching(/^Due at \d{4}-\d\d-\d\d 17:00:00 AE[DS]T\./),
			},
		]);

		// A restart within the same minute: the new bot's first tick finds the day posted.
		await desk.restart();
		await desk.reports.tickReports();
		expect(reports()).toHaveLength(1);
	});

	it('posts the days missed while the bot was down when it starts, marked late, each once', async () => {
		await desk.stopBot();
		const missed = [deskDayAfter(deskDayOf(desk.clock.now(), timeZone), timeZone)];
		missed.push(deskDayAfter(missed[0] ?? deskDayOf(desk.clock.now(), timeZone), timeZone));
		const last = missed[1] ?? missed[0];
		if (!last) throw new Error('no day');
		clockTo(reportDueAt(last, settings) + 3 * 3_600_000);
		await desk.startBot();
		await desk.reports.tickReports();
		const late = reports().slice(1);
		expect(late.map((report) => report.title)).toEqual(missed.map((day) => `End-of-day report ${day.date} (late)`));
		expect(late[0]?.text).toMatch(
			/^\*\*Late\*\*: due at \d{4}-\d\d-\d\d 17:00:00 AE[DS]T, posted \d{4}-\d\d-\d\d 20:00:0\d AE[DS]T \(the bot was not running then\)\./,
		);
		expect(late.map((report) => report.files)).toEqual(missed.map((day) => [`blotter-${day.date}.csv`]));

		await desk.restart();
		await desk.reports.tickReports();
		expect(reports()).toHaveLength(3);
		expect(reports()[0]?.title).toBe(`End-of-day report ${tomorrow}`);
	});

	it('is not posted while the reports route is off, and is posted once it is on again', async () => {
		const day = deskDayAfter(deskDayOf(desk.clock.now(), timeZone), timeZone);
		desk.route('reports', reportsChannel, 'off');
		clockTo(reportDueAt(day, settings) + 1_000);
		await desk.reports.tickReports();
		expect(reports()).toHaveLength(3);
		desk.route('reports', reportsChannel);
		await desk.reports.tickReports();
		expect(
			reports()
				.map((report) => report.title)
				.at(-1),
		).toBe(`End-of-day report ${day.date}`);
		expect(reports()).toHaveLength(4);
	});

	it('tells the errors route once when Discord refuses it, and posts it when Discord takes it', async () => {
		const errorsChannel = desk.fake.addChannel(desk.guildId, { name: 'desk-errors' });
		desk.route('errors', errorsChannel);
		const day = deskDayAfter(deskDayOf(desk.clock.now(), timeZone), timeZone);
		const refuse = { status: 403, body: { message: 'Missing Access', code: 50001 } };
		desk.fake.respondOnce(postsTo(reportsChannel), refuse);
		desk.fake.respondOnce(postsTo(reportsChannel), refuse);
		clockTo(reportDueAt(day, settings) + 1_000);
		await desk.reports.tickReports();
		await desk.reports.tickReports();
		expect(reports()).toHaveLength(4);
		const told = desk.fake.messagesIn(errorsChannel).map((message) => message.data.content);
		expect(told).toEqual([
			expect.stringMatching(
				new RegExp(
					`^The end-of-day report for ${day.date} could not be posted on the reports route: Discord refused it \\(.*Missing Access.*\\)\\.`,
				),
			),
		]);
		await desk.reports.tickReports();
		expect(reports().at(-1)?.title).toBe(`End-of-day report ${day.date}`);
		expect(reports()).toHaveLength(5);
	});
});
