import { afterEach, describe, expect, it } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import { marketBuy, pressConfirm } from '../support/fault-desk-steps.js';

/** A ticket that expires says so when it expires, without waiting for someone to press a dead button. */

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

describe('an order ticket left alone', () => {
	it('turns into "expired", with no buttons left, when its time is up', async () => {
		desk = await DeskHarness.start({ ticketTtlMs: 400 });
		const handle = desk.slash(desk.users.trader, 'order', marketBuy);
		const message = await desk.reply(handle);
		const confirm = buttonIds(message.data).find((id) => id.startsWith('order:confirm:')) ?? '';
		const ticket = { message, ticketId: confirm.slice('order:confirm:'.length) };
		expect(buttonIds(message.data)).toHaveLength(2);

		const expired = await handle.originalMessage((message) => messageText(message.data).includes('Expired'), 5_000);

		expect(messageText(expired.data)).toContain('Expired. Nothing was sent; open a new ticket.');
		expect(buttonIds(expired.data)).toEqual([]);
		const late = await desk.reply(pressConfirm(desk, ticket));
		expect(messageText(late.data)).toBe('This ticket has expired. Nothing was sent; open a new ticket.');
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});
});
