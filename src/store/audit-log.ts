import type Database from 'better-sqlite3';
import type { AuditEntry, AuditLog, AuditQuery } from '../desk/audit.js';

interface Row {
	at: number;
	user_id: string;
	guild_id: string | null;
	channel_id: string | null;
	action: string;
	inputs: string;
	ticket_id: string | null;
	outcome: string;
	detail: string | null;
	latency_ms: number | null;
}

/** Every command, button press and order outcome, refusals included; rows are only ever added. */
export class AuditLogRepository implements AuditLog {
	private readonly insert: Database.Statement<Row>;
	private readonly select: Database.Statement<{ userId: string | null; since: number; limit: number }, Row>;

	constructor(database: Database.Database) {
		this.insert = database.prepare(
			`INSERT INTO audit_log (at, user_id, guild_id, channel_id, action, inputs, ticket_id, outcome, detail, latency_ms)
			 VALUES (@at, @user_id, @guild_id, @channel_id, @action, @inputs, @ticket_id, @outcome, @detail, @latency_ms)`,
		);
		this.select = database.prepare(
			`SELECT at, user_id, guild_id, channel_id, action, inputs, ticket_id, outcome, detail, latency_ms FROM audit_log
			 WHERE (@userId IS NULL OR user_id = @userId) AND at >= @since ORDER BY at DESC, id DESC LIMIT @limit`,
		);
	}

	record(entry: AuditEntry): void {
		this.insert.run({
			at: entry.at,
			user_id: entry.userId,
			guild_id: entry.guildId,
			channel_id: entry.channelId,
			action: entry.action,
			inputs: entry.inputs,
			ticket_id: entry.ticketId,
			outcome: entry.outcome,
			detail: entry.detail,
			latency_ms: entry.latencyMs,
		});
	}

	/** Newest first. */
	query(query: AuditQuery): AuditEntry[] {
		return this.select
			.all({ userId: query.userId ?? null, since: query.since ?? 0, limit: query.limit })
			.map((row) => ({
				at: row.at,
				userId: row.user_id,
				guildId: row.guild_id,
				channelId: row.channel_id,
				action: row.action,
				inputs: row.inputs,
				ticketId: row.ticket_id,
				outcome: row.outcome,
				detail: row.detail,
				latencyMs: row.latency_ms,
			}));
	}
}
