import type Database from 'better-sqlite3';
import { z } from 'zod';
import { type MinuteBar, minuteBarSchema, type PriceBarRecords } from '../charts/minute-bar.js';

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

interface Row extends Omit<MinuteBar, 'closingTiers'> {
	closing_tiers: string;
}

/** One-minute price bars per symbol: written in one transaction per batch, read over a window, pruned by age. */
export class PriceBarRepository implements PriceBarRecords {
	private readonly insert: Database.Statement<[Row]>;
	private readonly select: Database.Statement<[string, number, number], unknown>;
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

	pruneBefore(before: number): number {
		return this.prune.run(before).changes;
	}
}
