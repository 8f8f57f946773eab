import type { OrderFills, TicketOpened } from '../../src/desk/ticket-records.js';

/** Midnight in Sydney that began 2 December 2026: the desk's day these fixtures trade in. */
export const sydneyDayStart = Date.parse('2026-12-01T13:00:00Z');
export const hour = 3_600_000;

/** A ticket for one BTC at 150,000 AUD, opened by tina at `openedAt`. */
export const openedTicket = (id: string, openedAt: number, fields: Partial<TicketOpened> = {}): TicketOpened => ({
	id,
	userId: 'tina',
	channelId: null,
	symbol: 'BTC/AUD',
	side: 'buy',
	type: 'limit',
	amount: '1',
	price: '150000',
	openedAt,
	value: '150000',
	...fields,
});

/** The broker's word on an order: still open and unfilled, unless `fields` say otherwise. */
export const orderFills = (fields: Partial<OrderFills> = {}): OrderFills => ({
	status: 'open',
	filled: '0',
	cost: null,
	filledAt: null,
	filledBeforeDay: '0',
	costBeforeDay: null,
	...fields,
});
