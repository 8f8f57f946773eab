import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MinuteBar, PriceBarRecords } from '../../src/charts/minute-bar.js';
import { PriceHistoryRecorder } from '../../src/charts/price-history.js';
import { openDatabase } from '../../src/store/database.js';
import { PriceBarRepository } from '../../src/store/price-bars.js';
import { barsOf, sampleLadders } from './sample-market.js';

const start = Date.UTC(2025, 11, 1, 0, 0);

/** Records every batch it was asked to write. */
class BatchLog implements PriceBarRecords {
	readonly batches: MinuteBar[][] = [];
	failNext = false;
	pruned: number[] = [];
	write(bars: readonly MinuteBar[]): void {
		if (this.failNext) {
			this.failNext = false;
			throw new Error('disk full');
		}
		this.batches.push([...bars]);
	}
	read(): MinuteBar[] {
		return this.batches.flat();
	}
	pruneBefore(before: number): number {
		this.pruned.push(before);
		return 0;
	}
	latestMinutes(): ReadonlyMap<string, number> {
		return new Map(this.batches.flat().map((bar) => [bar.symbol, bar.minute]));
	}
}

beforeEach(() => {
	vi.useFakeTimers({ now: start });
});
afterEach(() => {
	vi.useRealTimers();
});

describe('the price-history recorder', () => {
	it('writes nothing per ladder, then each closed minute once, in one batch per flush', () => {
		const log = new BatchLog();
		const recorder = new PriceHistoryRecorder({ records: log, now: () => Date.now(), flushEveryMs: 10_000 });
		recorder.start();
		const ladders = sampleLadders({
			symbol: 'BTC/AUD',
			start,
			end: start + 3 * 60_000,
			everyMs: 1_000,
			seed: 1,
			startMid: 100,
		});
		for (const ladder of ladders) recorder.onLadder(ladder);
		expect(log.batches).toEqual([]);
		// Minutes 0–2 are closed once the clock passes 3:00 plus the 5 s grace; the next timer tick writes them.
		vi.setSystemTime(start + 3 * 60_000 + 5_000);
		vi.advanceTimersByTime(10_000);
		expect(log.batches).toHaveLength(1);
		expect(log.batches[0]).toEqual(barsOf(ladders, Number.POSITIVE_INFINITY));
		recorder.stop();
		expect(log.batches).toHaveLength(1);
	});

	it('keeps the bars of a failed write and writes them at the next flush', () => {
		const log = new BatchLog();
		const errors: unknown[] = [];
		const recorder = new PriceHistoryRecorder({ records: log, now: () => Date.now(), onError: (e) => errors.push(e) });
		for (const ladder of sampleLadders({
			symbol: 'ETH/AUD',
			start,
			end: start + 60_000,
			everyMs: 5_000,
			seed: 2,
			startMid: 5_000,
		})) {
			recorder.onLadder(ladder);
		}
		vi.setSystemTime(start + 2 * 60_000);
		log.failNext = true;
		expect(recorder.flush()).toBe(0);
		expect(errors).toHaveLength(1);
		expect(recorder.flush()).toBe(1);
		expect(log.batches.flat().map((bar) => bar.minute)).toEqual([start]);
	});

	it('on stop writes the closed minutes but not the one still open', () => {
		const log = new BatchLog();
		const recorder = new PriceHistoryRecorder({ records: log, now: () => Date.now() });
		recorder.start();
		const ladders = sampleLadders({
			symbol: 'BTC/AUD',
			start,
			end: start + 90_000,
			everyMs: 1_000,
			seed: 4,
			startMid: 100,
		});
		for (const ladder of ladders) recorder.onLadder(ladder);
		vi.setSystemTime(start + 90_000);
		recorder.stop();
		expect(log.batches.flat().map((bar) => bar.minute)).toEqual([start]);
		vi.advanceTimersByTime(60_000);
		expect(log.batches.flat()).toHaveLength(1);
	});

	it('prunes history older than the days it keeps', () => {
		const log = new BatchLog();
		new PriceHistoryRecorder({ records: log, now: () => Date.now(), keepDays: 30 }).start();
		expect(log.pruned).toEqual([start - 30 * 86_400_000]);
		vi.advanceTimersByTime(3_600_000);
		expect(log.pruned).toHaveLength(2);
	});

	it('leaves a stream outage as a gap in the stored history', () => {
		const database = openDatabase(':memory:');
		const repository = new PriceBarRepository(database);
		const recorder = new PriceHistoryRecorder({ records: repository, now: () => Date.now() });
		const outage = { from: start + 3 * 60_000, to: start + 6 * 60_000 };
		const ladders = sampleLadders({
			symbol: 'BTC/AUD',
			start,
			end: start + 10 * 60_000,
			everyMs: 2_000,
			seed: 5,
			startMid: 100,
			outages: [outage],
		});
		for (const ladder of ladders) recorder.onLadder(ladder);
		vi.setSystemTime(start + 11 * 60_000);
		recorder.stop();
		const minutes = repository.read('BTC/AUD', start, start + 10 * 60_000).map((bar) => (bar.minute - start) / 60_000);
		expect(minutes).toEqual([0, 1, 2, 6, 7, 8, 9]);
		database.close();
	});

	it('after a restart, never replaces a stored minute with the few ladders of it that come late', () => {
		const database = openDatabase(':memory:');
		const repository = new PriceBarRepository(database);
		const ladders = sampleLadders({
			symbol: 'BTC/AUD',
			start,
			end: start + 3 * 60_000,
			everyMs: 2_000,
			seed: 6,
			startMid: 100,
		});
		const first = new PriceHistoryRecorder({ records: repository, now: () => Date.now() });
		first.start();
		for (const ladder of ladders) first.onLadder(ladder);
		vi.setSystemTime(start + 3 * 60_000 + 6_000);
		first.stop();
		const stored = repository.read('BTC/AUD', start, start + 3 * 60_000);
		expect(stored.map((bar) => (bar.minute - start) / 60_000)).toEqual([0, 1, 2]);

		// The next run's first ladder is stamped in the last minute the first run stored (a stale ladder, or a late one).
		const second = new PriceHistoryRecorder({ records: repository, now: () => Date.now() });
		second.start();
		const late = ladders.at(-1);
		if (!late) throw new Error('no ladders');
		second.onLadder({ ...late, buyTiers: late.buyTiers.map((tier) => ({ ...tier, price: tier.quantity })) });
		second.onLadder({ ...late, timestamp: start + 4 * 60_000 + 1_000 });
		vi.setSystemTime(start + 5 * 60_000 + 6_000);
		second.stop();
		const after = repository.read('BTC/AUD', start, start + 6 * 60_000);
		expect(after.slice(0, 3)).toEqual(stored);
		expect(after.map((bar) => (bar.minute - start) / 60_000)).toEqual([0, 1, 2, 4]);
		expect(second.droppedLate).toBe(1);
		database.close();
	});
});
