import { Decimal } from 'decimal.js';
import type { ChartInput } from '../../src/charts/chart-input.js';
import type { MinuteBar } from '../../src/charts/minute-bar.js';
import { MinuteBarAggregator } from '../../src/charts/minute-bars.js';
import { sizeBand, vwapOf } from '../../src/charts/size-band.js';
import { seededRandom } from '../../src/sandbox/random.js';
import { type DecimalString, toDecimalString } from '../../src/zerocap/decimal-string.js';
import type { Ladder, LadderTier } from '../../src/zerocap/domain.js';

/** Deterministic market data for the chart's tests, bench and sample pictures: a seeded walk, no clock, no I/O. */

function decimal(value: Decimal, places: number): DecimalString {
	const text = toDecimalString(value.toFixed(places));
	if (text === undefined) throw new Error('not a decimal');
	return text;
}

const tierSizes = ['0.5', '2', '10'];

function tiers(mid: Decimal, side: 'buy' | 'sell', halfSpreadBps: number): LadderTier[] {
	return tierSizes.map((quantity, index) => {
		const bps = new Decimal(halfSpreadBps * (1 + index * 0.8)).dividedBy(10_000);
		const price = side === 'buy' ? mid.times(bps.plus(1)) : mid.times(new Decimal(1).minus(bps));
		return { price: decimal(price, 2), quantity: decimal(new Decimal(quantity), 1) };
	});
}

export interface SampleOptions {
	readonly symbol: string;
	readonly start: number;
	readonly end: number;
	readonly everyMs: number;
	readonly seed: number;
	readonly startMid: number;
	/** Stretches with no ladder at all, as when the stream was down. */
	readonly outages?: readonly { readonly from: number; readonly to: number }[];
}

export function sampleLadders(options: SampleOptions): Ladder[] {
	const random = seededRandom(options.seed);
	const ladders: Ladder[] = [];
	let mid = options.startMid;
	for (let at = options.start; at < options.end; at += options.everyMs) {
		mid *= 1 + (random() - 0.5) * 0.0008 * Math.sqrt(options.everyMs / 5_000) + Math.sin(at / 9_000_000) * 0.000012;
		if (options.outages?.some((outage) => at >= outage.from && at < outage.to)) continue;
		const value = new Decimal(mid.toFixed(2));
		const halfSpread = 4 + random() * 3;
		ladders.push({
			symbol: options.symbol,
			timestamp: at + Math.floor(random() * 400),
			buyTiers: tiers(value, 'buy', halfSpread),
			sellTiers: tiers(value, 'sell', halfSpread),
		});
	}
	return ladders;
}

export function barsOf(ladders: readonly Ladder[], end: number): MinuteBar[] {
	const aggregator = new MinuteBarAggregator();
	for (const ladder of ladders) aggregator.add(ladder);
	aggregator.closeUpTo(end);
	return aggregator.drain();
}

/** Fills at random minutes that have a bar, priced inside the minute's quote. */
export function sampleFills(bars: readonly MinuteBar[], count: number, seed: number): ChartInput['fills'] {
	const random = seededRandom(seed);
	const fills: ChartInput['fills'] = [];
	for (let index = 0; index < count && bars.length > 0; index++) {
		const bar = bars[Math.floor(random() * bars.length)] ?? bars[0];
		if (!bar) break;
		const side = random() < 0.55 ? 'buy' : 'sell';
		const price = new Decimal(side === 'buy' ? bar.buy : bar.sell);
		const amount = new Decimal((0.05 + random() ** 3 * 6).toFixed(4));
		fills.push({
			at: bar.minute + Math.floor(random() * 60_000),
			side,
			price: price.toFixed(2),
			amount: amount.toFixed(),
			valueInDeskCurrency: price.times(amount).toFixed(2),
		});
	}
	return fills.sort((a, b) => a.at - b.at);
}

export interface SampleChart {
	readonly input: ChartInput;
	readonly bars: MinuteBar[];
}

export function sampleChart(options: SampleOptions & { fills: number; size?: string; asOf?: number }): SampleChart {
	const bars = barsOf(sampleLadders(options), options.end);
	const fills = sampleFills(bars, options.fills, options.seed + 1);
	return {
		bars,
		input: {
			symbol: options.symbol,
			windowStart: options.start,
			windowEnd: options.end,
			asOf: options.asOf ?? options.end,
			timeZone: 'Australia/Sydney',
			deskCurrency: 'AUD',
			bars: bars.map((bar) => ({ minute: bar.minute, close: bar.close })),
			sizeBand: options.size === undefined ? undefined : sizeBand(bars, new Decimal(options.size)),
			fills,
			vwap: { buy: vwapOf(fills, 'buy'), sell: vwapOf(fills, 'sell') },
		},
	};
}

/** 24 hours of BTC/AUD to 2 Dec 2025 14:00 AEDT, with a 40-minute outage and 200 fills. */
export function busyDay(): SampleChart {
	const end = Date.UTC(2025, 11, 2, 3, 0);
	const start = end - 24 * 3_600_000;
	return sampleChart({
		symbol: 'BTC/AUD',
		start,
		end,
		everyMs: 5_000,
		seed: 15,
		startMid: 152_340,
		outages: [{ from: start + 9 * 3_600_000, to: start + 9 * 3_600_000 + 40 * 60_000 }],
		fills: 200,
		size: '2',
	});
}

/** One hour of ETH/AUD with two fills and a 6-minute outage. */
export function quietHour(): SampleChart {
	const end = Date.UTC(2025, 11, 2, 3, 0);
	const start = end - 3_600_000;
	return sampleChart({
		symbol: 'ETH/AUD',
		start,
		end,
		everyMs: 2_000,
		seed: 7,
		startMid: 5_412.3,
		outages: [{ from: start + 31 * 60_000, to: start + 37 * 60_000 }],
		fills: 2,
		size: '2',
		asOf: end + 4_000,
	});
}
