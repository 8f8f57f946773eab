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
}

/** Every ticket and the order it became, kept past a restart; the store implements it. */
export interface TicketRecords {
	opened(ticket: TicketOpened): void;
	settled(ticketId: string, outcome: string, orderId: string | null, at: number): void;
	/** The trader who opened the ticket with this id (the order's client order id). */
	ownerOf(ticketId: string): string | undefined;
}
