import type Database from 'better-sqlite3';
import type { SentTicket, TicketOpened, TicketRecords } from '../desk/ticket-records.js';

/**
 * Every ticket and the order it became: who opened it, where, what it asked for, and how it ended. Tickets
 * themselves live in memory for their few seconds; this record outlives a restart, so that a fill of an
 * order placed before one still names its trader.
 */
export class TicketRecordsRepository implements TicketRecords {
	private readonly insert: Database.Statement<
		[string, string, string | null, string, string, string, string, string | null, number, string]
	>;
	private readonly sent: Database.Statement<[number], Omit<SentTicket, 'value'> & { value: string | null }>;
	private readonly settle: Database.Statement<[string, string | null, number, string]>;
	private readonly owner: Database.Statement<[string], { user_id: string }>;
	private readonly reprice: Database.Statement<[string, string, string]>;

	constructor(database: Database.Database) {
		this.insert = database.prepare(
			'INSERT OR IGNORE INTO tickets (id, user_id, channel_id, symbol, side, type, amount, price, opened_at, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
		);
		this.sent = database.prepare(
			`SELECT user_id AS userId, symbol, side, amount, value FROM tickets
			 WHERE opened_at >= ? AND outcome IN ('placed', 'not-found-yet', 'unresolved')`,
		);
		this.settle = database.prepare('UPDATE tickets SET outcome = ?, order_id = ?, settled_at = ? WHERE id = ?');
		this.owner = database.prepare('SELECT user_id FROM tickets WHERE id = ?');
		this.reprice = database.prepare('UPDATE tickets SET price = ?, value = ? WHERE id = ?');
	}

	repriced(ticketId: string, price: string, value: string): void {
		this.reprice.run(price, value, ticketId);
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
			ticket.value,
		);
	}

	settled(ticketId: string, outcome: string, orderId: string | null, at: number): void {
		this.settle.run(outcome, orderId, at, ticketId);
	}

	sentSince(since: number): SentTicket[] {
		// A ticket recorded before values were kept counts at its amount, never at nothing.
		return this.sent.all(since).map((row) => ({ ...row, value: row.value ?? row.amount }));
	}

	/** The trader who opened a ticket, which is also their order's client order id. */
	ownerOf(ticketId: string): string | undefined {
		return this.owner.get(ticketId)?.user_id;
	}
}
