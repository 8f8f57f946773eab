import { AttachmentBuilder, type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import type { BlotterReport, BlotterRow, BlotterTotals } from '../../desk/blotter.js';
import { blotterCsv, blotterCsvName } from '../../desk/blotter-csv.js';
import { deskDateTime } from '../../desk/desk-time.js';
import { amountText, formatMoney, priceText } from './account-words.js';
import { colours } from './format.js';
import { missingFillWarnings } from './missing-fills.js';

const descriptionRoom = 3800;

function conversionWords(row: BlotterRow, currency: string): string {
	const { valuedBy } = row;
	const parts = [
		valuedBy['at-time'] > 0 ? `${valuedBy['at-time']} at the ${row.quoteAsset}/${currency} price at the time` : '',
		valuedBy.live > 0 ? `${valuedBy.live} at the live ${row.quoteAsset}/${currency} mid` : '',
		valuedBy.none > 0 ? `**${valuedBy.none} not valued** (no price to convert)` : '',
	].filter((part) => part !== '');
	return parts.length > 0 ? `\n  ${row.quoteAsset} → ${currency}: ${parts.join(', ')}` : '';
}

function rowLine(row: BlotterRow, currency: string): string {
	const bought = row.vwapBuy
		? `bought ${amountText(row.bought, row.baseAsset)} @ ${priceText(row.vwapBuy, row.quoteAsset)}`
		: 'bought nothing';
	const sold = row.vwapSell
		? `sold ${amountText(row.sold, row.baseAsset)} @ ${priceText(row.vwapSell, row.quoteAsset)}`
		: 'sold nothing';
	const net = row.net.isZero() ? 'flat' : `net ${amountText(row.net, row.baseAsset, true)}`;
	return `<@${row.trader}> **${row.symbol}** ${row.trades} ${row.trades === 1 ? 'trade' : 'trades'} · ${bought} · ${sold} · ${net} · traded ${formatMoney(row.value, currency)}${conversionWords(row, currency)}`;
}

function totalsWords(totals: BlotterTotals, currency: string): string {
	const value = formatMoney(totals.value, currency);
	const partial = totals.unvalued > 0 ? `, **partial**: ${totals.unvalued} fill(s) could not be valued` : '';
	return `${totals.trades} ${totals.trades === 1 ? 'trade' : 'trades'}, traded ${value}${partial}`;
}

/** What may be missing from the blotter, said plainly: a partial day is never shown as a whole one. */
export function blotterWarnings(report: BlotterReport): string[] {
	return missingFillWarnings(report, " and are in no day's blotter");
}

function scopeWords(report: BlotterReport): string {
	const who = report.query.trader ? `<@${report.query.trader}>` : 'every trader';
	const what = report.query.symbol ? `, ${report.query.symbol} only` : '';
	return `Fills of orders placed through the bot, ${who}${what}, from ${deskDateTime(report.day.start, report.timeZone)} to ${deskDateTime(report.day.end, report.timeZone)}.`;
}

/** The blotter as an embed: one line per trader and symbol, per-trader totals, the total, and what may be missing. */
export function renderBlotterEmbed(report: BlotterReport, title = `Blotter ${report.day.date}`): EmbedBuilder {
	const { summary, currency } = report;
	const lines: string[] = [];
	let used = 0;
	let cut = 0;
	for (const row of summary.rows) {
		const line = rowLine(row, currency);
		if (used + line.length + 1 > descriptionRoom) cut++;
		else {
			lines.push(line);
			used += line.length + 1;
		}
	}
	const more = cut > 0 ? [`… ${cut} more row(s): every fill is in the CSV.`] : [];
	const body = lines.length > 0 ? [...lines, ...more].join('\n') : 'No fills of the desk’s orders on this day.';
	const embed = new EmbedBuilder()
		.setColor(blotterWarnings(report).length > 0 || summary.totals.unvalued > 0 ? colours.warn : colours.info)
		.setTitle(`${title} (${report.timeZone})`)
		.setDescription([scopeWords(report), '', body, ...blotterWarnings(report)].join('\n').slice(0, 4000));
	const traders = [...summary.byTrader.entries()];
	if (traders.length > 1) {
		const perTrader = traders.map(([trader, totals]) => `<@${trader}> ${totalsWords(totals, currency)}`);
		embed.addFields({ name: 'Per trader', value: perTrader.join('\n').slice(0, 1024) });
	}
	return embed.addFields({ name: 'Total', value: totalsWords(summary.totals, currency).slice(0, 1024) }).setFooter({
		text: `Values in ${currency}. Orders created since ${deskDateTime(report.ordersSince, report.timeZone)} were read. Made ${deskDateTime(report.generatedAt, report.timeZone)}`,
	});
}

export function blotterAttachment(report: BlotterReport): AttachmentBuilder {
	return new AttachmentBuilder(Buffer.from(blotterCsv(report), 'utf8'), { name: blotterCsvName(report) });
}

/** /blotter: the day's figures and a CSV of every fill. */
export function renderBlotter(report: BlotterReport): BaseMessageOptions {
	return { embeds: [renderBlotterEmbed(report)], files: [blotterAttachment(report)] };
}
