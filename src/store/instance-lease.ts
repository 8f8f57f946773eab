import type Database from 'better-sqlite3';

/** The process that runs the desk on a database: one at a time. */
export interface LeaseHolder {
	/** Unique to one run of one process. */
	readonly id: string;
	readonly pid: number;
	readonly host: string;
}

export interface HeldLease extends LeaseHolder {
	readonly since: number;
	readonly expiresAt: number;
}

export type LeaseClaim = { readonly ok: true } | { readonly ok: false; readonly heldBy: HeldLease };

interface Row {
	holder: string;
	pid: number;
	host: string;
	since: number;
	expires_at: number;
}

/**
 * The single-instance lease: two processes on one database would both post every fill. The lease is taken,
 * renewed and released in immediate transactions, so that two starting processes cannot both win it.
 */
export class InstanceLeaseRepository {
	private readonly read: Database.Statement<[], Row>;
	private readonly write: Database.Statement<[string, number, string, number, number]>;
	private readonly extend: Database.Statement<[number, string]>;
	private readonly drop: Database.Statement<[string]>;
	private readonly takeAtomically: (holder: LeaseHolder, now: number, ttlMs: number) => LeaseClaim;

	constructor(database: Database.Database) {
		this.read = database.prepare('SELECT holder, pid, host, since, expires_at FROM instance_lease WHERE id = 1');
		this.write = database.prepare(
			`INSERT INTO instance_lease (id, holder, pid, host, since, expires_at) VALUES (1, ?, ?, ?, ?, ?)
			 ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
			 since = excluded.since, expires_at = excluded.expires_at`,
		);
		this.extend = database.prepare('UPDATE instance_lease SET expires_at = ? WHERE id = 1 AND holder = ?');
		this.drop = database.prepare('DELETE FROM instance_lease WHERE id = 1 AND holder = ?');
		const take = database.transaction((holder: LeaseHolder, now: number, ttlMs: number): LeaseClaim => {
			const current = this.read.get();
			if (current && current.holder !== holder.id && current.expires_at > now) {
				return { ok: false, heldBy: fromRow(current) };
			}
			this.write.run(holder.id, holder.pid, holder.host, now, now + ttlMs);
			return { ok: true };
		});
		this.takeAtomically = (holder, now, ttlMs) => take.immediate(holder, now, ttlMs);
	}

	/** Takes the lease unless another holder's has not lapsed yet. */
	claim(holder: LeaseHolder, now: number, ttlMs: number): LeaseClaim {
		return this.takeAtomically(holder, now, ttlMs);
	}

	/** Extends the holder's lease; false when it is no longer theirs (it lapsed and another took it). */
	renew(holderId: string, now: number, ttlMs: number): boolean {
		return this.extend.run(now + ttlMs, holderId).changes === 1;
	}

	/** Gives the lease up at a clean stop, so that the next process need not wait for it to lapse. */
	release(holderId: string): void {
		this.drop.run(holderId);
	}

	current(): HeldLease | undefined {
		const row = this.read.get();
		return row ? fromRow(row) : undefined;
	}
}

function fromRow(row: Row): HeldLease {
	return { id: row.holder, pid: row.pid, host: row.host, since: row.since, expiresAt: row.expires_at };
}
