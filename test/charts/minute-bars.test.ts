import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinuteBarAggregator } from '../../src/charts/minute-bars.js';
import { toDecimalString } from '../../src/zerocap/decimal-string.js';
import type { Ladder } from '../../src/zerocap/domain.js';

function price(value: number): NonNullable<ReturnType<typeof toDecimalString>> {
	const text = toDecimalString(value.toFixed(2));
	if (text === undefined) throw new Error('bad price');
	return text;
}

function ladder(symbol: string, timestamp: number, buy: number, sell: number): Ladder {
	return {
		symbol,
		timestamp,
		buyTiers: [
			{ price: price(buy), quantity: price(1) },
			{ price: price(buy + 5), quantity: price(10) },
		],
		sellTiers: [{ price: price(sell), quantity: price(1) }],
	};
}

/** The bars as a person would work them out: group by symbol and minute, then read each group in order. */
function barsByHand(ladders: readonly Ladder[]) {
	const groups = new Map<string, Ladder[]>();
	for (const item of ladders) {
		const key = `${item.symbol} ${Math.floor(item.timestamp / 60_000)}`;
		groups.set(key, [...(groups.get(key) ?? []), item]);
	}
	return [...groups.values()].map((group) => {
		const mids = group.map((item) =>
			new Decimal(item.buyTiers[0]?.price ?? 0).plus(item.sellTiers[0]?.price ?? 0).dividedBy(2),
		);
		const last = group[group.length - 1];
		return {
			symbol: last?.symbol,
			minute: Math.floor((last?.timestamp ?? 0) / 60_000) * 60_000,
			open: mids[0]?.toFixed(),
			high: Decimal.max(...mids).toFixed(),
			low: Decimal.min(...mids).toFixed(),
			close: mids[mids.length - 1]?.toFixed(),
			buy: last?.buyTiers[0]?.price,
			sell: last?.sellTiers[0]?.price,
			ladders: group.length,
		};
	});
}

function aggregate(ladders: readonly Ladder[]) {
	const aggregator = new MinuteBarAggregator();
	for (const item of ladders) aggregator.add(item);
	aggregator.closeUpTo(Number.POSITIVE_INFINITY);
	return aggregator.drain();
}

const sortKey = (bar: { symbol?: string; minute: number }) => `${bar.symbol} ${String(bar.minute).padStart(15, '0')}`;
const withoutTiers = (bars: ReturnType<typeof aggregate>) =>
	bars.map(({ closingTiers: _tiers, ...bar }) => bar).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
const sorted = <T extends { symbol?: string; minute: number }>(bars: T[]) =>
	[...bars].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe('one-minute bars from the stream’s ladders', () => {
	it('equal the bars worked out by hand from the same ladders, whatever the ladders', () => {
		const step = fc.record({
			symbol: fc.constantFrom('BTC/AUD', 'ETH/AUD'),
			advanceMs: fc.integer({ min: 0, max: 150_000 }),
			mid: fc.integer({ min: 1_000, max: 2_000_000 }),
			halfSpread: fc.integer({ min: 1, max: 500 }),
		});
		fc.assert(
			fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
				let at = 1_764_633_600_000;
				const ladders = steps.map((item) => {
					at += item.advanceMs;
					return ladder(item.symbol, at, (item.mid + item.halfSpread) / 100, (item.mid - item.halfSpread) / 100);
				});
				expect(withoutTiers(aggregate(ladders))).toEqual(sorted(barsByHand(ladders)));
			}),
		);
	});

	it('keeps the closing ladder of each minute, so the price for any size can be read later', () => {
		const [bar] = aggregate([ladder('BTC/AUD', 60_000, 101, 99), ladder('BTC/AUD', 119_999, 103, 100)]);
		expect(bar?.closingTiers.buyTiers.map((tier) => tier.price)).toEqual(['103.00', '108.00']);
		expect(bar?.close).toBe('101.5');
	});

	it('makes no bar for a minute without a ladder: a stream gap stays a gap', () => {
		const minutes = [0, 1, 2, 6, 7];
		const bars = aggregate(minutes.map((minute) => ladder('BTC/AUD', minute * 60_000 + 30_000, 101, 99)));
		expect(bars.map((bar) => bar.minute / 60_000)).toEqual(minutes);
	});

	it('closes a minute only once the clock has passed it, and drops a ladder that arrives for a closed minute', () => {
		const aggregator = new MinuteBarAggregator();
		aggregator.add(ladder('BTC/AUD', 60_500, 101, 99));
		aggregator.closeUpTo(119_999);
		expect(aggregator.drain()).toEqual([]);
		aggregator.closeUpTo(120_000);
		expect(aggregator.drain().map((bar) => bar.minute)).toEqual([60_000]);
		aggregator.add(ladder('BTC/AUD', 119_000, 150, 148));
		aggregator.closeUpTo(Number.POSITIVE_INFINITY);
		expect(aggregator.drain()).toEqual([]);
		expect(aggregator.droppedLate).toBe(1);
	});

	it('skips a one-sided ladder, which has no mid', () => {
		const oneSided: Ladder = { ...ladder('BTC/AUD', 1_000, 101, 99), sellTiers: [] };
		expect(aggregate([oneSided])).toEqual([]);
	});
});
