import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { OrderFills, SentTicket, TicketOpened, TicketRecords } from '../desk/ticket-records.js';

interface FillColumns {
	order_status: string | null;
	filled: string | null;
	filled_cost: string | null;
	filled_at: number | null;
	filled_before_day: string | null;
	cost_before_day: string | null;
}

interface SentRow extends FillColumns {
	id: string;
	userId: string;
	symbol: string;
	side: string;
	amount: string;
	value: string | null;
}

// A status this version does not know (written by a newer one?) reads as still working: it counts at worst.
const brokerStatus = z.enum(['open', 'closed', 'canceled', 'rejected']).catch('open');

function fillsFrom(row: FillColumns): OrderFills | undefined {
	if (row.order_status === null) return undefined;
	return {
		status: brokerStatus.parse(row.order_status),
		filled: row.filled ?? '0',
		cost: row.filled_cost,
		filledAt: row.filled_at,
		filledBeforeDay: row.filled_before_day ?? '0',
		costBeforeDay: row.cost_before_day,
	};
}

const fillColumns = 'order_status, filled, filled_cost, filled_at, filled_before_day, cost_before_day';

/**
 * Every ticket and the order it became: who opened it, where, what it asked for, how it ended, and what the
 * broker says its order filled. Tickets themselves live in memory for their few seconds; this record outlives
 * a restart, so that a fill of an order placed before one still names its trader and counts in the day's limits.
 */
export class TicketRecordsRepository implements TicketRecords {
	private readonly insert: Database.Statement<
		[string, string, string | null, string, string, string, string, string | null, number, string]
	>;
	private readonly sent: Database.Statement<{ since: number }, SentRow>;
	private readonly settle: Database.Statement<[string, string | null, number, string]>;
	private readonly owner: Database.Statement<[string], { user_id: string }>;
	private readonly reprice: Database.Statement<[string, string, string]>;
	private readonly fills: Database.Statement<[string], FillColumns>;
	private readonly writeFills: Database.Statement<FillColumns & { id: string }>;

	constructor(database: Database.Database) {
		this.insert = database.prepare(
			'INSERT OR IGNORE INTO tickets (id, user_id, channel_id, symbol, side, type, amount, price, opened_at, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
		);
		// A ticket the broker never spoke of counts on the day it was sent only: one of unknown fate must not
		// weigh on every later day. One the broker said is working counts every day until it says otherwise.
		this.sent = database.prepare(
			`SELECT id, user_id AS userId, symbol, side, amount, value, ${fillColumns} FROM tickets
			 WHERE (outcome IN ('placed', 'not-found-yet', 'unresolved') OR order_status IS NOT NULL)
			 AND (opened_at >= @since OR filled_at >= @since OR order_status = 'open')`,
		);
		this.settle = database.prepare('UPDATE tickets SET outcome = ?, order_id = ?, settled_at = ? WHERE id = ?');
		this.owner = database.prepare('SELECT user_id FROM tickets WHERE id = ?');
		this.reprice = database.prepare('UPDATE tickets SET price = ?, value = ? WHERE id = ?');
		this.fills = database.prepare(`SELECT ${fillColumns} FROM tickets WHERE id = ?`);
		this.writeFills = database.prepare(
			`UPDATE tickets SET order_status = @order_status, filled = @filled, filled_cost = @filled_cost,
			 filled_at = @filled_at, filled_before_day = @filled_before_day, cost_before_day = @cost_before_day
			 WHERE id = @id`,
		);
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
		return this.sent.all({ since }).map((row) => ({
			id: row.id,
			userId: row.userId,
			symbol: row.symbol,
			side: row.side,
			amount: row.amount,
			// A ticket recorded before values were kept counts at its amount, never at nothing.
			value: row.value ?? row.amount,
			fills: fillsFrom(row),
		}));
	}

	fillsOf(ticketId: string): OrderFills | undefined {
		const row = this.fills.get(ticketId);
		return row && fillsFrom(row);
	}

	recordFills(ticketId: string, fills: OrderFills): void {
		this.writeFills.run({
			id: ticketId,
			order_status: fills.status,
			filled: fills.filled,
			filled_cost: fills.cost,
			filled_at: fills.filledAt,
			filled_before_day: fills.filledBeforeDay,
			cost_before_day: fills.costBeforeDay,
		});
	}

	/** The trader who opened a ticket, which is also their order's client order id. */
	ownerOf(ticketId: string): string | undefined {
		return this.owner.get(ticketId)?.user_id;
	}
}
