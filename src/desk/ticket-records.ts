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

/** An order's status as the broker says it; every one but `open` is final. */
export type BrokerOrderStatus = 'open' | 'closed' | 'canceled' | 'rejected';

/** What the broker last said of a ticket's order: how much of it filled, for what, and whether it still works. */
export interface OrderFills {
	readonly status: BrokerOrderStatus;
	/** Base units filled so far, as decimal text. */
	readonly filled: string;
	/** What those fills cost in the symbol's quote currency, when the broker said. */
	readonly cost: string | null;
	/** When the latest fill happened (ms); null before any. */
	readonly filledAt: number | null;
	/** Of `filled` and `cost`, what had filled before the desk's day of `filledAt` began. */
	readonly filledBeforeDay: string;
	readonly costBeforeDay: string | null;
}

/** A ticket whose order went to the broker, as the desk's limits count it. */
export interface SentTicket {
	/** The ticket id, also its order's client order id. */
	readonly id: string;
	readonly userId: string;
	readonly symbol: string;
	readonly side: string;
	readonly amount: string;
	/** What the whole order can cost at worst, in the desk's currency. */
	readonly value: string;
	/** Undefined until the broker says anything of the order. */
	readonly fills: OrderFills | undefined;
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
	 * The tickets a day that began at `since` counts: sent that day (placed, or of unknown fate), filled that
	 * day, or still working by the broker's word whenever they were sent. Rejected and not-placed ones cost
	 * nothing, unless the broker says their order exists.
	 */
	sentSince(since: number): SentTicket[];
	/** What the broker last said of the ticket's order; undefined before it said anything. */
	fillsOf(ticketId: string): OrderFills | undefined;
	/** Keeps what the broker now says of the ticket's order, replacing what it said before. */
	recordFills(ticketId: string, fills: OrderFills): void;
}
