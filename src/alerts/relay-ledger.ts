/**
 * What the relay has already done, kept across restarts (the store implements it): the keys of events posted
 * or deliberately skipped, the message that shows each order's status, and how far reconciliation has looked.
 * This is what makes every alert appear once.
 */
export interface RelayLedger {
	wasPosted(key: string): boolean;
	/** Records, in one transaction, that these events are done: posted in `messageId`, or skipped (null). */
	markPosted(keys: readonly string[], messageId: string | null, at: number): void;
	orderMessage(orderId: string): { channelId: string; messageId: string } | undefined;
	setOrderMessage(orderId: string, channelId: string, messageId: string): void;
	/** The broker's time up to which every order change is known to be handled; it only moves forward. */
	cursor(): number | undefined;
	advanceCursor(at: number): void;
	/** Replaces a cursor found untrustworthy (one in the future), even with an earlier time. */
	resetCursor(at: number): void;
}
