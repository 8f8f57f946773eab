import { Decimal } from 'decimal.js';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import type { FakeRequest } from '../support/fake-discord.js';
import { call } from '../support/sandbox-peer.js';

let desk: DeskHarness;
afterEach(() => desk.close());

const marketBuy = { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' };
const unknownInteraction = { status: 404, body: { message: 'Unknown interaction', code: 10062 } };

async function ticket(options: Record<string, string> = marketBuy) {
	const message = await desk.reply(desk.slash(desk.users.trader, 'order', options));
	const confirm = buttonIds(message.data).find((id) => id.startsWith('order:confirm:'));
	if (!confirm) throw new Error(messageText(message.data));
	return { message, ticketId: confirm.slice('order:confirm:'.length) };
}

async function ordersWithClientId(clientOrderId: string) {
	const reply = await call(desk.sandbox, 'fetch_orders', {});
	return reply.body.order_list.filter((order: { client_order_id: string }) => order.client_order_id === clientOrderId);
}

function isCallback(type: InteractionResponseType) {
	return (request: FakeRequest) =>
		request.method === 'POST' &&
		request.path.startsWith('/interactions/') &&
		typeof request.body === 'object' &&
		request.body !== null &&
		'type' in request.body &&
		request.body.type === type;
}

const isOriginalEdit = (request: FakeRequest) =>
	request.method === 'PATCH' && request.path.endsWith('/messages/@original');

describe('the fat-finger guard', () => {
	it('cannot be skipped by submitting a form to Confirm, nor by pressing the retype id', async () => {
		desk = await DeskHarness.start();
		const { message, ticketId } = await ticket({ ...marketBuy, amount: '40000' });
		const forged = await desk.reply(desk.submitModal(desk.users.trader, message, `order:confirm:${ticketId}`, {}));
		expect(messageText(forged.data)).toBe('Confirm with the ticket’s button. Nothing was sent.');
		const pressed = await desk.reply(desk.click(desk.users.trader, message, `order:retype:${ticketId}`));
		expect(messageText(pressed.data)).toBe('Type the amount in the form that Confirm opens. Nothing was sent.');
		const stranger = await desk.reply(
			desk.submitModal(desk.users.trader2, message, `order:retype:${ticketId}`, { amount: '40000' }),
		);
		expect(messageText(stranger.data)).toBe('Only the trader who opened this ticket can use it.');
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});
});

describe('cancel', () => {
	it('answers a form aimed at Cancel without canceling the ticket', async () => {
		desk = await DeskHarness.start();
		const { message, ticketId } = await ticket();
		const forged = desk.submitModal(desk.users.trader, message, `order:cancel:${ticketId}`, {});
		expect(messageText((await desk.reply(forged)).data)).toBe('Cancel with the ticket’s button.');
		await desk.reply(desk.click(desk.users.trader, message, `order:confirm:${ticketId}`), (text) =>
			text.includes('Placed'),
		);
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
	});
});

describe('when Discord fails around an order', () => {
	it('gives the ticket back when the click cannot be acknowledged, so a new click still confirms it once', async () => {
		desk = await DeskHarness.start();
		const { message, ticketId } = await ticket();
		desk.fake.respondOnce(isCallback(InteractionResponseType.UpdateMessage), unknownInteraction);
		const lost = desk.click(desk.users.trader, message, `order:confirm:${ticketId}`);
		await desk.fake.waitForRequest(
			(request) => isCallback(InteractionResponseType.UpdateMessage)(request) && request.status === 404,
		);
		expect(lost.acknowledged).toBe(false);
		expect(desk.brokerCalls.count('create_order')).toBe(0);
		await desk.reply(desk.click(desk.users.trader, message, `order:confirm:${ticketId}`), (text) =>
			text.includes('Placed'),
		);
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
	});

	it('still settles a lost order when the "answer lost" notice cannot be shown', async () => {
		desk = await DeskHarness.start();
		const { message, ticketId } = await ticket();
		desk.sandbox.controls.injectRestFault({ kind: 'drop', phase: 'after', count: 1, endpoint: 'create_order' });
		desk.fake.respondOnce(isOriginalEdit, unknownInteraction);
		const result = await desk.reply(desk.click(desk.users.trader, message, `order:confirm:${ticketId}`), (text) =>
			text.includes('Placed'),
		);
		expect(messageText(result.data)).toContain('Placed: filled.');
		expect(desk.brokerCalls.count('fetch_orders')).toBeGreaterThan(0);
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
	});

	it('tells the trader privately when the ticket cannot be edited into the result', async () => {
		desk = await DeskHarness.start();
		const { message, ticketId } = await ticket();
		desk.fake.respondOnce(isOriginalEdit, unknownInteraction);
		const click = desk.click(desk.users.trader, message, `order:confirm:${ticketId}`);
		const notice = await click.followUp();
		expect(((notice.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0).toBe(true);
		expect(messageText(notice.data)).toContain('Placed: filled.');
		expect(await ordersWithClientId(ticketId)).toHaveLength(1);
	});
});

describe('expiry of /orders buttons', () => {
	it('stops paging once the buttons expire', async () => {
		desk = await DeskHarness.start();
		desk.sandbox.controls.fillBurst({ count: 11, symbol: 'BTC/AUD', amount: '0.01' });
		const first = await desk.reply(desk.slash(desk.users.viewer, 'orders', {}));
		const next = buttonIds(first.data)[1] ?? '';
		desk.clock.advance(14 * 60_000 + 1);
		const late = await desk.reply(desk.click(desk.users.viewer, first, next));
		expect(messageText(late.data)).toBe('These buttons have expired. Run /orders again.');
	});
});

describe('/price when the broker’s prices stop', () => {
	it('says the stream is unavailable instead of showing the last ladder as current', async () => {
		desk = await DeskHarness.start();
		const unavailable = new Promise<void>((resolve) => {
			const off = desk.stream.on('priceUnavailable', () => {
				off();
				resolve();
			});
		});
		desk.sandbox.controls.pausePrices();
		await unavailable;
		const text = messageText((await desk.reply(desk.slash(desk.users.viewer, 'price', { symbol: 'USDT/AUD' }))).data);
		expect(text).toContain('USDT/AUD: no current price');
		expect(text).toContain('The broker says its price stream is unavailable');
		const order = await desk.reply(desk.slash(desk.users.trader, 'order', marketBuy));
		expect(messageText(order.data)).toContain('No live price for USDT/AUD (the price stream is unavailable)');
	});
});

describe('limits', () => {
	it('are taken from the configuration given', async () => {
		desk = await DeskHarness.start({ limits: { maxOrderValue: new Decimal(100) } });
		const reply = await desk.reply(desk.slash(desk.users.trader, 'order', marketBuy));
		expect(messageText(reply.data)).toContain("above the desk's limit of 100.00 AUD per order");
	});
});
