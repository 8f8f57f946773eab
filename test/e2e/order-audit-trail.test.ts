import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';
import { isSettled, openTicket, pressConfirm } from '../support/fault-desk-steps.js';

/** The audit trail links a live order to its trader before it leaves, and the desk's views name the trader. */

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

function rows(of: DeskHarness, ticketId: string) {
	return of.store.audit.query({ limit: 1000 }).filter((row) => row.ticketId === ticketId);
}

describe('an order in flight is in the audit trail', () => {
	it('writes "order sending" with the trader, the ticket id and the inputs before create_order leaves', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		await live.caughtUp;
		const ticket = await openTicket(live);
		live.sandbox.controls.injectRestFault({
			kind: 'delay',
			phase: 'before',
			ms: 800,
			count: 1,
			endpoint: 'create_order',
		});

		const confirm = pressConfirm(live, ticket);
		await vi.waitFor(() => expect(live.brokerCalls.count('create_order')).toBe(1), { interval: 5 });
		const inFlight = rows(live, ticket.ticketId).map((row) => row.action);
		expect(inFlight).toContain('order sending');
		expect(inFlight).not.toContain('order placement');
		const sending = rows(live, ticket.ticketId).find((row) => row.action === 'order sending');
		expect(sending).toMatchObject({ userId: live.users.trader, outcome: 'sending', channelId: live.channelId });
		expect(JSON.parse(sending?.inputs ?? '{}')).toEqual({
			side: 'buy',
			symbol: 'USDT/AUD',
			type: 'market',
			amount: '100',
			price: null,
		});

		await live.reply(confirm, isSettled);
		await vi.waitFor(() =>
			expect(rows(live, ticket.ticketId).map((row) => row.action)).toEqual(
				expect.arrayContaining(['/order', 'order sending', 'order placement', 'button order:confirm']),
			),
		);
	});

	it('puts the ticket id on the /order row that opened it', async () => {
		desk = await DeskHarness.start();
		const ticket = await openTicket(desk);
		const live = desk;
		await vi.waitFor(() =>
			expect(rows(live, ticket.ticketId).find((row) => row.action === '/order')).toMatchObject({
				outcome: 'ok',
				userId: live.users.trader,
			}),
		);
	});
});

describe('the trader of an order placed through the bot', () => {
	it('is shown by /order-status and /orders', async () => {
		desk = await DeskHarness.start();
		await desk.caughtUp;
		const ticket = await openTicket(desk);
		await desk.reply(pressConfirm(desk, ticket), isSettled);

		const status = messageText(
			(await desk.reply(desk.slash(desk.users.viewer, 'order-status', { id: ticket.ticketId }))).data,
		);
		expect(status).toContain(`Trader: <@${desk.users.trader}>`);

		desk.sandbox.controls.fillBurst({ count: 1, symbol: 'ETH/AUD', amount: '0.5' });
		const list = messageText((await desk.reply(desk.slash(desk.users.viewer, 'orders'))).data);
		const lines = list.split('\n');
		const ours = lines.findIndex((line) => line.includes(ticket.ticketId));
		expect(lines[ours - 1]).toContain(`<@${desk.users.trader}>`);
		const foreign = lines.findIndex((line) => line.includes('ETH/AUD'));
		expect(lines[foreign]).not.toContain('<@');
	});
});
