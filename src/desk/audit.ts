import type { Logger } from 'pino';

export interface AuditEntry {
	readonly at: number;
	readonly userId: string;
	readonly guildId: string | null;
	readonly channelId: string | null;
	/** What was done: `/order`, `button order:confirm`, `order placement`… */
	readonly action: string;
	/** The inputs as given, as JSON. */
	readonly inputs: string;
	/** The ticket id, which is also the order's client order id. */
	readonly ticketId: string | null;
	/** `ok`, `refused`, `error`, or a placement's outcome. */
	readonly outcome: string;
	readonly detail: string | null;
	readonly latencyMs: number | null;
}

export interface AuditQuery {
	readonly userId?: string;
	readonly since?: number;
	readonly limit: number;
}

/** Where audit rows are kept; the store implements it. Rows are only ever added. */
export interface AuditLog {
	record(entry: AuditEntry): void;
	query(query: AuditQuery): AuditEntry[];
}

/** The audit trail as the desk writes it: a row that cannot be written never stops an answer; it is logged loudly. */
export class AuditTrail {
	constructor(
		private readonly log: AuditLog,
		private readonly logger: Logger,
	) {}

	record(entry: AuditEntry): void {
		try {
			this.log.record(entry);
		} catch (error) {
			this.logger.error(
				{ err: error instanceof Error ? error.message : String(error), action: entry.action },
				'audit row not written',
			);
		}
	}

	query(query: AuditQuery): AuditEntry[] {
		return this.log.query(query);
	}
}
