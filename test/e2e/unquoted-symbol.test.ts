import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';

/** A configured symbol the broker refuses to quote is said to be so, not shown as a price that is late. */

let desk: DeskHarness;
beforeAll(async () => {
	desk = await DeskHarness.start({ extraSymbols: ['XRP/AUD'] });
	await vi.waitFor(() => expect(desk.stream.subscriptions.prices).not.toContain('XRP/AUD'));
});
afterAll(() => desk.close());

describe('a configured symbol the broker refuses to quote', () => {
	it('/price says the broker does not quote it, rather than that a price has not arrived yet', async () => {
		const text = messageText((await desk.reply(desk.slash(desk.users.viewer, 'price', { symbol: 'XRP/AUD' }))).data);
		expect(text).toContain('The broker does not quote XRP/AUD');
		expect(text).not.toMatch(/not arrived|yet|try again shortly/i);
	});

	it('/order refuses it with the same reason, not "try again shortly"', async () => {
		const text = messageText(
			(
				await desk.reply(
					desk.slash(desk.users.trader, 'order', { side: 'buy', symbol: 'XRP/AUD', amount: '10', type: 'market' }),
				)
			).data,
		);
		expect(text).toContain('The broker does not quote XRP/AUD');
		expect(text).not.toMatch(/try again shortly/i);
	});

	it('/status says it is not quoted', async () => {
		const text = messageText((await desk.reply(desk.slash(desk.users.viewer, 'status'))).data);
		expect(text).toContain('XRP/AUD: not quoted by the broker');
	});
});
