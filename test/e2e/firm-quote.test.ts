import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import type { FakeMessage } from '../support/fake-discord.js';
import { ordersWithClientId } from '../support/fault-desk-steps.js';
import { call } from '../support/sandbox-peer.js';

/**
 * /quote: the dealer's firm price for a size, on a private card with its countdown and the ladder beside it;
 * Accept takes it once, through the contract's one way of taking a quote; everything the order ticket enforces
 * applies.
 */

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

async function startDesk(options: Parameters<typeof DeskHarness.start>[0] = {}) {
	const live = await DeskHarness.start(options);
	desk = live;
	await live.caughtUp;
	return live;
}

const buy100 = { side: 'buy', symbol: 'USDT/AUD', amount: '100' };

interface Card {
	readonly handle: ReturnType<DeskHarness['slash']>;
	readonly message: FakeMessage;
	readonly ticketId: string;
	readonly text: string;
}

async function quote(live: DeskHarness, options: Record<string, string> = buy100, userId = live.users.trader) {
	const handle = live.slash(userId, 'quote', options);
	const message = await live.reply(handle);
	const accept = buttonIds(message.data).find((id) => id.startsWith('quote:accept:'));
	const text = messageText(message.data);
	if (!accept) throw new Error(`no quote card: ${text}`);
	return { handle, message, ticketId: accept.slice('quote:accept:'.length), text } satisfies Card;
}

const press = (live: DeskHarness, card: Card, action: string, userId = live.users.trader) =>
	live.click(userId, card.message, `quote:${action}:${card.ticketId}`);

async function executedOrders(live: DeskHarness, clientOrderId: string) {
	const orders = (await call(live.sandbox, 'fetch_orders', {})).body.order_list as {
		client_order_id: string;
		status: string;
		price: string;
		amount: string;
	}[];
	return orders.filter((order) => order.client_order_id === clientOrderId);
}

const firmPrice = (text: string) => /Firm price: ([\d,.]+) AUD/.exec(text)?.[1]?.replaceAll(',', '');

describe('/quote', () => {
	it('shows the firm price, its countdown, the ladder beside it and the value, with Accept, Reject and Requote', async () => {
		const live = await startDesk();
		const card = await quote(live);
		expect(card.text).toMatch(/^BUY 100 USDT\/AUD at a firm quote/);
		expect(card.text).toMatch(/Firm for the whole size until \d\d:\d\d:\d\d AE[DS]T \(<t:\d+:R>\)/);
		expect(card.text).toMatch(/Firm price: 1\.5\d+ AUD/);
		expect(card.text).toMatch(/Ladder for this size: 1\.5\d+\n.*(better|worse|same)/);
		expect(card.text).toMatch(/Value at worst: 15\d\.\d\d AUD/);
		expect(buttonIds(card.message.data)).toEqual([
			`quote:accept:${card.ticketId}`,
			`quote:reject:${card.ticketId}`,
			`quote:requote:${card.ticketId}`,
		]);
		expect(live.brokerCalls.count('request_for_quote')).toBe(1);
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});

	it('Accept takes the quote once, at the quoted price, however often it is pressed', async () => {
		const live = await startDesk();
		const card = await quote(live);
		const price = firmPrice(card.text);
		const presses = [press(live, card, 'accept'), press(live, card, 'accept'), press(live, card, 'accept')];
		const answers = await Promise.all(presses.map((handle) => live.reply(handle)));
		const placed = await live.reply(presses[0] as ReturnType<typeof press>, (text) => text.includes('Placed'));
		expect(messageText(placed.data)).toMatch(/^BUY 100 USDT\/AUD at a firm quote\nPlaced: filled\./);
		const refusals = answers.map((answer) => messageText(answer.data)).filter((text) => text.includes('already'));
		expect(refusals.length).toBeGreaterThanOrEqual(1);
		const orders = await executedOrders(live, card.ticketId);
		expect(orders).toHaveLength(1);
		expect(orders[0]?.status).toBe('closed');
		expect(orders[0]?.price).toBe(price);
		expect(live.brokerCalls.count('create_order')).toBe(1);
	});

	it('after expiry, Accept only says so and offers Requote; nothing is sent', async () => {
		// A quote that lives a second: the card is edited when it runs out, and Accept comes after that.
		const live = await startDesk({ sandbox: { quoteTtlMs: 1_000 } });
		const card = await quote(live);
		const ended = await card.handle.originalMessage((message) => messageText(message.data).includes('Expired at'));
		expect(messageText(ended.data)).toMatch(
			/Expired at \d\d:\d\d:\d\d AE[DS]T\. Nothing was sent; press Requote for a fresh price\./,
		);
		expect(buttonIds(ended.data)).toEqual([`quote:requote:${card.ticketId}`]);
		const late = await live.reply(press(live, card, 'accept'));
		expect(messageText(late.data)).toMatch(
			/^This quote expired at \d\d:\d\d:\d\d AEDT\. Nothing was sent; press Requote for a fresh price\.$/,
		);
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});

	it('a quote that runs out while its retype form is open says the quote expired, and sends nothing', async () => {
		const live = await startDesk({ sandbox: { quoteTtlMs: 1_000 }, limits: { retypeAbove: new Decimal(50) } });
		const card = await quote(live);
		const ended = await card.handle.originalMessage((message) => messageText(message.data).includes('Expired at'));
		const typed = live.submitModal(live.users.trader, ended, `order:retype:${card.ticketId}`, { amount: '100' });
		expect(messageText((await live.reply(typed)).data)).toMatch(
			/^This quote expired at \d\d:\d\d:\d\d AEDT\. Nothing was sent; press Requote for a fresh price\.$/,
		);
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});

	it('shows a last-look rejection plainly: nothing filled, Requote offered', async () => {
		const live = await startDesk();
		const card = await quote(live);
		live.sandbox.controls.declineQuotes(1, 'the dealer declined the trade');
		const handle = press(live, card, 'accept');
		const result = await live.reply(handle, (text) => text.includes('did not trade'));
		expect(messageText(result.data)).toMatch(
			/The dealer did not trade: last look: the dealer declined the trade\. Nothing was filled; press Requote for a fresh price\./,
		);
		expect(buttonIds(result.data)).toEqual([`quote:requote:${card.ticketId}`]);
		const orders = await executedOrders(live, card.ticketId);
		expect(orders.map((order) => order.status)).toEqual(['rejected']);
	});

	it('Requote asks again with a new client order id and replaces the card; the old quote cannot be taken', async () => {
		const live = await startDesk();
		const card = await quote(live);
		const handle = press(live, card, 'requote');
		const replaced = await live.reply(handle, (text) => text.includes('Firm price') && !text.includes(card.ticketId));
		const fresh = buttonIds(replaced.data)
			.find((id) => id.startsWith('quote:accept:'))
			?.slice('quote:accept:'.length);
		expect(fresh).toBeDefined();
		expect(fresh).not.toBe(card.ticketId);
		expect(live.brokerCalls.count('request_for_quote')).toBe(2);
		const old = await live.reply(press(live, card, 'accept'));
		expect(messageText(old.data)).toBe('This ticket was canceled. Nothing was sent.');
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});

	it('Reject closes the card; nothing is sent', async () => {
		const live = await startDesk();
		const card = await quote(live);
		const rejected = await live.reply(press(live, card, 'reject'));
		expect(messageText(rejected.data)).toMatch(/Rejected\. Nothing was sent\./);
		expect(buttonIds(rejected.data)).toEqual([`quote:requote:${card.ticketId}`]);
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});

	it('a halt between quote and Accept stops it', async () => {
		const live = await startDesk();
		const card = await quote(live);
		await live.reply(live.slash(live.users.admin, 'halt', { reason: 'desk review' }));
		const stopped = await live.reply(press(live, card, 'accept'));
		expect(messageText(stopped.data)).toMatch(/halted/i);
		expect(await ordersWithClientId(live, card.ticketId)).toHaveLength(0);
		const refused = await live.reply(live.slash(live.users.trader, 'quote', buy100));
		expect(messageText(refused.data)).toMatch(/halted/i);
		expect(live.brokerCalls.count('request_for_quote')).toBe(1);
	});

	it('applies the pre-trade limits before asking the dealer and again at the quoted price', async () => {
		const live = await startDesk({ dailyLimits: { trader: '100' } });
		const refused = await live.reply(live.slash(live.users.trader, 'quote', buy100));
		expect(messageText(refused.data)).toMatch(/^Your daily limit is 100\.00 AUD/);
		expect(live.brokerCalls.count('request_for_quote')).toBe(0);
	});

	it('checks the limits again at the dealer’s price for a block the ladder could not price, and sends nothing past them', async () => {
		const live = await startDesk({
			sandbox: { blockQuotes: { upToTiers: 4, premiumBps: 5 } },
			limits: { maxOrderValue: new Decimal(400_000) },
		});
		const refused = await live.reply(
			live.slash(live.users.trader, 'quote', { side: 'buy', symbol: 'USDT/AUD', amount: '300000' }),
		);
		expect(messageText(refused.data)).toMatch(
			/^This order is worth up to 4\d\d,\d{3}\.\d\d AUD \(it fills whole at the dealer’s quoted price, or not at all\), above the desk's limit of 400,000\.00 AUD per order\.$/,
		);
		expect(live.brokerCalls.count('request_for_quote')).toBe(1);
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});

	it('asks the dealer for a size past the ladder, and says when it gives no quote, in its words', async () => {
		const live = await startDesk({
			limits: { maxOrderValue: new Decimal(1_000_000) },
			// A broker that gives no instrument sizes: the dealer is the one to say the size is too large.
			faultsAtStart: [{ kind: 'status', status: 404, count: 1, endpoint: 'get_instruments' }],
		});
		const refused = await live.reply(
			live.slash(live.users.trader, 'quote', { side: 'buy', symbol: 'USDT/AUD', amount: '300000' }),
		);
		expect(messageText(refused.data)).toBe(
			'The dealer gave no quote: amount 300000 is larger than the largest tier (250000) for USDT/AUD. Nothing was sent.',
		);
		expect(live.brokerCalls.count('request_for_quote')).toBe(1);
	});

	it('takes a block past the ladder at the dealer’s price, valued at exactly the size times that price', async () => {
		const live = await startDesk({
			sandbox: { blockQuotes: { upToTiers: 4, premiumBps: 5 } },
			limits: { maxOrderValue: new Decimal(1_000_000), retypeAbove: new Decimal(1_000_000) },
			approvalAbove: '1000000',
		});
		const card = await quote(live, { side: 'buy', symbol: 'USDT/AUD', amount: '300000' });
		const price = firmPrice(card.text) ?? '';
		const value = new Decimal(price).times(300_000).toFixed(2);
		expect(card.text).toContain(
			`Value at worst: ${Number(value).toLocaleString('en-AU', { minimumFractionDigits: 2 })} AUD`,
		);
		expect(card.text).toContain('it fills whole at the dealer’s quoted price, or not at all');
		expect(card.text).toMatch(/Ladder for this size: none for this size\nnothing to compare with/);
		const placed = await live.reply(press(live, card, 'accept'), (text) => text.includes('Placed'));
		expect(messageText(placed.data)).toMatch(/Placed: filled\./);
		expect(await executedOrders(live, card.ticketId)).toEqual([
			expect.objectContaining({ status: 'closed', price, amount: '300000' }),
		]);
	});

	it('is audited: the quote, every press and the order, under the ticket id', async () => {
		const live = await startDesk();
		const card = await quote(live);
		await live.reply(press(live, card, 'accept'), (text) => text.includes('Placed'));
		await vi.waitFor(() =>
			expect(
				live.store.audit
					.query({ limit: 100 })
					.filter((row) => row.ticketId === card.ticketId)
					.map((row) => row.action),
			).toEqual(expect.arrayContaining(['/quote', 'button quote:accept', 'order sending', 'order placement'])),
		);
	});
});

describe('four eyes on a large quote', () => {
	function routeApprovals(live: DeskHarness): string {
		const channelId = live.fake.addChannel(live.guildId, { name: 'approvals' });
		live.store.routes.set({ kind: 'approvals', channelId, mode: 'on', changedBy: 'test', changedAt: live.clock.now() });
		return channelId;
	}

	async function requestApproval(live: DeskHarness): Promise<{ card: Card; request: FakeMessage }> {
		const channelId = routeApprovals(live);
		const card = await quote(live, { side: 'buy', symbol: 'USDT/AUD', amount: '1000' });
		expect(card.text).toMatch(/Accept asks an approver/);
		const waiting = await live.reply(press(live, card, 'accept'));
		expect(messageText(waiting.data)).toMatch(/Waiting for approval/);
		const request = await live.fake.waitForMessage(channelId, (message) =>
			buttonIds(message.data).includes(`order:approve:${card.ticketId}`),
		);
		expect(messageText(request.data)).toMatch(/Type: firm quote/);
		return { card, request };
	}

	it('takes a fresh quote at approval when the first ran out, at a price no worse, once', async () => {
		const live = await startDesk({ approvalAbove: '1000' });
		const { card, request } = await requestApproval(live);
		live.clock.advance(11_000);
		live.sandbox.controls.setMid('USDT/AUD', '1.4000');
		const approving = live.click(live.users.approver, request, `order:approve:${card.ticketId}`);
		await live.reply(approving, (text) => text.includes('the order was placed'));
		const result = await card.handle.originalMessage((message) => messageText(message.data).includes('Placed'));
		expect(messageText(result.data)).toMatch(/Placed: filled/);
		expect(live.brokerCalls.count('request_for_quote')).toBe(2);
		const orders = await executedOrders(live, card.ticketId);
		expect(orders).toHaveLength(1);
		const fresh = orders[0]?.price ?? '';
		expect(Number(fresh)).toBeLessThan(1.45);
		// The day's limits and the audit trail carry the price that was sent, not the one approved.
		expect(live.store.ticketRecords.sentSince(0)).toEqual([
			expect.objectContaining({ value: new Decimal(fresh).times(1000).toFixed() }),
		]);
		const sending = live.store.audit
			.query({ limit: 100 })
			.find((row) => row.ticketId === card.ticketId && row.action === 'order sending');
		expect(JSON.parse(sending?.inputs ?? '{}')).toMatchObject({ price: fresh });
	});

	it('sends nothing when the fresh price is worse than the approved one', async () => {
		const live = await startDesk({ approvalAbove: '1000' });
		const { card, request } = await requestApproval(live);
		live.clock.advance(11_000);
		live.sandbox.controls.setMid('USDT/AUD', '1.6000');
		const approving = live.click(live.users.approver, request, `order:approve:${card.ticketId}`);
		const approver = await live.reply(approving, (text) => text.includes('not placed'));
		expect(messageText(approver.data)).toMatch(/the order was not placed\. The quote expired while it waited/);
		const result = await card.handle.originalMessage((message) => messageText(message.data).includes('Not placed'));
		expect(messageText(result.data)).toMatch(
			/The quote expired while it waited for approval, and the fresh price \(1\.6\d+\) is worse than the approved 1\.5\d+\. Nothing was sent; ask for a new quote\./,
		);
		expect(await ordersWithClientId(live, card.ticketId)).toHaveLength(0);
		expect(live.brokerCalls.count('create_order')).toBe(0);
	});
});
