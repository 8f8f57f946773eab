import { InteractionResponseType } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';
import {
	allOrderCount,
	isSettled,
	openTicket,
	ordersWithClientId,
	pressConfirm,
	shownVersions,
} from '../support/fault-desk-steps.js';

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

const answerLost = 'the broker’s answer was lost. Checking with the broker whether it was placed';

describe('create_order accepted but its answer lost', () => {
	it('past the client timeout: the ticket says "unknown", then the real result, and the order was sent once', async () => {
		desk = await DeskHarness.start({ timeoutMs: 300 });
		await desk.caughtUp;
		const ticket = await openTicket(desk);
		desk.sandbox.controls.injectRestFault({
			kind: 'delay',
			phase: 'after',
			ms: 1500,
			count: 1,
			endpoint: 'create_order',
		});

		const result = await desk.reply(pressConfirm(desk, ticket), isSettled);

		const shown = shownVersions(result);
		expect(shown.at(-1)).toContain('Placed: filled.');
		expect(shown.at(-2)).toContain(answerLost);
		expect(desk.brokerCalls.count('create_order')).toBe(1);
		expect(await ordersWithClientId(desk, ticket.ticketId)).toHaveLength(1);
		expect(await allOrderCount(desk)).toBe(1);
	});
});

describe('create_order failing with a 5xx before anything was created', () => {
	it('says "not found yet", never "not placed", after the look-ups found nothing, and a retry needs a new ticket', async () => {
		desk = await DeskHarness.start();
		await desk.caughtUp;
		const ticket = await openTicket(desk);
		const callsBefore = desk.brokerCalls.calls.length;
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 1, endpoint: 'create_order' });

		const result = await desk.reply(pressConfirm(desk, ticket), isSettled);

		const shown = shownVersions(result);
		expect(shown.at(-2)).toContain(answerLost);
		expect(shown.at(-1)).toContain('Not found yet. The broker shows no order for this ticket so far (looked up twice');
		expect(shown.filter((text) => text.includes('Not placed'))).toEqual([]);
		const calls = desk.brokerCalls.calls.slice(callsBefore);
		expect(calls[0]).toBe('create_order');
		expect(calls.slice(1).filter((endpoint) => endpoint === 'fetch_orders').length).toBeGreaterThanOrEqual(2);
		expect(await allOrderCount(desk)).toBe(0);

		const again = await desk.reply(pressConfirm(desk, ticket));
		expect(messageText(again.data)).toBe('This ticket has already been confirmed. Nothing more was sent.');
		expect(desk.brokerCalls.count('create_order')).toBe(1);

		const retry = await openTicket(desk);
		expect(retry.ticketId).not.toBe(ticket.ticketId);
		expect(messageText((await desk.reply(pressConfirm(desk, retry), isSettled)).data)).toContain('Placed: filled.');
		expect(await ordersWithClientId(desk, retry.ticketId)).toHaveLength(1);
		expect(await ordersWithClientId(desk, ticket.ticketId)).toEqual([]);
		expect(desk.brokerCalls.count('create_order')).toBe(2);
	});

	it('never says "not placed" while the broker cannot be asked whether the order exists', async () => {
		desk = await DeskHarness.start();
		await desk.caughtUp;
		const ticket = await openTicket(desk);
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 1, endpoint: 'create_order' });
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 100, endpoint: 'fetch_orders' });

		const click = pressConfirm(desk, ticket);
		await click.response();
		// Three look-ups, each retried, with a pause of 1 s and then 2 s between them: about 5 s in all.
		const result = await click.originalMessage((message) => isSettled(messageText(message.data)), 12_000);

		expect(messageText(result.data)).toContain('Unknown. The broker could not be asked whether the order exists.');
		expect(messageText(result.data)).toContain(`/order-status ${ticket.ticketId}`);
		expect(shownVersions(result).filter((text) => text.includes('Not placed'))).toEqual([]);
		expect(desk.brokerCalls.count('create_order')).toBe(1);
	});
});

describe('a broker call hanging during confirmation', () => {
	// Discord's 3 s to acknowledge and a 10 s hang, both scaled down tenfold; the hang outlasts the deadline either way.
	const ackDeadlineMs = 300;
	const hangMs = 1000;

	it.each([
		{ name: 'answering late, within the client timeout', timeoutMs: 5000, phase: 'before' as const },
		{ name: 'answering after the client timeout', timeoutMs: 600, phase: 'after' as const },
	])('$name: the click is acknowledged in time and the final result still arrives', async ({ timeoutMs, phase }) => {
		desk = await DeskHarness.start({ timeoutMs, fake: { ackDeadlineMs } });
		await desk.caughtUp;
		const ticket = await openTicket(desk);
		desk.sandbox.controls.injectRestFault({ kind: 'delay', phase, ms: hangMs, count: 1, endpoint: 'create_order' });

		const click = pressConfirm(desk, ticket);
		expect((await click.response()).type).toBe(InteractionResponseType.UpdateMessage);
		const result = await desk.reply(click, isSettled);

		expect(click.lapsed).toBe(false);
		expect(Date.now() - click.createdAt).toBeGreaterThan(2 * ackDeadlineMs);
		expect(messageText(result.data)).toContain('Placed: filled.');
		expect(desk.brokerCalls.count('create_order')).toBe(1);
		expect(await ordersWithClientId(desk, ticket.ticketId)).toHaveLength(1);
	});
});
