import { AttachmentBuilder, type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import type { DeskChart } from '../../charts/chart-desk.js';
import { colours, formatAmount } from './format.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** /chart's answer: the picture, attached and shown in an embed, with what it marks in words beside it. */
export function renderChart(chart: DeskChart, whose: 'yours' | 'desk'): BaseMessageOptions {
	const marks = `${whose === 'yours' ? 'Your' : 'The desk’s'} fills: ${plural(chart.buys, 'buy')}, ${plural(chart.sells, 'sell')}.`;
	const lines = [marks];
	if (chart.unvalued > 0) {
		lines.push(
			`${plural(chart.unvalued, 'fill')} could not be valued in the desk’s currency: drawn at the smallest mark.`,
		);
	}
	if (chart.bandSize) {
		const base = chart.symbol.split('/')[0] ?? '';
		lines.push(`The band is the buy and sell price for ${formatAmount(chart.bandSize)} ${base}.`);
	}
	if (chart.minutesRecorded === 0) lines.push('No prices were recorded in this window.');
	else if (chart.minutesRecorded < chart.minutesSpanned) {
		lines.push(
			`Prices were recorded for ${formatAmount(String(chart.minutesRecorded))} of its ${formatAmount(String(chart.minutesSpanned))} minutes; gaps are left as gaps.`,
		);
	}
	const file = new AttachmentBuilder(chart.png, { name: chart.fileName });
	const embed = new EmbedBuilder()
		.setColor(colours.info)
		.setTitle(`${chart.symbol} · ${chart.windowLabel}`)
		.setDescription(lines.join('\n'))
		.setImage(`attachment://${chart.fileName}`);
	return { embeds: [embed], files: [file] };
}
