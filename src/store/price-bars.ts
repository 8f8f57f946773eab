import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
	type BucketClose,
	bucketCloseSchema,
	type ChartBarReads,
	type MinuteBar,
	minuteBarSchema,
	type PriceBarRecords,
} from '../charts/minute-bar.js';

/** The schema step for price history; appended to `migrations` by the composition's owner. */
export const priceBarsMigration = `CREATE TABLE price_bars (
		symbol TEXT NOT NULL,
		minute INTEGER NOT NULL,
		open TEXT NOT NULL,
		high TEXT NOT NULL,
		low TEXT NOT NULL,
		close TEXT NOT NULL,
		buy TEXT NOT NULL,
		sell TEXT NOT NULL,
		ladders INTEGER NOT NULL,
		closing_tiers TEXT NOT NULL,
		PRIMARY KEY (symbol, minute)
	) WITHOUT ROWID;
	CREATE INDEX price_bars_minute ON price_bars (minute);`;

/** The columns as stored; the closing ladder is JSON. */
const rowSchema = z
	.object({ closing_tiers: z.string().transform((text): unknown => JSON.parse(text)) })
	.loose()
	.transform(({ closing_tiers, ...bar }) => ({ ...bar, closingTiers: closing_tiers }));

/** A bucket's close as stored; its ladder is JSON, parsed and checked after: two plain steps run faster than a zod transform. */
const storedCloseSchema = z.object({
	symbol: z.string(),
	minute: z.number(),
	close: z.string(),
	closing_tiers: z.string(),
});

const latestSchema = z.object({ symbol: z.string(), minute: z.number().int() });
const countSchema = z.number().int();

interface Row extends Omit<MinuteBar, 'closingTiers'> {
	closing_tiers: string;
}

/**
 * One-minute price bars per symbol: written in one transaction per batch, read over a window (whole, or one row
 * per plotted bucket), pruned by age.
 */
export class PriceBarRepository implements PriceBarRecords, ChartBarReads {
	private readonly insert: Database.Statement<[Row]>;
	private readonly select: Database.Statement<[string, number, number], unknown>;
	private readonly selectBucketCloses: Database.Statement<
		[{ symbol: string; from: number; to: number; bucketMs: number }],
		unknown
	>;
	private readonly countBars: Database.Statement<[string, number, number], unknown>;
	private readonly selectLatest: Database.Statement<[], unknown>;
	private readonly prune: Database.Statement<[number]>;
	private readonly writeAll: (bars: readonly MinuteBar[]) => void;

	constructor(database: Database.Database) {
		this.insert = database.prepare(
			`INSERT INTO price_bars (symbol, minute, open, high, low, close, buy, sell, ladders, closing_tiers)
			 VALUES (@symbol, @minute, @open, @high, @low, @close, @buy, @sell, @ladders, @closing_tiers)
			 ON CONFLICT (symbol, minute) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
			 close = excluded.close, buy = excluded.buy, sell = excluded.sell, ladders = excluded.ladders,
			 closing_tiers = excluded.closing_tiers`,
		);
		this.select = database.prepare(
			`SELECT symbol, minute, open, high, low, close, buy, sell, ladders, closing_tiers FROM price_bars
			 WHERE symbol = ? AND minute >= ? AND minute < ? ORDER BY minute`,
		);
		// Each bucket's last minute is found by one probe of the key, newest first, rather than by grouping every
		// minute of the window; only those rows are then read whole. Numbers are cast because better-sqlite3 binds them
		// as reals, and the buckets must start at whole multiples of their length, as the chart's do.
		this.selectBucketCloses = database.prepare(
			`WITH RECURSIVE buckets (start) AS (
				SELECT (CAST(@from AS INTEGER) / CAST(@bucketMs AS INTEGER)) * CAST(@bucketMs AS INTEGER)
				UNION ALL
				SELECT start + CAST(@bucketMs AS INTEGER) FROM buckets WHERE start + CAST(@bucketMs AS INTEGER) < @to
			),
			closes (minute) AS MATERIALIZED (
				SELECT (SELECT minute FROM price_bars
				        WHERE symbol = @symbol AND minute >= MAX(buckets.start, @from)
				          AND minute < MIN(buckets.start + CAST(@bucketMs AS INTEGER), @to)
				        ORDER BY minute DESC LIMIT 1)
				FROM buckets
			)
			SELECT symbol, minute, close, closing_tiers FROM price_bars
			WHERE symbol = @symbol AND minute IN (SELECT minute FROM closes WHERE minute IS NOT NULL)
			ORDER BY minute`,
		);
		this.countBars = database
			.prepare('SELECT COUNT(*) FROM price_bars WHERE symbol = ? AND minute >= ? AND minute < ?')
			.pluck();
		// One index probe per symbol, from symbol to symbol, rather than a scan of every bar kept.
		this.selectLatest = database.prepare(
			`WITH RECURSIVE symbols (symbol) AS (
				SELECT MIN(symbol) FROM price_bars
				UNION ALL
				SELECT (SELECT MIN(symbol) FROM price_bars WHERE symbol > symbols.symbol) FROM symbols WHERE symbol IS NOT NULL
			)
			SELECT symbol, (SELECT MAX(minute) FROM price_bars WHERE price_bars.symbol = symbols.symbol) AS minute
			FROM symbols WHERE symbol IS NOT NULL`,
		);
		this.prune = database.prepare('DELETE FROM price_bars WHERE minute < ?');
		this.writeAll = database.transaction((bars: readonly MinuteBar[]) => {
			for (const { closingTiers, ...bar } of bars) {
				this.insert.run({ ...bar, closing_tiers: JSON.stringify(closingTiers) });
			}
		});
	}

	write(bars: readonly MinuteBar[]): void {
		if (bars.length > 0) this.writeAll(bars);
	}

	read(symbol: string, from: number, to: number): MinuteBar[] {
		return this.select.all(symbol, from, to).map((row) => minuteBarSchema.parse(rowSchema.parse(row)));
	}

	readBucketCloses(symbol: string, from: number, to: number, bucketMs: number): BucketClose[] {
		return this.selectBucketCloses.all({ symbol, from, to, bucketMs }).map((row) => {
			const { closing_tiers, ...close } = storedCloseSchema.parse(row);
			return bucketCloseSchema.parse({ ...close, closingTiers: JSON.parse(closing_tiers) });
		});
	}

	count(symbol: string, from: number, to: number): number {
		return countSchema.parse(this.countBars.get(symbol, from, to));
	}

	latestMinutes(): ReadonlyMap<string, number> {
		return new Map(
			this.selectLatest
				.all()
				.map((row) => latestSchema.parse(row))
				.map(({ symbol, minute }) => [symbol, minute]),
		);
	}

	pruneBefore(before: number): number {
		return this.prune.run(before).changes;
	}
}
