import type Database from 'better-sqlite3';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { LimitSubject, LimitsStore, StoredLimits } from '../desk/trader-limits.js';

interface Row {
	subject_kind: string;
	subject_id: string;
	max_order_value: string | null;
	daily_value: string | null;
	max_position: string | null;
	symbols: string | null;
	changed_by: string;
	changed_at: number;
}

const symbolList = z.array(z.string());

function decimalOrUndefined(text: string | null): Decimal | undefined {
	return text === null ? undefined : new Decimal(text);
}

/** The limits admins set per trader and per role, applied at the next ticket. */
export class TraderLimitsRepository implements LimitsStore {
	private readonly read: Database.Statement<[string, string], Row>;
	private readonly write: Database.Statement<Row>;
	private readonly remove: Database.Statement<[string, string]>;

	constructor(database: Database.Database) {
		this.read = database.prepare('SELECT * FROM trader_limits WHERE subject_kind = ? AND subject_id = ?');
		this.write = database.prepare(
			`INSERT INTO trader_limits (subject_kind, subject_id, max_order_value, daily_value, max_position, symbols, changed_by, changed_at)
			 VALUES (@subject_kind, @subject_id, @max_order_value, @daily_value, @max_position, @symbols, @changed_by, @changed_at)
			 ON CONFLICT (subject_kind, subject_id) DO UPDATE SET max_order_value = excluded.max_order_value,
			 daily_value = excluded.daily_value, max_position = excluded.max_position, symbols = excluded.symbols,
			 changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
		);
		this.remove = database.prepare('DELETE FROM trader_limits WHERE subject_kind = ? AND subject_id = ?');
	}

	get(subject: LimitSubject): StoredLimits | undefined {
		const row = this.read.get(subject.kind, subject.id);
		if (!row) return undefined;
		const symbols = row.symbols === null ? undefined : symbolList.safeParse(JSON.parse(row.symbols));
		return {
			subject,
			maxOrderValue: decimalOrUndefined(row.max_order_value),
			dailyValue: decimalOrUndefined(row.daily_value),
			maxPosition: decimalOrUndefined(row.max_position),
			// A list that cannot be read allows nothing, rather than everything.
			symbols: symbols === undefined ? undefined : symbols.success ? symbols.data : [],
			changedBy: row.changed_by,
			changedAt: row.changed_at,
		};
	}

	set(limits: StoredLimits): void {
		this.write.run({
			subject_kind: limits.subject.kind,
			subject_id: limits.subject.id,
			max_order_value: limits.maxOrderValue?.toFixed() ?? null,
			daily_value: limits.dailyValue?.toFixed() ?? null,
			max_position: limits.maxPosition?.toFixed() ?? null,
			symbols: limits.symbols ? JSON.stringify(limits.symbols) : null,
			changed_by: limits.changedBy,
			changed_at: limits.changedAt,
		});
	}

	clear(subject: LimitSubject): boolean {
		return this.remove.run(subject.kind, subject.id).changes > 0;
	}
}
