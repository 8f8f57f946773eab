import type Database from 'better-sqlite3';
import type { HaltState, HaltStore } from '../desk/halt.js';

interface Row {
	halted: number;
	reason: string | null;
	changed_by: string | null;
	changed_at: number;
}

/** Whether the desk is halted, persisted so that a halt survives a restart. */
export class DeskStateRepository implements HaltStore {
	private readonly read: Database.Statement<[], Row>;
	private readonly write: Database.Statement<[number, string | null, string, number]>;

	constructor(database: Database.Database) {
		this.read = database.prepare('SELECT halted, reason, changed_by, changed_at FROM desk_state WHERE id = 1');
		this.write = database.prepare(
			`INSERT INTO desk_state (id, halted, reason, changed_by, changed_at) VALUES (1, ?, ?, ?, ?)
			 ON CONFLICT (id) DO UPDATE SET halted = excluded.halted, reason = excluded.reason,
			 changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
		);
	}

	halt(): HaltState {
		const row = this.read.get();
		if (!row) return { halted: false, reason: undefined, changedBy: undefined, changedAt: undefined };
		return {
			halted: row.halted === 1,
			reason: row.reason ?? undefined,
			changedBy: row.changed_by ?? undefined,
			changedAt: row.changed_at,
		};
	}

	setHalted(halted: boolean, userId: string, reason: string | undefined, at: number): void {
		this.write.run(halted ? 1 : 0, reason ?? null, userId, at);
	}
}
