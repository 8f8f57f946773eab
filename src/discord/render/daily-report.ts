import {
	type APIEmbed,
	AttachmentBuilder,
	type BaseMessageOptions,
	EmbedBuilder,
	type JSONEncodable,
} from 'discord.js';
import { type ReportCharts, reportChartLimit } from '../../charts/report-charts.js';
import type { UnconfirmedReport } from '../../desk/daily-report.js';
import type { DailyReport } from '../../desk/daily-report-content.js';
import { deskDateTime } from '../../desk/desk-time.js';
import { renderBalances } from './balances.js';
import { blotterAttachment, renderBlotterEmbed } from './blotter.js';
import { fitOneMessage } from './embed-budget.js';
import { colours } from './format.js';
import { type RiskWarnLevel, renderRisk } from './risk.js';

function unavailable(title: string, reason: string): EmbedBuilder {
	return new EmbedBuilder().setColor(colours.bad).setTitle(title).setDescription(`Could not be read: ${reason}`);
}

/** What the report says of its pictures, so that a symbol without one is never silently missing. */
function chartLines(charts: ReportCharts | undefined): string[] {
	if (!charts) return [];
	const lines: string[] = [];
	if (charts.drawn.length > 0)
		lines.push(`Charts of the day: ${charts.drawn.map((chart) => chart.symbol).join(', ')}.`);
	if (charts.leftOut.length > 0) {
		lines.push(
			`Not charted here, as a message holds ${reportChartLimit} charts: ${charts.leftOut.join(', ')}. /chart shows any of them.`,
		);
	}
	if (charts.failed.length > 0) lines.push(`Could not be charted: ${charts.failed.join(', ')} (see the log).`);
	return lines;
}

function headline(report: DailyReport, charts: ReportCharts | undefined): EmbedBuilder {
	const { due, timeZone, generatedAt } = report;
	const lines = [
		due.late
			? `**Late**: due at ${deskDateTime(due.dueAt, timeZone)}, posted ${deskDateTime(generatedAt, timeZone)} (the bot was not running then).`
			: `Due at ${deskDateTime(due.dueAt, timeZone)}.`,
		`Balances and risk are as of ${deskDateTime(generatedAt, timeZone)}, not the day's end: the broker gives no past figures.`,
		due.skippedDays.length > 0
			? `Reports for ${due.skippedDays.length} earlier day(s) were not posted (too long ago): ${due.skippedDays.join(', ')}. /blotter date: shows any of them.`
			: '',
		...chartLines(charts),
	].filter((line) => line !== '');
	return new EmbedBuilder()
		.setColor(due.late ? colours.warn : colours.neutral)
		.setTitle(`End-of-day report ${due.day.date}${due.late ? ' (late)' : ''}`)
		.setDescription(lines.join('\n'));
}

/** The end-of-day report for the reports route: the blotter, balances and risk, with the day's CSV and charts. */
export function renderDailyReport(
	report: DailyReport,
	warnBelow?: RiskWarnLevel,
	charts?: ReportCharts,
): BaseMessageOptions {
	const { blotter, balances, risk, timeZone } = report;
	const { date } = report.due.day;
	const json = (embed: EmbedBuilder | APIEmbed | JSONEncodable<APIEmbed>) =>
		'toJSON' in embed ? embed.toJSON() : embed;
	// A busy day (many traders and symbols, many assets) is longer than Discord takes in one message: the report
	// stays one message, exactly once, and each cut part says where the whole of it is.
	const embeds = fitOneMessage([
		{ embed: headline(report, charts).toJSON(), rest: undefined },
		blotter.ok
			? {
					embed: renderBlotterEmbed(blotter.value, `Blotter ${date}`).toJSON(),
					rest: `the attached CSV has every fill, and /blotter date:${date} every row.`,
				}
			: { embed: unavailable('Blotter', blotter.reason).toJSON(), rest: undefined },
		balances.ok
			? { embed: renderBalances(balances.value, timeZone).toJSON(), rest: '/balances shows every asset.' }
			: { embed: unavailable('Balances', balances.reason).toJSON(), rest: undefined },
		...(risk.ok
			? (renderRisk(risk.value, timeZone, warnBelow).embeds ?? []).map((embed) => ({
					embed: json(embed),
					rest: '/risk shows every limit.',
				}))
			: [{ embed: unavailable('Broker risk limits', risk.reason).toJSON(), rest: undefined }]),
	]);
	const pictures = (charts?.drawn ?? []).map((chart) => new AttachmentBuilder(chart.png, { name: chart.fileName }));
	return { embeds, files: [...(blotter.ok ? [blotterAttachment(blotter.value)] : []), ...pictures] };
}

/** The errors route's line for a report that may not have been posted (the bot stopped while posting it). */
export function unconfirmedReportText(report: UnconfirmedReport, timeZone: string): string {
	return `The end-of-day report for ${report.date} may not have been posted: the bot stopped while posting it at ${deskDateTime(report.claimedAt, timeZone)}. It is not posted again, so that it never appears twice; /blotter date:${report.date} shows the day.`;
}

/** The errors route's line for a report Discord refused; the bot keeps trying it. */
export function reportRefusedText(date: string, reason: string): string {
	return `The end-of-day report for ${date} could not be posted on the reports route: Discord refused it (${reason.slice(0, 200)}). It is tried again shortly and until it is taken, and later days wait behind it; check that the bot may post in that channel.`;
}
