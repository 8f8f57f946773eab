import { createCanvas } from '@napi-rs/canvas';
import {
	Chart,
	type ChartConfiguration,
	type ChartDataset,
	type LegendItem,
	type Plugin,
	registerables,
} from 'chart.js';
import { Decimal } from 'decimal.js';
import { groupDigits } from '../desk/money.js';
import { registerChartFonts } from './chart-fonts.js';
import type { ChartInput, ChartLayout, RenderedChart } from './chart-input.js';
import { bucketMsFor, gapsIn, type LinePoint, lineWithGaps, markRadii } from './chart-series.js';
import { chartTheme as theme } from './chart-theme.js';
import { chartDateTime, tickLabel, timeTicks, windowLength, zoneNamesOver } from './time-axis.js';

Chart.register(...registerables);

/** Decimals that tell neighbouring ticks apart: 2 for a step of 0.5, 0 for a step of 500. */
function decimalsFor(step: number): number {
	if (!(step > 0)) return 2;
	return Math.min(8, Math.max(0, Math.ceil(-Math.log10(step)) + (step < 1 ? 1 : 0)));
}

function price(value: number, decimals: number): string {
	return groupDigits(value.toFixed(decimals));
}

function exactPrice(text: string, decimals: number): string {
	return groupDigits(new Decimal(text).toFixed(decimals));
}

function quoteCurrency(symbol: string): string | undefined {
	const [, quote] = symbol.split('/');
	return quote;
}

/** "Tue 2 Dec 13:00 – 14:00 AEDT", or with both dates when the window spans days. */
function windowRange(start: number, end: number, timeZone: string): string {
	const day = (at: number) =>
		new Intl.DateTimeFormat('en-AU', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(at);
	const clock = (at: number) =>
		new Intl.DateTimeFormat('en-AU', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
	const zone = zoneNamesOver(start, end, timeZone);
	return day(start) === day(end)
		? `${day(start)} ${clock(start)} – ${clock(end)} ${zone}`
		: `${day(start)} ${clock(start)} – ${day(end)} ${clock(end)} ${zone}`;
}

function yRange(input: ChartInput): { min: number; max: number } {
	const values = [
		...input.bars.map((bar) => Number(bar.close)),
		...(input.sizeBand?.points ?? []).flatMap((point) => [point.buy, point.sell]).map(Number),
		...input.fills.map((fill) => Number(fill.price)),
		...[input.vwap.buy, input.vwap.sell].map(Number),
	].filter((value) => Number.isFinite(value));
	if (values.length === 0) return { min: 0, max: 1 };
	const low = Math.min(...values);
	const high = Math.max(...values);
	const pad = high > low ? (high - low) * 0.08 : Math.abs(high) * 0.001 || 1;
	return { min: low - pad, max: high + pad };
}

const backgroundPlugin: Plugin<'line'> = {
	id: 'deskBackground',
	beforeDraw(chart) {
		const { ctx, width, height } = chart;
		ctx.save();
		ctx.fillStyle = theme.background;
		ctx.fillRect(0, 0, width, height);
		ctx.strokeStyle = theme.border;
		ctx.lineWidth = 2;
		ctx.strokeRect(1, 1, width - 2, height - 2);
		ctx.restore();
	},
};

/** Shades the stretches with no prices and says so, so that a gap reads as "no data", not as a flat market. */
function gapPlugin(gaps: readonly { from: number; to: number }[], empty: boolean): Plugin<'line'> {
	return {
		id: 'deskGaps',
		beforeDatasetsDraw(chart) {
			const { ctx, chartArea: area, scales } = chart;
			const x = scales.x;
			if (!x) return;
			ctx.save();
			ctx.textAlign = 'center';
			ctx.textBaseline = 'top';
			for (const gap of gaps) {
				const left = x.getPixelForValue(gap.from);
				const right = x.getPixelForValue(gap.to);
				ctx.fillStyle = theme.gapFill;
				ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
				if (!empty && right - left > 90) {
					ctx.fillStyle = theme.mutedText;
					ctx.font = `${theme.fontSizes.ticks}px "${theme.fontFamily}"`;
					ctx.fillText('no prices', (left + right) / 2, area.top + 10);
				}
			}
			if (empty) {
				ctx.fillStyle = theme.mutedText;
				ctx.font = `${theme.fontSizes.note}px "${theme.fontFamily}"`;
				ctx.textBaseline = 'middle';
				ctx.fillText(
					'No prices were recorded in this window',
					(area.left + area.right) / 2,
					(area.top + area.bottom) / 2,
				);
			}
			ctx.restore();
		},
	};
}

type Dataset = ChartDataset<'line', LinePoint[]>;

/** Lines show as short lines in the legend (dashed for the VWAPs), the band as a swatch, fills as their marks. */
function legendItems(chart: Chart<'line', LinePoint[]>): LegendItem[] {
	const items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
	return items.map((item) => {
		const dataset = item.datasetIndex === undefined ? undefined : chart.data.datasets[item.datasetIndex];
		if (!dataset || dataset.showLine === false) return item;
		if (dataset.fill) return { ...item, pointStyle: 'rect', fillStyle: theme.bandFill, strokeStyle: theme.bandEdge };
		return { ...item, pointStyle: 'line', lineWidth: 4 };
	});
}

function lineDataset(label: string, data: LinePoint[], colour: string, extra: Partial<Dataset> = {}): Dataset {
	// A point with no neighbour draws no line: it gets a dot so that a lone minute still shows.
	const radius = data.map((point, index) =>
		point.y !== null && (data[index - 1]?.y ?? null) === null && (data[index + 1]?.y ?? null) === null ? 2.5 : 0,
	);
	return {
		label,
		data,
		borderColor: colour,
		backgroundColor: colour,
		borderWidth: 2,
		pointRadius: radius,
		pointHoverRadius: 0,
		spanGaps: false,
		tension: 0,
		fill: false,
		...extra,
	};
}

function fillDataset(
	input: ChartInput,
	side: 'buy' | 'sell',
	radii: Map<ChartInput['fills'][number], number>,
): Dataset {
	const fills = input.fills.filter((fill) => fill.side === side);
	const buy = side === 'buy';
	return {
		label: `${buy ? 'Buys' : 'Sells'} (${fills.length})`,
		data: fills.map((fill) => ({ x: fill.at, y: Number(fill.price) })),
		showLine: false,
		pointStyle: 'triangle',
		pointRotation: buy ? 0 : 180,
		pointRadius: fills.map((fill) => radii.get(fill) ?? theme.markRadius.min),
		pointBackgroundColor: buy ? theme.buy : theme.sell,
		pointBorderColor: buy ? theme.buyOutline : theme.sellOutline,
		backgroundColor: buy ? theme.buy : theme.sell,
		borderColor: buy ? theme.buyOutline : theme.sellOutline,
		pointBorderWidth: 1.5,
		// A fill made just now sits on the plot's edge: its mark is drawn whole, not cut in half.
		clip: false,
		order: 0,
	};
}

function datasets(input: ChartInput, decimals: number): Dataset[] {
	const bucketMs = bucketMsFor(input.windowStart, input.windowEnd);
	const mid = lineWithGaps(
		input.bars.map((bar) => ({ minute: bar.minute, value: Number(bar.close) })),
		bucketMs,
	);
	const sets: Dataset[] = [lineDataset('Mid', mid, theme.mid, { order: 2 })];
	const band = input.sizeBand;
	if (band) {
		const edge = (side: 'buy' | 'sell') =>
			lineWithGaps(
				band.points.map((point) => ({
					minute: point.minute,
					value: point[side] === undefined ? undefined : Number(point[side]),
				})),
				bucketMs,
			);
		const base = input.symbol.split('/')[0] ?? '';
		const size = `${groupDigits(band.size)} ${base}`.trim();
		sets.push(
			lineDataset('band-sell', edge('sell'), theme.bandEdge, { borderWidth: 1, order: 4 }),
			lineDataset(`Buy/sell for ${size}`, edge('buy'), theme.bandEdge, {
				borderWidth: 1,
				order: 3,
				fill: { target: '-1' },
				backgroundColor: theme.bandFill,
			}),
		);
	}
	const vwapLine = (label: string, value: string | undefined, colour: string) => {
		if (value === undefined) return;
		const y = Number(value);
		sets.push(
			lineDataset(
				`${label} ${exactPrice(value, Math.max(decimals, 2))}`,
				[
					{ x: input.windowStart, y },
					{ x: input.windowEnd, y },
				],
				colour,
				{ borderDash: [10, 6], borderWidth: 2, order: 1, pointRadius: 0 },
			),
		);
	};
	vwapLine('Buy VWAP', input.vwap.buy, theme.buyVwap);
	vwapLine('Sell VWAP', input.vwap.sell, theme.sellVwap);
	const radii = markRadii(
		input.fills.map((fill) => Number(fill.valueInDeskCurrency)),
		theme.markRadius.min,
		theme.markRadius.max,
	);
	const radiusOf = new Map(input.fills.map((fill, index) => [fill, radii[index] ?? theme.markRadius.min]));
	sets.push(fillDataset(input, 'buy', radiusOf), fillDataset(input, 'sell', radiusOf));
	return sets;
}

function configuration(input: ChartInput): ChartConfiguration<'line', LinePoint[]> {
	const { min, max } = yRange(input);
	const decimals = decimalsFor((max - min) / 6);
	const ticks = timeTicks(input.windowStart, input.windowEnd, input.timeZone);
	const bucketMs = bucketMsFor(input.windowStart, input.windowEnd);
	const font = (size: number, weight?: 'bold') => ({ family: theme.fontFamily, size, weight });
	const quote = quoteCurrency(input.symbol);
	return {
		type: 'line',
		data: { datasets: datasets(input, decimals) },
		options: {
			responsive: false,
			animation: false,
			devicePixelRatio: 1,
			events: [],
			color: theme.text,
			font: font(theme.fontSizes.ticks),
			layout: { padding: { left: 48, right: 16, top: 8, bottom: 12 } },
			scales: {
				x: {
					type: 'linear',
					min: input.windowStart,
					max: input.windowEnd,
					afterBuildTicks: (scale) => {
						scale.ticks = ticks.map((value) => ({ value }));
					},
					ticks: {
						color: theme.text,
						font: font(theme.fontSizes.ticks),
						maxRotation: 0,
						align: 'inner',
						callback: (value) => tickLabel(Number(value), ticks, input.timeZone),
					},
					grid: { color: theme.grid },
					border: { color: theme.border },
					title: {
						display: true,
						text: `Time (${zoneNamesOver(input.windowStart, input.windowEnd, input.timeZone)})`,
						color: theme.mutedText,
						font: font(theme.fontSizes.axisTitle),
					},
				},
				y: {
					type: 'linear',
					position: 'right',
					suggestedMin: min,
					suggestedMax: max,
					ticks: {
						color: theme.text,
						font: font(theme.fontSizes.ticks),
						maxTicksLimit: 8,
						callback: (value, _index, all) => {
							const step = Math.abs((all[1]?.value ?? 0) - (all[0]?.value ?? 0));
							return price(Number(value), decimalsFor(step));
						},
					},
					grid: { color: theme.grid },
					border: { color: theme.border },
					title: {
						display: quote !== undefined,
						text: `Price (${quote ?? ''})`,
						color: theme.mutedText,
						font: font(theme.fontSizes.axisTitle),
					},
				},
			},
			plugins: {
				title: {
					display: true,
					text: `${input.symbol} · ${windowLength(input.windowStart, input.windowEnd)} · ${windowRange(input.windowStart, input.windowEnd, input.timeZone)}`,
					color: theme.text,
					font: font(theme.fontSizes.title, 'bold'),
					align: 'start',
					padding: { top: 6, bottom: 4 },
				},
				subtitle: {
					display: true,
					text: `as of ${chartDateTime(input.asOf, input.timeZone)} · marks sized by value in ${input.deskCurrency}`,
					color: theme.mutedText,
					font: font(theme.fontSizes.subtitle),
					align: 'start',
					padding: { bottom: 8 },
				},
				legend: {
					display: true,
					align: 'start',
					labels: {
						color: theme.text,
						font: font(theme.fontSizes.legend),
						usePointStyle: true,
						boxHeight: 14,
						padding: 18,
						filter: (item) => item.text !== 'band-sell',
						generateLabels: legendItems,
					},
				},
				tooltip: { enabled: false },
				decimation: { enabled: false },
			},
		},
		plugins: [
			backgroundPlugin,
			gapPlugin(gapsIn(input.bars, input.windowStart, input.windowEnd, bucketMs), input.bars.length === 0),
		],
	};
}

/**
 * Draws one chart: the mid with its gaps, the buy/sell band for a size, the desk's fills by side sized by value,
 * the VWAP of buys and sells, the time axis in the desk's zone. Synchronous and CPU-bound: the bot calls it through
 * the render worker (`chart-renderer.ts`), never on its own event loop.
 */
export function renderChart(input: ChartInput): RenderedChart {
	registerChartFonts();
	const canvas = createCanvas(theme.width, theme.height);
	// chart.js draws on any 2D context; its types name the DOM's, which this Node project does not load.
	const chart = new Chart(canvas.getContext('2d'), configuration(input));
	try {
		const { chartArea, scales } = chart;
		const layout: ChartLayout = {
			width: theme.width,
			height: theme.height,
			area: { left: chartArea.left, right: chartArea.right, top: chartArea.top, bottom: chartArea.bottom },
			x: { min: scales.x?.min ?? input.windowStart, max: scales.x?.max ?? input.windowEnd },
			y: { min: scales.y?.min ?? 0, max: scales.y?.max ?? 1 },
		};
		return { png: canvas.toBuffer('image/png'), layout };
	} finally {
		chart.destroy();
	}
}
