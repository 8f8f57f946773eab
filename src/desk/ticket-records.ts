/** A ticket as it was opened: who, where, and what it asked for. */
export interface TicketOpened {
	readonly id: string;
	readonly userId: string;
	readonly channelId: string | null;
	readonly symbol: string;
	readonly side: string;
	readonly type: string;
	readonly amount: string;
	readonly price: string | null;
	readonly openedAt: number;
	/** What the order can cost at worst, in the desk's currency, as decimal text. */
	readonly value: string;
}

/** A ticket whose order went to the broker, as the desk's limits count it. */
export interface SentTicket {
	readonly userId: string;
	readonly symbol: string;
	readonly side: string;
	readonly amount: string;
	readonly value: string;
}

/** Every ticket and the order it became, kept past a restart; the store implements it. */
export interface TicketRecords {
	opened(ticket: TicketOpened): void;
	settled(ticketId: string, outcome: string, orderId: string | null, at: number): void;
	/** An approved quote retaken at a fresh price: the ticket now sends that price, worth that value. */
	repriced(ticketId: string, price: string, value: string): void;
	/** The trader who opened the ticket with this id (the order's client order id). */
	ownerOf(ticketId: string): string | undefined;
	/**
	 * Tickets opened since `since` whose order went to the broker and may be working or filled: placed, or of
	 * unknown fate. Rejected and not-placed ones cost nothing.
	 */
	sentSince(since: number): SentTicket[];
}
