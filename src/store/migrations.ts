import { dailyReportsMigration } from './daily-reports.js';
import { priceBarsMigration } from './price-bars.js';

/**
 * The schema, one step per version. A step is never edited once released: a change is a new step. The
 * database's `user_version` says how many steps it has.
 */
export const migrations: readonly string[] = [
	`CREATE TABLE desk_state (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		halted INTEGER NOT NULL,
		reason TEXT,
		changed_by TEXT,
		changed_at INTEGER NOT NULL
	);
	CREATE TABLE audit_log (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		at INTEGER NOT NULL,
		user_id TEXT NOT NULL,
		guild_id TEXT,
		channel_id TEXT,
		action TEXT NOT NULL,
		inputs TEXT NOT NULL,
		ticket_id TEXT,
		outcome TEXT NOT NULL,
		detail TEXT,
		latency_ms INTEGER
	);
	CREATE INDEX audit_log_user_at ON audit_log (user_id, at);
	CREATE INDEX audit_log_at ON audit_log (at);`,
	`CREATE TABLE alert_routes (
		kind TEXT PRIMARY KEY,
		channel_id TEXT NOT NULL,
		mode TEXT NOT NULL CHECK (mode IN ('on', 'silent', 'off')),
		changed_by TEXT NOT NULL,
		changed_at INTEGER NOT NULL
	);`,
	`CREATE TABLE posted_events (
		key TEXT PRIMARY KEY,
		message_id TEXT,
		posted_at INTEGER NOT NULL
	);
	CREATE TABLE order_messages (
		order_id TEXT PRIMARY KEY,
		channel_id TEXT NOT NULL,
		message_id TEXT NOT NULL
	);
	CREATE TABLE relay_cursor (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		at INTEGER NOT NULL
	);`,
	`CREATE TABLE tickets (
		id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL,
		channel_id TEXT,
		symbol TEXT NOT NULL,
		side TEXT NOT NULL,
		type TEXT NOT NULL,
		amount TEXT NOT NULL,
		price TEXT,
		opened_at INTEGER NOT NULL,
		outcome TEXT,
		order_id TEXT,
		settled_at INTEGER
	);
	CREATE INDEX tickets_order ON tickets (order_id);`,
	`CREATE TABLE price_board (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		channel_id TEXT NOT NULL,
		message_id TEXT NOT NULL,
		posted_at INTEGER NOT NULL
	);`,
	`CREATE TABLE instance_lease (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		holder TEXT NOT NULL,
		pid INTEGER NOT NULL,
		host TEXT NOT NULL,
		since INTEGER NOT NULL,
		expires_at INTEGER NOT NULL
	);`,
	`ALTER TABLE tickets ADD COLUMN value TEXT;
	CREATE INDEX tickets_opened ON tickets (opened_at);
	CREATE TABLE trader_limits (
		subject_kind TEXT NOT NULL CHECK (subject_kind IN ('user', 'role')),
		subject_id TEXT NOT NULL,
		max_order_value TEXT,
		daily_value TEXT,
		max_position TEXT,
		symbols TEXT,
		changed_by TEXT NOT NULL,
		changed_at INTEGER NOT NULL,
		PRIMARY KEY (subject_kind, subject_id)
	);`,
	priceBarsMigration,
	dailyReportsMigration,
	// What the broker says each ticket's order filled, for the day's limits. A ticket recorded before this has
	// none (order_status NULL) and counts as one the broker has not spoken of: on its day, at its value at worst.
	`ALTER TABLE tickets ADD COLUMN order_status TEXT;
	ALTER TABLE tickets ADD COLUMN filled TEXT;
	ALTER TABLE tickets ADD COLUMN filled_cost TEXT;
	ALTER TABLE tickets ADD COLUMN filled_at INTEGER;
	ALTER TABLE tickets ADD COLUMN filled_before_day TEXT;
	ALTER TABLE tickets ADD COLUMN cost_before_day TEXT;
	CREATE INDEX tickets_filled_at ON tickets (filled_at);
	CREATE INDEX tickets_order_status ON tickets (order_status);`,
];
