import { buttonIds, type DeskHarness, messageText } from './desk-harness.js';
import type { FakeMessage, FakeRequest } from './fake-discord.js';
import { call } from './sandbox-peer.js';

/** Steps the fault tests take through DeskHarness's public API. */

export const marketBuy = { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' } as const;

export interface OpenTicket {
	readonly message: FakeMessage;
	readonly ticketId: string;
}

/** Runs /order as `userId` and returns the ticket's message and id (its client order id). */
export async function openTicket(
	desk: DeskHarness,
	options: Record<string, string> = marketBuy,
	userId = desk.users.trader,
): Promise<OpenTicket> {
	const message = await desk.reply(desk.slash(userId, 'order', options));
	const confirm = buttonIds(message.data).find((id) => id.startsWith('order:confirm:'));
	if (!confirm) throw new Error(`no ticket: ${messageText(message.data)}`);
	return { message, ticketId: confirm.slice('order:confirm:'.length) };
}

export function pressConfirm(desk: DeskHarness, ticket: OpenTicket, userId = desk.users.trader) {
	return desk.click(userId, ticket.message, `order:confirm:${ticket.ticketId}`);
}

/** The orders the sandbox holds under this client order id. */
export async function ordersWithClientId(desk: DeskHarness, clientOrderId: string): Promise<{ id: string }[]> {
	const reply = await call(desk.sandbox, 'fetch_orders', {});
	return reply.body.order_list.filter((order: { client_order_id: string }) => order.client_order_id === clientOrderId);
}

export async function allOrderCount(desk: DeskHarness): Promise<number> {
	return (await call(desk.sandbox, 'fetch_orders', {})).body.total;
}

/** Every version a message has shown, oldest first, as a person reads it. */
export function shownVersions(message: FakeMessage): string[] {
	return [...message.history, message.data].map(messageText);
}

/** A ticket's final words: placed, rejected, not placed, or unknown. */
export const isSettled = (text: string) =>
	/Placed|Rejected|Not placed|Not found yet|Still not found|Unknown\./.test(text);

export const postsTo = (channelId: string) => (request: FakeRequest) =>
	request.method === 'POST' && request.path === `/channels/${channelId}/messages`;
