import { buttonIds, type DeskHarness, messageText } from './desk-harness.js';

/** An order as a trader places it: /order, then Confirm, until the ticket says it was placed. Returns the ticket id. */
export async function placeThroughDesk(
	desk: DeskHarness,
	userId: string,
	order: { side: 'buy' | 'sell'; symbol: string; amount: string; type?: 'market' | 'limit'; price?: string },
): Promise<string> {
	const options: Record<string, string> = { type: 'market', ...order };
	const ticket = await desk.reply(desk.slash(userId, 'order', options));
	const confirm = buttonIds(ticket.data).find((id) => id.startsWith('order:confirm:'));
	if (!confirm) throw new Error(`no ticket: ${messageText(ticket.data)}`);
	const placed = await desk.reply(desk.click(userId, ticket, confirm), (text) =>
		/Placed|Not placed|Rejected/.test(text),
	);
	const text = messageText(placed.data);
	if (!text.includes('Placed')) throw new Error(`not placed: ${text}`);
	return confirm.slice('order:confirm:'.length);
}
