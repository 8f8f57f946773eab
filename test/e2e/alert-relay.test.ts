import { MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	buttonIds,
	DeskHarness,
	type DeskHarnessOptions,
	messageText,
	orderRef,
	postedOrderRefs,
} from '../support/desk-harness.js';
import type { FakeRequest } from '../support/fake-discord.js';
import { createOrder } from '../support/sandbox-peer.js';

let desk: DeskHarness;
afterEach(() => desk.close());

async function deskWithRoutes(options: DeskHarnessOptions = {}) {
	desk = await DeskHarness.start(options);
	await desk.caughtUp;
	const fills = desk.fake.addChannel(desk.guildId, { name: 'fills' });
	const orders = desk.fake.addChannel(desk.guildId, { name: 'orders' });
	desk.store.routes.set({ kind: 'fills', channelId: fills, mode: 'on', changedBy: 'test', changedAt: 0 });
	desk.store.routes.set({ kind: 'orders', channelId: orders, mode: 'on', changedBy: 'test', changedAt: 0 });
	return { fills, orders };
}

async function allPosted(channelId: string, orderIds: readonly string[], timeout = 20_000) {
	await vi.waitFor(() => expect(postedOrderRefs(desk.fake, channelId)).toHaveLength(orderIds.length), {
		timeout,
		interval: 50,
	});
	expect(postedOrderRefs(desk.fake, channelId)).toEqual(orderIds.map(orderRef));
}

const postsTo = (channelId: string) => (request: FakeRequest) =>
	request.method === 'POST' && request.path === `/channels/${channelId}/messages`;

describe('the alert relay', () => {
	it('posts a ticket’s fill mentioning its trader, and its status once', async () => {
		const { fills, orders } = await deskWithRoutes();
		const ticket = await desk.reply(
			desk.slash(desk.users.trader, 'order', { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' }),
		);
		await desk.reply(desk.click(desk.users.trader, ticket, buttonIds(ticket.data)[0] ?? ''), (text) =>
			text.includes('Placed'),
		);
		const fill = await desk.fake.waitForMessage(fills);
		expect(fill.data.content).toBe(`<@${desk.users.trader}>`);
		expect(messageText(fill.data)).toMatch(/\*\*BUY 100 USDT\/AUD\*\* @ 1\.53\d+ = 153\.\d+/);
		const post = desk.fake.requests.find(postsTo(fills));
		expect(post?.body).toMatchObject({ allowed_mentions: { users: [desk.users.trader], parse: [] } });
		const status = await desk.fake.waitForMessage(orders);
		expect(messageText(status.data)).toContain('Status: filled');
		await desk.relay.idle();
		expect(desk.fake.messagesIn(orders)).toHaveLength(1);
	});

	it('still names the trader on a fill after a restart, from the ticket’s record', async () => {
		const { fills } = await deskWithRoutes();
		const ticket = await desk.reply(
			desk.slash(desk.users.trader, 'order', {
				side: 'buy',
				symbol: 'USDT/AUD',
				amount: '100',
				type: 'limit',
				// Close enough to the market not to ask for an acknowledgement, below it so that it rests.
				price: '1.5000',
			}),
		);
		const confirm = buttonIds(ticket.data).find((id) => id.startsWith('order:confirm:')) ?? '';
		await desk.reply(desk.click(desk.users.trader, ticket, confirm), (text) => text.includes('Placed'));
		await desk.restart();
		await desk.caughtUp;
		desk.sandbox.controls.setMid('USDT/AUD', '1.3000');
		const fill = await desk.fake.waitForMessage(fills);
		expect(fill.data.content).toBe(`<@${desk.users.trader}>`);
		expect(messageText(fill.data)).toContain('**BUY 100 USDT/AUD** @');
		expect(desk.store.ticketRecords.ownerOf(confirm.slice('order:confirm:'.length))).toBe(desk.users.trader);
	});

	it('edits an order’s one status message in place as it moves', async () => {
		const { orders } = await deskWithRoutes();
		const resting = await createOrder(desk.sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '100',
			price: '1.4000',
		});
		const message = await desk.fake.waitForMessage(orders, (m) => messageText(m.data).includes('Status: open'));
		desk.sandbox.controls.setMid('USDT/AUD', '1.3000');
		await vi.waitFor(() => expect(messageText(message.data)).toContain('Status: filled'), { timeout: 5000 });
		expect(desk.fake.messagesIn(orders)).toHaveLength(1);
		expect(message.history.map((old) => messageText(old))).toEqual([expect.stringContaining('Status: open')]);
		expect(messageText(message.data)).toContain(resting.body.id);
	});

	it('delivers a burst of 500 fills completely, in order, in few messages, without a 429', async () => {
		const { fills } = await deskWithRoutes({ fake: { rateLimit: { perChannel: { limit: 5, windowMs: 1000 } } } });
		// This burst is about fills: order statuses (one message each) are left off here.
		desk.store.routes.set({ kind: 'orders', channelId: desk.channelId, mode: 'off', changedBy: 'test', changedAt: 0 });
		const orderIds = desk.sandbox.controls.fillBurst({ count: 500, symbol: 'BTC/AUD', amount: '0.01' });
		await allPosted(fills, orderIds);
		// As many fills a message as Discord's 6,000 characters allow (the fake refuses more): about 40.
		expect(desk.fake.messagesIn(fills).length).toBeLessThanOrEqual(15);
		expect(desk.fake.requests.filter((request) => request.status === 429)).toEqual([]);
	});

	it('posts every fill once though the stream drops again and again mid-stream', async () => {
		const { fills } = await deskWithRoutes();
		const orderIds: string[] = [];
		for (let round = 0; round < 5; round++) {
			orderIds.push(...desk.sandbox.controls.fillBurst({ count: 20, symbol: 'ETH/AUD', amount: '0.1' }));
			desk.sandbox.controls.dropStreams();
			orderIds.push(...desk.sandbox.controls.fillBurst({ count: 5, symbol: 'ETH/AUD', amount: '0.1' }));
		}
		await allPosted(fills, orderIds);
	});

	it('posts every fill once across a bot restart mid-stream', async () => {
		const { fills } = await deskWithRoutes();
		const before = desk.sandbox.controls.fillBurst({ count: 30, symbol: 'ETH/AUD', amount: '0.1' });
		await allPosted(fills, before);
		await desk.stopBot();
		const whileDown = desk.sandbox.controls.fillBurst({ count: 30, symbol: 'ETH/AUD', amount: '0.1' });
		await desk.startBot();
		await allPosted(fills, [...before, ...whileDown]);
	});

	it('loses nothing when Discord answers 5xx and 429 while posting', async () => {
		const { fills } = await deskWithRoutes();
		for (let failure = 0; failure < 5; failure++)
			desk.fake.respondOnce(postsTo(fills), { status: 500, body: { message: 'oops', code: 0 } });
		desk.fake.respondOnce(postsTo(fills), {
			status: 429,
			body: { message: 'slow down', retry_after: 0.05, global: false },
			headers: { 'retry-after': '0.05' },
		});
		const orderIds = desk.sandbox.controls.fillBurst({ count: 3, symbol: 'BTC/AUD', amount: '0.01' });
		await allPosted(fills, orderIds);
		expect(
			desk.fake.requests.filter((request) => postsTo(fills)(request) && request.status >= 500).length,
		).toBeGreaterThanOrEqual(4);
	});

	it('says on the errors route when the broker stream is lost and when it is back', async () => {
		await deskWithRoutes();
		const errors = desk.fake.addChannel(desk.guildId, { name: 'desk-errors' });
		desk.store.routes.set({ kind: 'errors', channelId: errors, mode: 'on', changedBy: 'test', changedAt: 0 });
		desk.sandbox.controls.dropStreams();
		await desk.fake.waitForMessage(errors, (message) =>
			message.data.content.startsWith('The broker stream was lost; reconnecting.'),
		);
		await desk.fake.waitForMessage(errors, (message) =>
			/^The broker stream is back after \d+ s; what it missed is being caught up\.$/.test(message.data.content),
		);
		expect(desk.fake.messagesIn(errors)).toHaveLength(2);
	});

	it('shows each route and its health in /status', async () => {
		const { fills } = await deskWithRoutes();
		for (let failure = 0; failure < 12; failure++)
			desk.fake.respondOnce(postsTo(fills), { status: 500, body: { message: 'Internal Server Error', code: 0 } });
		desk.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });
		await vi.waitFor(() => expect(desk.relay.health().fills.failing).toBe(true), { timeout: 5000 });
		const text = messageText((await desk.reply(desk.slash(desk.users.viewer, 'status'))).data);
		expect(text).toContain(`fills: <#${fills}> on, **failing** (Internal Server Error; 1 waiting)`);
		expect(text).toMatch(/orders: <#\d+> on, healthy/);
		expect(text).toContain('errors: not set');
	});

	it('reports a channel it cannot reach once on the errors route and in /status, and posts what it kept once it can', async () => {
		const { orders } = await deskWithRoutes();
		const errors = desk.fake.addChannel(desk.guildId, { name: 'desk-errors' });
		desk.store.routes.set({ kind: 'errors', channelId: errors, mode: 'on', changedBy: 'test', changedAt: 0 });
		let locked = true;
		for (let failure = 0; failure < 1000; failure++)
			desk.fake.respondOnce((request) => locked && postsTo(orders)(request), {
				status: 403,
				body: { message: 'Missing Access', code: 50001 },
			});
		const orderIds = desk.sandbox.controls.fillBurst({ count: 3, symbol: 'BTC/AUD', amount: '0.01' });
		await vi.waitFor(() => expect(desk.relay.health().orders.unreachable).toBe(true), { timeout: 5000 });
		const status = messageText((await desk.reply(desk.slash(desk.users.viewer, 'status'))).data);
		expect(status).toContain(`orders: <#${orders}> on, **cannot post there** (Missing Access; 3 waiting)`);
		const reported = await desk.fake.waitForMessage(errors, (message) =>
			message.data.content.includes(`The bot cannot post in <#${orders}>, the orders route's channel (Missing Access)`),
		);
		// Many more refusals, for the same and later events: still one report.
		const refusedSoFar = desk.fake.requests.filter(postsTo(orders)).length;
		await vi.waitFor(
			() => expect(desk.fake.requests.filter(postsTo(orders)).length).toBeGreaterThan(refusedSoFar + 5),
			{ timeout: 5000 },
		);
		locked = false;
		await vi.waitFor(() => expect(desk.fake.messagesIn(orders)).toHaveLength(orderIds.length), { timeout: 5000 });
		await desk.fake.waitForMessage(errors, (message) =>
			message.data.content.startsWith('The orders route is posting again'),
		);
		expect(desk.fake.messagesIn(errors).map((message) => message.data.id)).toEqual([
			reported.data.id,
			expect.any(String),
		]);
		expect(desk.relay.health().orders).toMatchObject({ failing: false, unreachable: false, waiting: 0 });
	});

	it('posts a new status message when someone deleted the old one, across a restart, and the orders route moves on', async () => {
		const { orders } = await deskWithRoutes();
		const resting = await createOrder(desk.sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '100',
			price: '1.4000',
		});
		const restingId: string = resting.body.id;
		const first = await desk.fake.waitForMessage(orders, (m) => messageText(m.data).includes(restingId));
		await desk.relay.idle();
		const channel = await desk.bot.channels.fetch(orders);
		if (!channel?.isTextBased()) throw new Error('the orders channel is not a text channel');
		await channel.messages.delete(first.data.id);
		expect(desk.fake.messagesIn(orders)).toEqual([]);

		await desk.stopBot();
		desk.sandbox.controls.setMid('USDT/AUD', '1.3000');
		await desk.startBot();
		const filled = await desk.fake.waitForMessage(
			orders,
			(m) => messageText(m.data).includes(restingId) && messageText(m.data).includes('Status: filled'),
			5000,
		);
		await desk.relay.idle();
		expect(desk.relayStore.orderMessage(restingId)).toEqual({ channelId: orders, messageId: filled.data.id });
		const [later = ''] = desk.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });
		await desk.fake.waitForMessage(orders, (m) => messageText(m.data).includes(later), 5000);
		await desk.relay.idle();
		expect(desk.fake.messagesIn(orders)).toHaveLength(2);
	});

	it('shows an order whose broker strings are 5,000 characters long, clipped, and later orders still get theirs, across a restart', async () => {
		const { orders } = await deskWithRoutes();
		// 5,001 digits: the broker rejects it and echoes the amount in its reason.
		const huge = await createOrder(desk.sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: `1${'0'.repeat(5000)}`,
			price: '0',
		});
		const hugeId: string = huge.body.id;
		expect(huge.body.status).toBe('rejected');
		const [later = ''] = desk.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });
		const shown = await desk.fake.waitForMessage(orders, (m) => messageText(m.data).includes(hugeId), 5000);
		expect(messageText(shown.data)).toContain('Status: rejected');
		expect(messageText(shown.data)).toContain('…');
		await desk.fake.waitForMessage(orders, (m) => messageText(m.data).includes(later), 5000);
		await desk.restart();
		await desk.caughtUp;
		const [afterRestart = ''] = desk.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });
		await desk.fake.waitForMessage(orders, (m) => messageText(m.data).includes(afterRestart), 5000);
		await desk.relay.idle();
		expect(desk.fake.messagesIn(orders)).toHaveLength(3);
	});

	it('catches up from a safe window back when the cursor lies in the future (the host clock once ran 3 days ahead)', async () => {
		const { fills } = await deskWithRoutes();
		const before = desk.sandbox.controls.fillBurst({ count: 2, symbol: 'ETH/AUD', amount: '0.1' });
		await allPosted(fills, before);
		await desk.stopBot();
		desk.relayStore.advanceCursor(Date.now() + 3 * 24 * 60 * 60_000);
		const whileDown = desk.sandbox.controls.fillBurst({ count: 2, symbol: 'ETH/AUD', amount: '0.1' });
		await desk.startBot();
		await desk.caughtUp;
		await allPosted(fills, [...before, ...whileDown], 5000);
		expect(desk.relayStore.cursor()).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
	});

	it('posts silently or not at all as the route’s mode says, and an off route never replays', async () => {
		const { fills, orders } = await deskWithRoutes();
		desk.store.routes.set({ kind: 'fills', channelId: fills, mode: 'silent', changedBy: 'test', changedAt: 0 });
		const quiet = desk.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });
		await allPosted(fills, quiet);
		expect((desk.fake.messagesIn(fills)[0]?.data.flags ?? 0) & MessageFlags.SuppressNotifications).not.toBe(0);

		desk.store.routes.set({ kind: 'fills', channelId: fills, mode: 'off', changedBy: 'test', changedAt: 0 });
		desk.sandbox.controls.fillBurst({ count: 2, symbol: 'BTC/AUD', amount: '0.01' });
		// Their statuses follow their fills on the stream: once those are posted, the fills were handled (skipped).
		await vi.waitFor(() => expect(desk.fake.messagesIn(orders)).toHaveLength(3));
		desk.store.routes.set({ kind: 'fills', channelId: fills, mode: 'on', changedBy: 'test', changedAt: 0 });
		await desk.restart();
		await desk.caughtUp;
		expect(postedOrderRefs(desk.fake, fills)).toEqual(quiet.map(orderRef));
	});
});
