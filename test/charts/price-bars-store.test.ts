import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { MinuteBar } from '../../src/charts/minute-bar.js';
import { openDatabase } from '../../src/store/database.js';
import { PriceBarRepository } from '../../src/store/price-bars.js';
import { barsOf, sampleLadders } from './sample-market.js';

let folder: string | undefined;
const opened: Database.Database[] = [];
afterEach(() => {
	for (const database of opened.splice(0)) database.close();
	if (folder) rmSync(folder, { recursive: true, force: true });
	folder = undefined;
});

/** The desk's database, as the bot opens it. */
function open(path: string): Database.Database {
	const database = openDatabase(path);
	opened.push(database);
	return database;
}

const start = Date.UTC(2025, 11, 1, 0, 0);
function someBars(): MinuteBar[] {
	return barsOf(
		sampleLadders({ symbol: 'BTC/AUD', start, end: start + 30 * 60_000, everyMs: 10_000, seed: 3, startMid: 150_000 }),
		start + 30 * 60_000,
	);
}

describe('the price-bar repository', () => {
	it('reads back what it wrote, across a reopened database file', () => {
		folder = mkdtempSync(join(tmpdir(), 'desk-bars-'));
		const path = join(folder, 'desk.sqlite');
		const bars = someBars();
		new PriceBarRepository(open(path)).write(bars);
		opened.pop()?.close();
		const again = new PriceBarRepository(open(path));
		expect(again.read('BTC/AUD', start, start + 30 * 60_000)).toEqual(bars);
		expect(again.read('BTC/AUD', start + 10 * 60_000, start + 12 * 60_000).map((bar) => bar.minute)).toEqual([
			start + 10 * 60_000,
			start + 11 * 60_000,
		]);
		expect(again.read('ETH/AUD', start, start + 30 * 60_000)).toEqual([]);
	});

	it('replaces a bar written twice instead of doubling it', () => {
		const repository = new PriceBarRepository(open(':memory:'));
		const [bar] = someBars();
		if (!bar) throw new Error('no bar');
		repository.write([bar]);
		repository.write([{ ...bar, ladders: 99 }]);
		expect(repository.read('BTC/AUD', 0, Number.MAX_SAFE_INTEGER).map((row) => row.ladders)).toEqual([99]);
	});

	it('prunes bars older than the cut-off and keeps the rest', () => {
		const repository = new PriceBarRepository(open(':memory:'));
		const bars = someBars();
		repository.write(bars);
		expect(repository.pruneBefore(start + 20 * 60_000)).toBe(20);
		expect(repository.read('BTC/AUD', 0, Number.MAX_SAFE_INTEGER)).toEqual(bars.slice(20));
	});

	it('refuses a row that is not a price rather than charting it', () => {
		const database = open(':memory:');
		const repository = new PriceBarRepository(database);
		const [bar] = someBars();
		if (!bar) throw new Error('no bar');
		repository.write([bar]);
		database.prepare("UPDATE price_bars SET close = 'NaN'").run();
		expect(() => repository.read('BTC/AUD', 0, Number.MAX_SAFE_INTEGER)).toThrow(/not a decimal/);
	});

	it('names each symbol’s latest stored minute, and none for a symbol it never stored', () => {
		const repository = new PriceBarRepository(open(':memory:'));
		expect(repository.latestMinutes()).toEqual(new Map());
		const eth = barsOf(
			sampleLadders({ symbol: 'ETH/AUD', start, end: start + 12 * 60_000, everyMs: 20_000, seed: 4, startMid: 5_000 }),
			start + 12 * 60_000,
		);
		repository.write([...someBars(), ...eth]);
		expect(repository.latestMinutes()).toEqual(
			new Map([
				['BTC/AUD', start + 29 * 60_000],
				['ETH/AUD', start + 11 * 60_000],
			]),
		);
	});
});
