import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';
import { isSettled, openTicket, ordersWithClientId, pressConfirm } from '../support/fault-desk-steps.js';

/** The least-privileged role cannot stop traders from trading by asking the broker for lists. */

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

describe('a viewer running /orders again and again while broker reads are slow', () => {
	it('is refused past their budget, and a trader’s Confirm still places the order at once', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		await live.caughtUp;
		const ticket = await openTicket(live);
		live.sandbox.controls.injectRestFault({
			kind: 'delay',
			phase: 'before',
			ms: 1500,
			count: 20,
			endpoint: 'fetch_orders',
		});

		const viewers = [live.users.viewer, live.users.viewer, live.users.admin, live.users.admin, live.users.trader2];
		const lists = viewers.map((userId) => live.slash(userId, 'orders'));
		const third = live.slash(live.users.viewer, 'orders');
		const refused = await live.reply(third, (text) => text.includes('under way'));
		expect(messageText(refused.data)).toBe(
			'You already have 2 requests to the broker under way; wait for them to finish, then try again. Nothing more was sent.',
		);

		const placed = await live.reply(pressConfirm(live, ticket), isSettled);
		expect(messageText(placed.data)).toContain('Placed: filled.');
		expect(await ordersWithClientId(live, ticket.ticketId)).toHaveLength(1);
		expect(lists.filter((handle) => handle.acknowledged)).toHaveLength(lists.length);

		await vi.waitFor(() => {
			const rows = live.store.audit
				.query({ limit: 100 })
				.filter((row) => row.action === '/orders' && row.outcome === 'refused');
			expect(rows.map((row) => row.detail)).toContain(
				'You already have 2 requests to the broker under way; wait for them to finish, then try again. Nothing more was sent.',
			);
		});
		await Promise.all(lists.map((handle) => live.reply(handle)));
	});
});
