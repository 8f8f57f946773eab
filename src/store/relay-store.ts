import type Database from 'better-sqlite3';
import type { RelayLedger } from '../alerts/relay-ledger.js';

/**
 * What the alert relay has already done: the keys of events it posted (or deliberately skipped), the message
 * that shows each order's status, and how far reconciliation has looked. This is what makes every alert
 * appear once, across reconnects and restarts.
 */
export class RelayStore implements RelayLedger {
	private readonly posted: Database.Statement<[string], { key: string }>;
	private readonly markOne: Database.Statement<[string, string | null, number]>;
	private readonly readOrderMessage: Database.Statement<[string], { channel_id: string; message_id: string }>;
	private readonly writeOrderMessage: Database.Statement<[string, string, string]>;
	private readonly readCursor: Database.Statement<[], { at: number }>;
	private readonly writeCursor: Database.Statement<[number]>;
	private readonly replaceCursor: Database.Statement<[number]>;
	private readonly markAll: (keys: readonly string[], messageId: string | null, at: number) => void;

	constructor(database: Database.Database) {
		this.posted = database.prepare('SELECT key FROM posted_events WHERE key = ?');
		this.markOne = database.prepare(
			'INSERT OR IGNORE INTO posted_events (key, message_id, posted_at) VALUES (?, ?, ?)',
		);
		this.readOrderMessage = database.prepare('SELECT channel_id, message_id FROM order_messages WHERE order_id = ?');
		this.writeOrderMessage = database.prepare(
			'INSERT INTO order_messages (order_id, channel_id, message_id) VALUES (?, ?, ?) ON CONFLICT (order_id) DO UPDATE SET channel_id = excluded.channel_id, message_id = excluded.message_id',
		);
		this.readCursor = database.prepare('SELECT at FROM relay_cursor WHERE id = 1');
		this.writeCursor = database.prepare(
			'INSERT INTO relay_cursor (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = MAX(at, excluded.at)',
		);
		this.replaceCursor = database.prepare(
			'INSERT INTO relay_cursor (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
		);
		this.markAll = database.transaction((keys: readonly string[], messageId: string | null, at: number) => {
			for (const key of keys) this.markOne.run(key, messageId, at);
		});
	}

	wasPosted(key: string): boolean {
		return this.posted.get(key) !== undefined;
	}

	/** Records, in one transaction, that these events are done: posted in `messageId`, or skipped (null). */
	markPosted(keys: readonly string[], messageId: string | null, at: number): void {
		this.markAll(keys, messageId, at);
	}

	orderMessage(orderId: string): { channelId: string; messageId: string } | undefined {
		const row = this.readOrderMessage.get(orderId);
		return row ? { channelId: row.channel_id, messageId: row.message_id } : undefined;
	}

	setOrderMessage(orderId: string, channelId: string, messageId: string): void {
		this.writeOrderMessage.run(orderId, channelId, messageId);
	}

	/** The broker's time up to which every order change is known to be handled; it only moves forward. */
	cursor(): number | undefined {
		return this.readCursor.get()?.at;
	}

	advanceCursor(at: number): void {
		this.writeCursor.run(at);
	}

	/** Replaces a cursor found untrustworthy (one in the future), even with an earlier time. */
	resetCursor(at: number): void {
		this.replaceCursor.run(at);
	}
}
