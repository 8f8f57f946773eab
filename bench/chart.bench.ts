import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCanvas } from '@napi-rs/canvas';
import { Decimal } from 'decimal.js';
import { ChartDesk } from '../src/charts/chart-desk.js';
import type { ChartInput } from '../src/charts/chart-input.js';
import { ChartRenderer } from '../src/charts/chart-renderer.js';
import { chartTheme } from '../src/charts/chart-theme.js';
import { sizeBand } from '../src/charts/size-band.js';
import { readWindowPrices } from '../src/charts/window-prices.js';
import { openDatabase } from '../src/store/database.js';
import { PriceBarRepository } from '../src/store/price-bars.js';
import { barsOf, busyDay, sampleLadders } from '../test/charts/sample-market.js';
import { orderOf, pagingBroker, tradeOf } from '../test/desk/blotter-fixtures.js';

/**
 * /chart as the bot draws it, through ChartDesk: the store read (one row per plotted bucket), the band, the fills
 * read from the broker's orders, and the picture drawn on the render worker, while the event loop's delay is
 * watched. A 24-hour window with 200 fills (the busy day), and a 30-day window over the same store. Beside each,
 * measured in this run: the old read of every minute with its band on the main thread (what the bucket read
 * spares the loop), the render alone on the worker, and encoding an empty canvas of the same size. Targets: p99
 * ≤ 150 ms for 24 h, loop stalls ≤ 20 ms for both.
 */

const minute = 60_000;
const day = 24 * 60 * minute;
const symbol = 'BTC/AUD';

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round((sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0) * 10) / 10;
}

function timed(times: number, work: () => unknown): number[] {
	const durations: number[] = [];
	for (let index = 0; index < times; index++) {
		const started = performance.now();
		work();
		durations.push(performance.now() - started);
	}
	return durations;
}

/** The busy day, after 29 quieter days of the same symbol (a ladder every 30 s), kept as the recorder keeps them. */
function thirtyDaysOfBars(busy: ReturnType<typeof busyDay>, end: number) {
	const busyStart = end - day;
	const before = barsOf(
		sampleLadders({
			symbol,
			start: end - 30 * day - minute,
			end: busyStart,
			everyMs: 30_000,
			seed: 3,
			startMid: 150_000,
		}),
		busyStart,
	);
	return [...before, ...busy.bars];
}

/** The busy day's fills as the broker's orders, each through one of the desk's tickets. */
function ordersOf(fills: ChartInput['fills']) {
	return fills.map((fill, index) =>
		orderOf(`order-${index}`, `ticket-${index}`, fill.at, [
			tradeOf(`trade-${index}`, `order-${index}`, symbol, fill.side, fill.amount, fill.price, fill.at),
		]),
	);
}

async function timedAsync(times: number, work: () => Promise<unknown>): Promise<number[]> {
	const durations: number[] = [];
	for (let index = 0; index < times; index++) {
		const started = performance.now();
		await work();
		durations.push(performance.now() - started);
	}
	return durations;
}

/** The loop's longest delay while nothing runs, for as long as `ms`: what the machine itself adds to any stall. */
async function idleLoopMaxMs(ms: number): Promise<number> {
	const loop = monitorEventLoopDelay({ resolution: 1 });
	loop.enable();
	await new Promise((resolve) => setTimeout(resolve, ms));
	loop.disable();
	return Math.round(loop.max / 1e5) / 10;
}

async function measureWindow<Baselines extends Record<string, number>>(
	desk: ChartDesk,
	windowText: '24h' | '30d',
	renders: number,
	baselines: Baselines,
	extra: { minutes: number; bars: number },
) {
	for (let index = 0; index < 3; index++) await desk.chart({ symbol, window: windowText, size: '2', person: 'bench' });
	const loop = monitorEventLoopDelay({ resolution: 1 });
	const latencies: number[] = [];
	let bytes = 0;
	let fills = 0;
	loop.enable();
	for (let index = 0; index < renders; index++) {
		const started = performance.now();
		const chart = await desk.chart({ symbol, window: windowText, size: '2', person: 'bench' });
		latencies.push(performance.now() - started);
		if (!chart.ok) throw new Error(chart.refusal);
		bytes = chart.value.png.length;
		fills = chart.value.buys + chart.value.sells;
	}
	loop.disable();
	return {
		bench: 'chart',
		window: windowText,
		fills,
		minutes: extra.minutes,
		bars: extra.bars,
		renders,
		p50Ms: percentile(latencies, 50),
		p99Ms: percentile(latencies, 99),
		eventLoopMaxMs: Math.round(loop.max / 1e5) / 10,
		eventLoopP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
		pngBytes: bytes,
		...baselines,
	};
}

export async function run(): Promise<void> {
	const busy = busyDay();
	const { input } = busy;
	const end = input.windowEnd;
	// 20 s into the minute after the busy day, as a trader asking for it then would.
	const now = end + 20_000;
	const database = openDatabase(':memory:');
	const repository = new PriceBarRepository(database);
	repository.write(thirtyDaysOfBars(busy, end));
	const renderer = new ChartRenderer();
	const desk = new ChartDesk({
		bars: repository,
		fetchOrders: pagingBroker(ordersOf(input.fills)).fetchOrders,
		ticketOwner: () => 'trader-1',
		renderer,
		rates: { ladders: { latestLadder: () => undefined }, symbols: [symbol], staleAfterMs: 10_000, deskCurrency: 'AUD' },
		timeZone: 'Australia/Sydney',
		lookbackMs: day,
		atTimeWithinMs: 5 * minute,
		now: () => now,
	});
	try {
		const emptyPng = timed(10, () => createCanvas(chartTheme.width, chartTheme.height).toBuffer('image/png'));
		await renderer.warm();
		for (let index = 0; index < 5; index++) await renderer.render(input);
		const renderOnly: number[] = [];
		// The loop's longest delay while only the worker draws: what a render costs the bot's thread on this machine.
		const renderOnlyLoop = monitorEventLoopDelay({ resolution: 1 });
		renderOnlyLoop.enable();
		for (let index = 0; index < 20; index++) {
			const started = performance.now();
			await renderer.render(input);
			renderOnly.push(performance.now() - started);
		}
		renderOnlyLoop.disable();
		const results = [];
		for (const [windowText, windowMs, renders] of [
			['24h', day, 40],
			['30d', 30 * day, 20],
		] as const) {
			const start = now - windowMs;
			// What each chart now reads, a slice per turn of the loop, and what it read before: every minute at once.
			const read = () =>
				readWindowPrices(repository, { symbol, start, end: now, size: new Decimal(2), writtenBy: now });
			const readAllMinutes = () => sizeBand(repository.read(symbol, start, now), new Decimal(2)).points.length;
			await timedAsync(3, read);
			timed(2, readAllMinutes);
			const baselines = {
				baselineIdleEventLoopMaxMs: await idleLoopMaxMs(3_000),
				storeReadTotalP50Ms: percentile(await timedAsync(10, read), 50),
				baselineAllMinutesReadP50Ms: percentile(timed(5, readAllMinutes), 50),
				baselineRenderOnlyP50Ms: percentile(renderOnly, 50),
				baselineRenderOnlyEventLoopMaxMs: Math.round(renderOnlyLoop.max / 1e5) / 10,
				baselineEmptyPngP50Ms: percentile(emptyPng, 50),
			};
			const minutes = repository.count(symbol, start, now);
			const bars = (await read()).bars.length;
			const result = await measureWindow(desk, windowText, renders, baselines, { minutes, bars });
			console.log(JSON.stringify(result));
			results.push(result);
		}
		const missed = results.flatMap((result) =>
			[
				result.window === '24h' && result.p99Ms > 150 ? `24h p99 ${result.p99Ms} ms > 150 ms` : undefined,
				result.eventLoopMaxMs > 20
					? `${result.window} event loop stalled ${result.eventLoopMaxMs} ms > 20 ms`
					: undefined,
			].filter((problem) => problem !== undefined),
		);
		if (missed.length > 0) {
			process.exitCode = 1;
			console.log(`chart: target missed: ${missed.join('; ')}`);
		}
		for (const result of results) {
			console.log(
				`chart: a ${result.window} chart (${result.minutes} minutes read as ${result.bars} bucket rows) with ${result.fills} fills in ${result.p50Ms} ms (p99 ${result.p99Ms} ms) through ChartDesk; the loop never stalled more than ${result.eventLoopMaxMs} ms; its store read and band take ${result.storeReadTotalP50Ms} ms in all, read a slice per turn of the loop, where reading every minute took ${result.baselineAllMinutesReadP50Ms} ms (the render alone: ${result.baselineRenderOnlyP50Ms} ms; encoding an empty canvas: ${result.baselineEmptyPngP50Ms} ms)`,
			);
		}
	} finally {
		await renderer.close();
		database.close();
	}
}
