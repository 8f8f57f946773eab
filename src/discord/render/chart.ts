import { AttachmentBuilder, type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import type { DeskChart } from '../../charts/chart-desk.js';
import { colours, formatAmount } from './format.js';
import { missingFillWarnings } from './missing-fills.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function bandWords(chart: DeskChart): string | undefined {
	if (!chart.band) return undefined;
	const size = `${formatAmount(chart.band.size)} ${chart.symbol.split('/')[0] ?? ''}`.trim();
	return chart.band.quoted
		? `The band is the buy and sell price for ${size}.`
		: `The dealer’s ladder does not quote ${size}, so no band is drawn.`;
}

/** /chart's answer: the picture, attached and shown in an embed, with what it marks in words beside it. */
export function renderChart(chart: DeskChart, whose: 'yours' | 'desk'): BaseMessageOptions {
	const marks = `${whose === 'yours' ? 'Your' : 'The desk’s'} fills: ${plural(chart.buys, 'buy')}, ${plural(chart.sells, 'sell')}.`;
	const lines = [marks];
	if (chart.unvalued > 0) {
		lines.push(
			`${plural(chart.unvalued, 'fill')} could not be valued in the desk’s currency: drawn at the smallest mark.`,
		);
	}
	const band = bandWords(chart);
	if (band) lines.push(band);
	if (chart.minutesRecorded === 0) lines.push('No prices were recorded in this window.');
	else if (chart.minutesRecorded < chart.minutesSpanned) {
		lines.push(
			`Prices were recorded for ${formatAmount(String(chart.minutesRecorded))} of its ${formatAmount(String(chart.minutesSpanned))} minutes; gaps are left as gaps.`,
		);
	}
	const warnings = missingFillWarnings(chart.fillsMayBeMissing, ', so they are not marked');
	const file = new AttachmentBuilder(chart.png, { name: chart.fileName });
	const embed = new EmbedBuilder()
		.setColor(warnings.length > 0 ? colours.warn : colours.info)
		.setTitle(`${chart.symbol} · ${chart.windowLabel}`)
		.setDescription([...lines, ...warnings].join('\n'))
		.setImage(`attachment://${chart.fileName}`);
	return { embeds: [embed], files: [file] };
}
