import type Database from 'better-sqlite3';
import type { TicketOpened, TicketRecords } from '../desk/ticket-records.js';

/**
 * Every ticket and the order it became: who opened it, where, what it asked for, and how it ended. Tickets
 * themselves live in memory for their few seconds; this record outlives a restart, so that a fill of an
 * order placed before one still names its trader.
 */
export class TicketRecordsRepository implements TicketRecords {
	private readonly insert: Database.Statement<
		[string, string, string | null, string, string, string, string, string | null, number]
	>;
	private readonly settle: Database.Statement<[string, string | null, number, string]>;
	private readonly owner: Database.Statement<[string], { user_id: string }>;

	constructor(database: Database.Database) {
		this.insert = database.prepare(
			'INSERT OR IGNORE INTO tickets (id, user_id, channel_id, symbol, side, type, amount, price, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
		);
		this.settle = database.prepare('UPDATE tickets SET outcome = ?, order_id = ?, settled_at = ? WHERE id = ?');
		this.owner = database.prepare('SELECT user_id FROM tickets WHERE id = ?');
	}

	opened(ticket: TicketOpened): void {
		this.insert.run(
			ticket.id,
			ticket.userId,
			ticket.channelId,
			ticket.symbol,
			ticket.side,
			ticket.type,
			ticket.amount,
			ticket.price,
			ticket.openedAt,
		);
	}

	settled(ticketId: string, outcome: string, orderId: string | null, at: number): void {
		this.settle.run(outcome, orderId, at, ticketId);
	}

	/** The trader who opened a ticket, which is also their order's client order id. */
	ownerOf(ticketId: string): string | undefined {
		return this.owner.get(ticketId)?.user_id;
	}
}
