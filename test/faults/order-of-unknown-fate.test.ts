import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';
import {
	allOrderCount,
	isSettled,
	openTicket,
	ordersWithClientId,
	pressConfirm,
	shownVersions,
} from '../support/fault-desk-steps.js';

/**
 * An order whose fate is not known is never called "not placed": the desk keeps looking for its client order
 * id and edits the ticket when it appears, or says when it stopped looking that it may still appear.
 */

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

const placementRows = (of: DeskHarness, ticketId: string) =>
	of.store.audit
		.query({ limit: 1000 })
		.filter((row) => row.ticketId === ticketId && row.action === 'order placement')
		.reverse();

describe('create_order that reaches the broker late, after the client timed out and the look-ups missed it', () => {
	it('says "not found yet", then "placed: filled" when the broker holds it, and never "not placed"', async () => {
		desk = await DeskHarness.start({ timeoutMs: 300 });
		const live = desk;
		await live.caughtUp;
		const ticket = await openTicket(live);
		live.sandbox.controls.injectRestFault({
			kind: 'delay',
			phase: 'before',
			ms: 1500,
			count: 1,
			endpoint: 'create_order',
		});

		const click = pressConfirm(live, ticket);
		const notFound = await live.reply(click, (text) => text.includes('Not found yet'));
		expect(messageText(notFound.data)).toContain('A delayed order can still arrive');
		expect(await ordersWithClientId(live, ticket.ticketId)).toEqual([]);

		const placed = await click.originalMessage(
			(message) => messageText(message.data).includes('Placed: filled.'),
			5_000,
		);
		const shown = shownVersions(placed);
		expect(shown.filter((text) => /not placed/i.test(text))).toEqual([]);
		expect(shown.findIndex((text) => text.includes('Not found yet'))).toBeLessThan(
			shown.findIndex((text) => text.includes('Placed: filled.')),
		);
		expect(live.brokerCalls.count('create_order')).toBe(1);
		expect(await ordersWithClientId(live, ticket.ticketId)).toHaveLength(1);
		expect(await allOrderCount(live)).toBe(1);
		await vi.waitFor(() =>
			expect(placementRows(live, ticket.ticketId).map((row) => row.outcome)).toEqual(['not-found-yet', 'placed']),
		);
	});
});

describe('create_order that never reaches the broker', () => {
	it('says when the desk stopped looking that the order may still appear, never "not placed"', async () => {
		desk = await DeskHarness.start({ orderWatch: { watchForMs: 600, pollEveryMs: 100, maxPollEveryMs: 200 } });
		const live = desk;
		await live.caughtUp;
		const ticket = await openTicket(live);
		live.sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 1, endpoint: 'create_order' });

		const click = pressConfirm(live, ticket);
		await live.reply(click, isSettled);
		const ended = await click.originalMessage(
			(message) => messageText(message.data).includes('Still not found'),
			5_000,
		);

		const text = messageText(ended.data);
		expect(text).toContain('It may still arrive');
		expect(text).toContain(`/order-status ${ticket.ticketId}`);
		expect(shownVersions(ended).filter((version) => /not placed/i.test(version))).toEqual([]);
		expect(live.brokerCalls.count('create_order')).toBe(1);
		expect(live.brokerCalls.count('fetch_orders')).toBeGreaterThan(2);
		await vi.waitFor(() =>
			expect(placementRows(live, ticket.ticketId).map((row) => row.outcome)).toEqual([
				'not-found-yet',
				'not-found-yet',
			]),
		);
	});
});
