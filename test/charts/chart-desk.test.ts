import type Database from 'better-sqlite3';
import { Decimal } from 'decimal.js';
import { EmbedBuilder } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ChartDesk } from '../../src/charts/chart-desk.js';
import type { ChartInput, RenderedChart } from '../../src/charts/chart-input.js';
import { bucketMsFor, gapsIn, lineWithGaps } from '../../src/charts/chart-series.js';
import type { MinuteBar } from '../../src/charts/minute-bar.js';
import { sizeBand } from '../../src/charts/size-band.js';
import { renderChart } from '../../src/discord/render/chart.js';
import { openDatabase } from '../../src/store/database.js';
import { PriceBarRepository } from '../../src/store/price-bars.js';
import type { Order } from '../../src/zerocap/domain.js';
import { orderOf, pagingBroker, tradeOf } from '../desk/blotter-fixtures.js';
import { d } from '../support/decimals.js';
import { barsOf, sampleLadders } from './sample-market.js';

/** /chart's desk side: what it reads from the store, what it hands the renderer, and what the reply says. */

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
/** A minute boundary; the tests' clocks stand a few seconds after one. */
const boundary = Date.UTC(2026, 0, 5, 3, 0);

const opened: Database.Database[] = [];
afterEach(() => {
	for (const database of opened.splice(0)) database.close();
});

/** Records what it was asked to draw instead of drawing it: the picture itself is render-chart.test.ts's. */
class RecordingRenderer {
	readonly inputs: ChartInput[] = [];
	async render(input: ChartInput): Promise<RenderedChart> {
		this.inputs.push(input);
		const layout = { width: 1, height: 1, area: { left: 0, right: 1, top: 0, bottom: 1 }, x: { min: 0, max: 1 } };
		return { png: Buffer.from('not a picture'), layout: { ...layout, y: { min: 0, max: 1 } } };
	}
	async close(): Promise<void> {}
	get last(): ChartInput {
		const input = this.inputs.at(-1);
		if (!input) throw new Error('nothing was drawn');
		return input;
	}
}

function deskAt(now: number, bars: readonly MinuteBar[], orders: readonly Order[] = [], unreadable = 0) {
	const database = openDatabase(':memory:');
	opened.push(database);
	const repository = new PriceBarRepository(database);
	repository.write(bars);
	const renderer = new RecordingRenderer();
	const desk = new ChartDesk({
		bars: repository,
		fetchOrders: pagingBroker(orders, { unreadable }).fetchOrders,
		ticketOwner: (clientOrderId) => (clientOrderId.startsWith('ticket-') ? 'trader-1' : undefined),
		renderer,
		rates: {
			ladders: { latestLadder: () => undefined },
			symbols: ['BTC/AUD'],
			staleAfterMs: 10_000,
			deskCurrency: 'AUD',
		},
		timeZone: 'Australia/Sydney',
		lookbackMs: day,
		atTimeWithinMs: 5 * minute,
		now: () => now,
	});
	return { desk, renderer, repository };
}

/** BTC/AUD as the recorder would have stored it: a ladder every 10 s, each minute closed and written. */
function recorded(from: number, to: number, outages: { from: number; to: number }[] = []): MinuteBar[] {
	return barsOf(
		sampleLadders({ symbol: 'BTC/AUD', start: from, end: to, everyMs: 10_000, seed: 11, startMid: 150_000, outages }),
		to,
	);
}

async function chartText(desk: ChartDesk, options: { window?: string; size?: string } = {}) {
	const chart = await desk.chart({ symbol: 'BTC/AUD', person: 'someone', ...options });
	if (!chart.ok) throw new Error(chart.refusal);
	const embed = renderChart(chart.value, 'desk').embeds?.[0];
	const text = embed instanceof EmbedBuilder ? (embed.data.description ?? '') : '';
	return { chart: chart.value, text };
}

describe('the minutes a chart says were recorded', () => {
	it('finds no gap in a stream that never stopped', async () => {
		// 30 s into a minute: every minute before this one is closed and written.
		const now = boundary + 30_000;
		const { desk } = deskAt(now, recorded(boundary - 2 * hour, boundary));
		const { chart, text } = await chartText(desk, { window: '1h' });
		// The window's first minute is only partly inside it and the one still open is not a bar yet: 59 whole ones.
		expect([chart.minutesRecorded, chart.minutesSpanned]).toEqual([59, 59]);
		expect(text).not.toMatch(/Prices were recorded for/);
	});

	it('counts the minutes of an outage, and not the minute closed so lately that it is not written yet', async () => {
		// 10 s into a minute: the minute just ended waits out the recorder's grace and its next batch.
		const now = boundary + 10_000;
		const outage = { from: boundary - 30 * minute, to: boundary - 20 * minute };
		const { desk } = deskAt(now, recorded(boundary - 2 * hour, boundary - minute, [outage]));
		const { text } = await chartText(desk, { window: '1h' });
		expect(text).toContain('Prices were recorded for 48 of its 58 minutes; gaps are left as gaps.');
	});
});

describe('the buy/sell band', () => {
	it('says the dealer does not quote a size past the largest tier, and draws no band for it', async () => {
		const now = boundary + 30_000;
		const { desk, renderer } = deskAt(now, recorded(boundary - 2 * hour, boundary));
		const { text } = await chartText(desk, { window: '1h', size: '50' });
		expect(text).toContain('The dealer’s ladder does not quote 50 BTC, so no band is drawn.');
		expect(text).not.toMatch(/The band is/);
		expect(renderer.last.sizeBand).toBeUndefined();
	});

	it('names the size it draws when the ladder quotes it', async () => {
		const now = boundary + 30_000;
		const { desk, renderer } = deskAt(now, recorded(boundary - 2 * hour, boundary));
		const { text } = await chartText(desk, { window: '1h', size: '2' });
		expect(text).toContain('The band is the buy and sell price for 2 BTC.');
		expect(renderer.last.sizeBand?.points.every((point) => point.buy !== undefined)).toBe(true);
	});
});

describe('fills the chart may be missing', () => {
	const now = boundary + 30_000;
	const bars = () => recorded(boundary - 2 * hour, boundary);
	const filled = (id: string, amount: string, filledAmount?: string) =>
		orderOf(
			id,
			`ticket-${id}`,
			now - 10 * minute,
			[tradeOf(`trade-${id}`, id, 'BTC/AUD', 'buy', amount, '150000', now - 10 * minute)],
			filledAmount,
		);

	it('says so when the broker sent an order it could not read', async () => {
		const { desk } = deskAt(now, bars(), [filled('o1', '0.1')], 1);
		const { text } = await chartText(desk, { window: '1h' });
		expect(text).toMatch(/^The desk’s fills: 1 buy, 0 sells\./);
		expect(text).toContain('⚠ 1 order(s) from the broker could not be read: their fills may be missing.');
	});

	it('says so when an order reports more filled than its trades add up to', async () => {
		const { desk } = deskAt(now, bars(), [filled('o1', '0.1', '0.3')]);
		const { text } = await chartText(desk, { window: '1h' });
		expect(text).toContain(
			'⚠ 1 order(s) report more filled than their trades add up to: some fills may be missing (o1).',
		);
	});

	it('says nothing of the kind when every order was read whole', async () => {
		const { desk } = deskAt(now, bars(), [filled('o1', '0.1', '0.1')]);
		const { text } = await chartText(desk, { window: '1h' });
		expect(text).not.toMatch(/⚠/);
	});
});

/** One bar per minute, cheap to make in bulk: the mid walks by whole dollars and the ladder has 1 and 5 BTC tiers. */
function plainBars(from: number, to: number, skip: { from: number; to: number }): MinuteBar[] {
	const bars: MinuteBar[] = [];
	for (let at = from, step = 0; at < to; at += minute, step++) {
		if (at >= skip.from && at < skip.to) continue;
		const mid = 150_000 + ((step * 7) % 200) - 100;
		const tiers = (offset: number) => [
			{ price: d(String(mid + offset)), quantity: d('1') },
			{ price: d(String(mid + 3 * offset)), quantity: d('5') },
		];
		const close = d(String(mid));
		bars.push({
			symbol: 'BTC/AUD',
			minute: at,
			open: close,
			high: close,
			low: close,
			close,
			buy: d(String(mid + 10)),
			sell: d(String(mid - 10)),
			ladders: 6,
			closingTiers: { buyTiers: tiers(10), sellTiers: tiers(-10) },
		});
	}
	return bars;
}

describe('a long window', () => {
	it('hands the renderer one bar per plotted bucket, drawing the same lines, band and gaps as every minute would', async () => {
		const now = boundary + 30_000;
		const start = now - 30 * day;
		const outage = { from: boundary - 10 * day, to: boundary - 10 * day + 6 * hour };
		const all = plainBars(boundary - 31 * day, boundary, outage);
		const { desk, renderer } = deskAt(now, all);
		const { chart } = await chartText(desk, { window: '30d', size: '2' });
		const input = renderer.last;
		const bucketMs = bucketMsFor(start, now);
		const inWindow = all.filter((bar) => bar.minute >= start && bar.minute < now);
		expect(input.bars.length).toBeLessThanOrEqual(Math.ceil((30 * day) / bucketMs) + 1);
		const line = (bars: readonly { minute: number; close: string }[]) =>
			lineWithGaps(
				bars.map((bar) => ({ minute: bar.minute, value: Number(bar.close) })),
				bucketMs,
			);
		expect(line(input.bars)).toEqual(line(inWindow));
		expect(gapsIn(input.bars, start, now, bucketMs)).toEqual(gapsIn(inWindow, start, now, bucketMs));
		expect(gapsIn(input.bars, start, now, bucketMs)).toHaveLength(1);
		const edge = (points: NonNullable<ChartInput['sizeBand']>['points'], side: 'buy' | 'sell') =>
			lineWithGaps(
				points.map((point) => ({
					minute: point.minute,
					value: point[side] === undefined ? undefined : Number(point[side]),
				})),
				bucketMs,
			);
		const everyMinute = sizeBand(inWindow, new Decimal(2)).points;
		expect(edge(input.sizeBand?.points ?? [], 'buy')).toEqual(edge(everyMinute, 'buy'));
		expect(edge(input.sizeBand?.points ?? [], 'sell')).toEqual(edge(everyMinute, 'sell'));
		expect(chart.minutesRecorded).toBe(inWindow.length);
		expect(chart.minutesSpanned).toBe(30 * 24 * 60 - 1);
	});
});
