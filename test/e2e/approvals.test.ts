import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import type { FakeMessage } from '../support/fake-discord.js';
import { type OpenTicket, openTicket, ordersWithClientId, pressConfirm } from '../support/fault-desk-steps.js';
import { expectClearSentence } from '../support/prop-sentences.js';

/**
 * Four eyes above APPROVAL_ABOVE: Confirm posts a request on the approvals route, and the order goes out only
 * when another approver approves it in time, priced and checked again at that moment; exactly one order.
 */

/** About 1,545 AUD at worst: above the threshold these tests set, below the retype threshold. */
const largeBuy = { side: 'buy', symbol: 'USDT/AUD', amount: '1000', type: 'market' } as const;

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

async function startDesk(options: Parameters<typeof DeskHarness.start>[0] = {}) {
	const live = await DeskHarness.start({ approvalAbove: '1000', ...options });
	desk = live;
	await live.caughtUp;
	return live;
}

function routeApprovals(live: DeskHarness): string {
	const channelId = live.fake.addChannel(live.guildId, { name: 'approvals' });
	live.store.routes.set({ kind: 'approvals', channelId, mode: 'on', changedBy: 'test', changedAt: live.clock.now() });
	return channelId;
}

/** Opens and confirms a ticket above the threshold; returns the trader's ticket and the request posted. */
async function requestApproval(live: DeskHarness, channelId: string, trader = live.users.trader) {
	const ticket = await openTicket(live, largeBuy, trader);
	const confirmed = await live.reply(pressConfirm(live, ticket, trader), (text) =>
		text.includes('Waiting for approval'),
	);
	const request = await live.fake.waitForMessage(channelId, (message) =>
		buttonIds(message.data).includes(`order:approve:${ticket.ticketId}`),
	);
	return { ticket, confirmed, request };
}

const press = (live: DeskHarness, userId: string, request: FakeMessage, action: string, ticket: OpenTicket) =>
	live.click(userId, request, `order:${action}:${ticket.ticketId}`);

/** The ticket's audit rows, oldest first (a press's row is stamped when the press began). */
const auditOf = (live: DeskHarness, ticketId: string) =>
	live.store.audit
		.query({ limit: 1000 })
		.filter((row) => row.ticketId === ticketId)
		.map((row) => [row.action, row.userId, row.outcome] as const)
		.reverse();

describe('an order above the approval threshold', () => {
	it('is refused at Confirm while no approvals route is set, and nothing is sent', async () => {
		const live = await startDesk();
		const ticket = await openTicket(live, largeBuy);
		const said = messageText((await live.reply(pressConfirm(live, ticket))).data);
		expect(said).toBe(
			"Orders above 1,000.00 AUD need a second person's approval, and the approvals route is not set: an admin must set it with /alerts set kind approvals. Nothing was sent.",
		);
		expectClearSentence(said);
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});

	it('is sent once another approver approves it; self-approval and a second press send nothing', async () => {
		const live = await startDesk();
		const channelId = routeApprovals(live);
		const { ticket, confirmed, request } = await requestApproval(live, channelId, live.users.approver2);
		expect(live.brokerCalls.count('create_order')).toBe(0);
		const shown = messageText(request.data);
		expect(shown).toContain(`Trader: <@${live.users.approver2}>`);
		expect(shown).toMatch(/Side: buy[\s\S]*Amount: 1,000[\s\S]*Symbol: USDT\/AUD[\s\S]*Type: market/);
		expect(shown).toContain('Limit price: none (market)');
		expect(shown).toMatch(/Value at worst: 1,5\d\d\.\d\d AUD/);
		expect(shown).toMatch(/expires <t:\d+:R>/);

		const self = await live.reply(press(live, live.users.approver2, request, 'approve', ticket));
		expect(messageText(self.data)).toBe(
			'You opened this ticket: another approver must approve or reject it. Nothing was sent.',
		);
		const trader = await live.reply(press(live, live.users.trader, request, 'approve', ticket));
		expect(messageText(trader.data)).toMatch(/^You need the approve \(.+\) capability for this\./);
		expect(live.brokerCalls.count('create_order')).toBe(0);

		const approved = await live.reply(press(live, live.users.approver, request, 'approve', ticket), (text) =>
			text.includes('the order was placed'),
		);
		expect(messageText(approved.data)).toContain(`Approved by <@${live.users.approver}>: the order was placed.`);
		await vi.waitFor(() => expect(messageText(confirmed.data)).toContain('Placed'));

		const again = await live.reply(press(live, live.users.approver, request, 'approve', ticket));
		expect(messageText(again.data)).toBe('This order was already approved. Nothing more was sent.');
		expect(live.brokerCalls.count('create_order')).toBe(1);
		expect(await ordersWithClientId(live, ticket.ticketId)).toHaveLength(1);

		// Rows stamped in the same millisecond may come in either order: compared as a set, then the one order that matters.
		await vi.waitFor(() => expect(auditOf(live, ticket.ticketId)).toHaveLength(10));
		const rows = auditOf(live, ticket.ticketId);
		expect(rows).toEqual(
			expect.arrayContaining([
				['/order', live.users.approver2, 'ok'],
				['button order:confirm', live.users.approver2, 'ok'],
				['approval request', live.users.approver2, 'requested'],
				['button order:approve', live.users.approver2, 'refused'],
				['button order:approve', live.users.trader, 'refused'],
				['button order:approve', live.users.approver, 'ok'],
				['approval decision', live.users.approver, 'approved'],
				['order sending', live.users.approver2, 'sending'],
				['order placement', live.users.approver2, 'placed'],
				['button order:approve', live.users.approver, 'refused'],
			]),
		);
		const at = (action: string) => rows.findIndex(([name]) => name === action);
		expect(at('approval request')).toBeLessThan(at('approval decision'));
		expect(at('approval decision')).toBeLessThanOrEqual(at('order sending'));
	});

	it('sends exactly one order when two approvers press Approve at once', async () => {
		const live = await startDesk();
		const channelId = routeApprovals(live);
		const { ticket, request } = await requestApproval(live, channelId);
		const first = press(live, live.users.approver, request, 'approve', ticket);
		const second = press(live, live.users.approver2, request, 'approve', ticket);
		await Promise.all([first.response(), second.response()]);
		await vi.waitFor(() =>
			expect(auditOf(live, ticket.ticketId).filter(([action]) => action === 'button order:approve')).toHaveLength(2),
		);
		expect(live.brokerCalls.count('create_order')).toBe(1);
		expect(await ordersWithClientId(live, ticket.ticketId)).toHaveLength(1);
	});

	it('is not sent when rejected, and the trader and the request say so', async () => {
		const live = await startDesk();
		const channelId = routeApprovals(live);
		const { ticket, confirmed, request } = await requestApproval(live, channelId);
		const rejected = await live.reply(press(live, live.users.approver, request, 'reject', ticket));
		expect(messageText(rejected.data)).toBe('Rejected. The trader was told; nothing was sent.');
		const words = `Rejected by <@${live.users.approver}>. Nothing was sent.`;
		await vi.waitFor(() => expect(messageText(confirmed.data)).toContain(words));
		await vi.waitFor(() => expect(messageText(request.data)).toContain(words));
		expect(buttonIds(request.data)).toEqual([]);

		const late = await live.reply(press(live, live.users.approver2, request, 'approve', ticket));
		expect(messageText(late.data)).toBe('This request was already rejected. Nothing was sent.');
		expect(live.brokerCalls.count('create_order')).toBe(0);
		expect(auditOf(live, ticket.ticketId)).toContainEqual(['approval decision', live.users.approver, 'rejected']);
	});

	it('expires: nothing is sent, and the trader and the request say so', async () => {
		const live = await startDesk({ approvalTtlMs: 60_000 });
		const channelId = routeApprovals(live);
		const { ticket, confirmed, request } = await requestApproval(live, channelId);
		live.clock.advance(60_001);
		const words = 'The approval request expired before anyone approved it.';
		await vi.waitFor(() => expect(messageText(confirmed.data)).toContain(words), { timeout: 3_000 });
		await vi.waitFor(() => expect(messageText(request.data)).toContain(words));

		const late = await live.reply(press(live, live.users.approver, request, 'approve', ticket));
		expect(messageText(late.data)).toBe(
			'This approval request has expired. Nothing was sent; the trader must open a new ticket.',
		);
		expect(live.brokerCalls.count('create_order')).toBe(0);
		const decisions = auditOf(live, ticket.ticketId).filter(([action]) => action === 'approval decision');
		expect(decisions).toEqual([['approval decision', live.users.trader, 'expired']]);
	});

	it('is stopped by a halt that lands between the request and the approval', async () => {
		const live = await startDesk();
		const channelId = routeApprovals(live);
		const { ticket, confirmed, request } = await requestApproval(live, channelId);
		live.store.deskState.setHalted(true, live.users.admin, 'incident', live.clock.now());
		const refused = await live.reply(press(live, live.users.approver, request, 'approve', ticket));
		const said = messageText(refused.data);
		expect(said).toMatch(/halted/i);
		await vi.waitFor(() =>
			expect(messageText(confirmed.data)).toContain(`Approval by <@${live.users.approver}> was refused: ${said}`),
		);
		expect(live.brokerCalls.count('create_order')).toBe(0);
		expect(auditOf(live, ticket.ticketId)).toContainEqual(['approval decision', live.users.approver, 'refused']);
	});

	it('is refused when, priced again at approval, it is above the desk’s limit per order', async () => {
		const live = await startDesk({ limits: { maxOrderValue: new Decimal('2000') } });
		const channelId = routeApprovals(live);
		const { ticket, confirmed, request } = await requestApproval(live, channelId);
		const repriced = new Promise<void>((resolve) => {
			const off = live.stream.on('ladder', (ladder) => {
				if (ladder.symbol !== 'USDT/AUD' || Number(ladder.buyTiers[0]?.price ?? 0) < 2.4) return;
				off();
				resolve();
			});
		});
		live.sandbox.controls.setMid('USDT/AUD', '2.5');
		await repriced;
		const refused = await live.reply(press(live, live.users.approver, request, 'approve', ticket));
		const said = messageText(refused.data);
		expect(said).toMatch(
			/^This order is worth up to 2,\d{3}\.\d\d AUD .*above the desk's limit of 2,000\.00 AUD per order\.$/,
		);
		await vi.waitFor(() => expect(messageText(confirmed.data)).toContain(said));
		await vi.waitFor(() => expect(messageText(request.data)).toContain('was refused'));
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});
});
