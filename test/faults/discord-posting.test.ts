import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskHarness, messageText, orderRef, postedOrderRefs } from '../support/desk-harness.js';
import type { FakeRequest, InjectedResponse } from '../support/fake-discord.js';
import { postsTo } from '../support/fault-desk-steps.js';

let desk: DeskHarness | undefined;
/** While set, the storm test's injected failures answer its channel's posts; cleared so that a failed test can close. */
let storming = false;
afterEach(async () => {
	storming = false;
	await desk?.close();
	desk = undefined;
});

/** A desk whose fills and order statuses go to channels of their own. */
async function deskWithRoutes() {
	const harness = await DeskHarness.start();
	desk = harness;
	await harness.caughtUp;
	const fills = harness.fake.addChannel(harness.guildId, { name: 'fills' });
	const orders = harness.fake.addChannel(harness.guildId, { name: 'orders' });
	harness.store.routes.set({ kind: 'fills', channelId: fills, mode: 'on', changedBy: 'test', changedAt: 0 });
	harness.store.routes.set({ kind: 'orders', channelId: orders, mode: 'on', changedBy: 'test', changedAt: 0 });
	return { harness, fills, orders };
}

const rateLimited: InjectedResponse = {
	status: 429,
	body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
	headers: { 'retry-after': '0.05' },
};
const bodyOf = (request: FakeRequest) => request.body as { nonce?: string; enforce_nonce?: boolean };

const serverError: InjectedResponse = { status: 502, body: { message: '502: Bad Gateway', code: 0 } };

describe('a Discord post accepted but its answer lost', () => {
	it('leaves exactly one message in each channel: the repeat carries the same enforced nonce', async () => {
		const { harness, fills, orders } = await deskWithRoutes();
		harness.fake.respondOnce(postsTo(fills), { drop: true });
		harness.fake.respondOnce(postsTo(orders), { drop: true });

		const [orderId = ''] = harness.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });

		await vi.waitFor(() => expect(postedOrderRefs(harness.fake, fills)).toEqual([orderRef(orderId)]));
		await vi.waitFor(() => expect(harness.fake.messagesIn(orders)).toHaveLength(1));
		await harness.relay.idle();
		for (const channelId of [fills, orders]) {
			expect(harness.fake.messagesIn(channelId)).toHaveLength(1);
			const posts = harness.fake.requests.filter(postsTo(channelId));
			expect(posts[0]?.dropped).toBe(true);
			expect(posts.length).toBeGreaterThanOrEqual(2);
			expect(new Set(posts.map((post) => bodyOf(post).nonce)).size).toBe(1);
			expect(posts.map((post) => bodyOf(post).enforce_nonce)).toEqual(posts.map(() => true));
		}
		const [status] = harness.fake.messagesIn(orders);
		expect(status && messageText(status.data)).toContain(orderId);
	});
});

describe('Discord answering 429 and 5xx in bursts on one channel', () => {
	it('holds up neither the other channel nor commands, and the stormed channel loses nothing', async () => {
		const { harness, fills, orders } = await deskWithRoutes();
		storming = true;
		const stormed = (request: FakeRequest) => storming && postsTo(fills)(request);
		for (let n = 0; n < 1000; n++) harness.fake.respondOnce(stormed, n % 2 === 0 ? rateLimited : serverError);
		const refusals = () => harness.fake.requests.filter(postsTo(fills)).map((request) => request.status);

		const first = harness.sandbox.controls.fillBurst({ count: 2, symbol: 'BTC/AUD', amount: '0.01' });
		await vi.waitFor(
			() => {
				expect(refusals().filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
				expect(refusals().filter((status) => status >= 500).length).toBeGreaterThanOrEqual(2);
			},
			{ timeout: 5000 },
		);
		// The storm goes on; what happens now must still reach the other channel and the trader.
		const second = harness.sandbox.controls.fillBurst({ count: 2, symbol: 'BTC/AUD', amount: '0.01' });
		await vi.waitFor(() => expect(harness.fake.messagesIn(orders)).toHaveLength(4), { timeout: 5000 });
		const price = await harness.reply(harness.slash(harness.users.viewer, 'price', { symbol: 'USDT/AUD' }));
		expect(messageText(price.data)).toContain('USDT/AUD');
		expect(harness.fake.messagesIn(fills)).toEqual([]);
		expect(refusals().every((status) => status === 429 || status >= 500)).toBe(true);

		storming = false;
		const all = [...first, ...second];
		await vi.waitFor(() => expect(postedOrderRefs(harness.fake, fills)).toHaveLength(all.length), { timeout: 5000 });
		await harness.relay.idle();
		expect(postedOrderRefs(harness.fake, fills)).toEqual(all.map(orderRef));
		expect(harness.fake.messagesIn(orders)).toHaveLength(all.length);
	});
});

describe('a fill Discord refuses with 400 Bad Request, every time', () => {
	it('is set aside and said so on the errors route; the fills before and after it are posted, and a restart does not retry it', async () => {
		const { harness, fills } = await deskWithRoutes();
		const errors = harness.fake.addChannel(harness.guildId, { name: 'desk-errors' });
		harness.store.routes.set({ kind: 'errors', channelId: errors, mode: 'on', changedBy: 'test', changedAt: 0 });
		const orderIds = harness.sandbox.controls.fillBurst({ count: 3, symbol: 'BTC/AUD', amount: '0.01' });
		const [, poison = ''] = orderIds;
		const carriesPoison = (request: FakeRequest) =>
			postsTo(fills)(request) && JSON.stringify(request.body).includes(orderRef(poison));
		for (let n = 0; n < 1000; n++)
			harness.fake.respondOnce(carriesPoison, {
				status: 400,
				body: { message: 'Invalid Form Body', code: 50035, errors: {} },
			});

		const good = orderIds.filter((id) => id !== poison).map(orderRef);
		await vi.waitFor(() => expect(postedOrderRefs(harness.fake, fills)).toEqual(good), { timeout: 5000 });
		const note = await harness.fake.waitForMessage(errors, (message) =>
			message.data.content.startsWith('A fill could not be shown on Discord and was set aside'),
		);
		expect(note.data.content).toContain(orderRef(poison));
		expect(note.data.content).toContain('Invalid Form Body');
		await harness.relay.idle();

		await harness.restart();
		await harness.caughtUp;
		const attempts = harness.fake.requests.filter(carriesPoison).length;
		const [after = ''] = harness.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });
		await vi.waitFor(() => expect(postedOrderRefs(harness.fake, fills)).toEqual([...good, orderRef(after)]));
		expect(harness.fake.requests.filter(carriesPoison)).toHaveLength(attempts);
		expect(harness.fake.messagesIn(errors)).toHaveLength(1);
	});
});
