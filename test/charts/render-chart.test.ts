import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChartInput, chartScale, type RenderedChart } from '../../src/charts/chart-input.js';
import { ChartRenderError, ChartRenderer } from '../../src/charts/chart-renderer.js';
import { chartTheme } from '../../src/charts/chart-theme.js';
import { renderChart } from '../../src/charts/render-chart.js';

const end = Date.UTC(2025, 11, 2, 3, 0);
const start = end - 3_600_000;
const minute = 60_000;
/** Prices in the hour: minutes 0–19 and 40–59, nothing from 20 to 39 (the stream was down). */
const gap = { from: start + 20 * minute, to: start + 40 * minute };
const bars = Array.from({ length: 60 }, (_, index) => ({
	minute: start + index * minute,
	close: (100 + Math.sin(index / 5) * 2).toFixed(2),
})).filter((bar) => bar.minute < gap.from || bar.minute >= gap.to);
const buy = { at: start + 10 * minute, side: 'buy', price: '103.50', amount: '2', valueInDeskCurrency: '207' } as const;
const sell = {
	at: start + 50 * minute,
	side: 'sell',
	price: '96.50',
	amount: '1',
	valueInDeskCurrency: '96.5',
} as const;

const input: ChartInput = {
	symbol: 'BTC/AUD',
	windowStart: start,
	windowEnd: end,
	asOf: end,
	timeZone: 'Australia/Sydney',
	deskCurrency: 'AUD',
	bars,
	fills: [buy, sell],
	vwap: {},
};

function hex(colour: string): [number, number, number] {
	return [1, 3, 5].map((offset) => Number.parseInt(colour.slice(offset, offset + 2), 16)) as [number, number, number];
}

async function pixels(chart: RenderedChart) {
	const image = await loadImage(chart.png);
	const canvas = createCanvas(image.width, image.height);
	const context = canvas.getContext('2d');
	context.drawImage(image, 0, 0);
	const data = context.getImageData(0, 0, image.width, image.height).data;
	return {
		near(colour: string, x: number, y: number, radius: number): boolean {
			const [r, g, b] = hex(colour);
			for (let dy = -radius; dy <= radius; dy++) {
				for (let dx = -radius; dx <= radius; dx++) {
					const at = (Math.round(y + dy) * image.width + Math.round(x + dx)) * 4;
					const distance =
						Math.abs((data[at] ?? 0) - r) + Math.abs((data[at + 1] ?? 0) - g) + Math.abs((data[at + 2] ?? 0) - b);
					if (distance < 24) return true;
				}
			}
			return false;
		},
	};
}

const renderer = new ChartRenderer();
afterAll(() => renderer.close());

describe('the chart picture', () => {
	const chart = renderChart(input);

	it('is a PNG of the designed size', () => {
		expect(chart.png.subarray(1, 4).toString('latin1')).toBe('PNG');
		expect(chart.png.readUInt32BE(16)).toBe(chartTheme.width);
		expect(chart.png.readUInt32BE(20)).toBe(chartTheme.height);
		expect([chart.layout.width, chart.layout.height]).toEqual([1200, 675]);
	});

	it('marks each fill where it happened, in its side’s colour', async () => {
		const image = await pixels(chart);
		const scale = chartScale(chart.layout);
		const buyAt = { x: scale.x(buy.at), y: scale.y(Number(buy.price)) };
		const sellAt = { x: scale.x(sell.at), y: scale.y(Number(sell.price)) };
		expect(image.near(chartTheme.buy, buyAt.x, buyAt.y, 3)).toBe(true);
		expect(image.near(chartTheme.sell, sellAt.x, sellAt.y, 3)).toBe(true);
		expect(image.near(chartTheme.sell, buyAt.x, buyAt.y, 12)).toBe(false);
		expect(image.near(chartTheme.buy, sellAt.x, sellAt.y, 12)).toBe(false);
	});

	it('breaks the mid line over a gap instead of drawing across it', async () => {
		const image = await pixels(chart);
		const { area } = chart.layout;
		const scale = chartScale(chart.layout);
		const midLineIn = (at: number) => {
			for (let y = area.top + 1; y < area.bottom - 1; y += 1)
				if (image.near(chartTheme.mid, scale.x(at), y, 0)) return true;
			return false;
		};
		expect(midLineIn(start + 10.5 * minute)).toBe(true);
		expect(midLineIn(start + 50.5 * minute)).toBe(true);
		for (const at of [gap.from + 2 * minute, (gap.from + gap.to) / 2, gap.to - 2 * minute])
			expect(midLineIn(at)).toBe(false);
	});

	it('draws the same picture on the worker thread as on this one, without blocking this one', async () => {
		const fromWorker = await renderer.render(input);
		expect(fromWorker.layout).toEqual(chart.layout);
		expect(fromWorker.png.equals(chart.png)).toBe(true);
	});

	it('answers a refused input with an error and keeps serving', async () => {
		await expect(renderer.render({ ...input, timeZone: 'Mars/Olympus' })).rejects.toThrow(ChartRenderError);
		await expect(renderer.render(input)).resolves.toMatchObject({ layout: chart.layout });
	});

	it('refuses renders once closed', async () => {
		const closing = new ChartRenderer();
		const pending = closing.render(input);
		await closing.close();
		await expect(pending).resolves.toMatchObject({ layout: chart.layout });
		await expect(closing.render(input)).rejects.toThrow(/shutting down/);
	});

	it('draws an empty window as a sentence, not as nothing', () => {
		const empty = renderChart({ ...input, bars: [], fills: [] });
		expect(empty.png.readUInt32BE(16)).toBe(1200);
	});
});
