import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from './audit.js';

const columns = [
	'time_utc',
	'user_id',
	'guild_id',
	'channel_id',
	'action',
	'inputs',
	'ticket_id',
	'outcome',
	'detail',
	'latency_ms',
];

/** A spreadsheet reads a cell starting with = + - @ as a formula; such cells are quoted with a leading '. */
function cell(value: string | number | null): string {
	if (value === null) return '';
	const text = String(value);
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The audit rows as CSV, oldest first, one header line. */
export function auditCsv(entries: readonly AuditEntry[]): string {
	const rows = [...entries]
		.sort((a, b) => a.at - b.at)
		.map((entry) =>
			[
				new Date(entry.at).toISOString(),
				entry.userId,
				entry.guildId,
				entry.channelId,
				entry.action,
				entry.inputs,
				entry.ticketId,
				entry.outcome,
				entry.detail,
				entry.latencyMs,
			].map(cell),
		);
	return stringify([columns, ...rows]);
}
