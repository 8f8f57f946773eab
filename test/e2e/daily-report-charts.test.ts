import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartTheme } from '../../src/charts/chart-theme.js';
import { reportDueAt } from '../../src/desk/daily-report.js';
import { deskDayOf } from '../../src/desk/desk-date.js';
import { DeskHarness } from '../support/desk-harness.js';
import { placeThroughDesk } from '../support/desk-orders.js';

/**
 * The end-of-day report of a day the desk traded: a chart of the day for each symbol traded rides with the CSV,
 * the most traded first, and the headline names them.
 */

const timeZone = 'Australia/Sydney';

let desk: DeskHarness;
let reportsChannel: string;

beforeAll(async () => {
	desk = await DeskHarness.start();
	await desk.caughtUp;
	const { trader, trader2 } = desk.users;
	await placeThroughDesk(desk, trader, { side: 'buy', symbol: 'USDT/AUD', amount: '100' });
	await placeThroughDesk(desk, trader2, { side: 'sell', symbol: 'USDT/AUD', amount: '20' });
	await placeThroughDesk(desk, trader, { side: 'buy', symbol: 'BTC/AUD', amount: '0.01' });
	reportsChannel = desk.fake.addChannel(desk.guildId, { name: 'desk-reports' });
	desk.route('reports', reportsChannel);
}, 20_000);
afterAll(() => desk.close());

describe('the end-of-day report of a trading day', () => {
	it('attaches a chart of the day for each symbol traded, the most traded by value first', async () => {
		const day = deskDayOf(desk.clock.now(), timeZone);
		const dueAt = reportDueAt(day, { timeZone, reportMinute: 17 * 60, maxLateDays: 7 });
		if (desk.clock.now() < dueAt) desk.clock.advance(dueAt + 5_000 - desk.clock.now());
		await desk.reports.tickReports();

		const report = desk.fake
			.messagesIn(reportsChannel)
			.find((message) => message.data.embeds[0]?.title?.startsWith(`End-of-day report ${day.date}`));
		if (!report) throw new Error(`no report for ${day.date}`);
		expect(report.files.map((file) => file.name)).toEqual([
			`blotter-${day.date}.csv`,
			`chart-BTC-AUD-${day.date}.png`,
			`chart-USDT-AUD-${day.date}.png`,
		]);
		expect(report.data.embeds[0]?.description).toContain('Charts of the day: BTC/AUD, USDT/AUD.');
		for (const picture of report.files.slice(1)) {
			expect(picture.content.subarray(1, 4).toString('ascii')).toBe('PNG');
			expect([picture.content.readUInt32BE(16), picture.content.readUInt32BE(20)]).toEqual([
				chartTheme.width,
				chartTheme.height,
			]);
		}
	});
});
