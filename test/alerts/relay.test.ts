import type { BaseMessageOptions } from 'discord.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { fillEvent, orderEvent } from '../../src/alerts/events.js';
import { AlertRelay } from '../../src/alerts/relay.js';
import { openDatabase } from '../../src/store/database.js';
import { RelayStore } from '../../src/store/relay-store.js';
import type { OrderUpdate, Trade } from '../../src/zerocap/domain.js';
import { d } from '../support/decimals.js';

const trade: Trade = {
	id: 't-1',
	orderId: 'o-1',
	symbol: 'USDT/AUD',
	side: 'buy',
	type: 'market',
	price: d('1.5'),
	amount: d('10'),
	cost: d('15'),
	timestamp: 1_000,
	takerOrMaker: 'taker',
};
const order: OrderUpdate = {
	id: 'o-1',
	clientOrderId: 'ticket-1',
	symbol: 'USDT/AUD',
	side: 'buy',
	type: 'market',
	status: 'closed',
	timeInForce: 'FOK',
	price: d('1.5'),
	average: d('1.5'),
	amount: d('10'),
	filled: d('10'),
	remaining: d('0'),
	cost: d('15'),
	createdAt: 1_000,
	updatedAt: 1_000,
	lastTradeAt: undefined,
	rejectReason: undefined,
};

function relayWith(ordersInFlight: number) {
	const posts: { channelId: string; message: BaseMessageOptions; at: number }[] = [];
	const relay = new AlertRelay({
		store: new RelayStore(openDatabase(':memory:')),
		routes: { get: (kind) => ({ kind, channelId: `${kind}-channel`, mode: 'on', changedBy: 'x', changedAt: 0 }) },
		poster: {
			post: async (channelId, message) => {
				posts.push({ channelId, message, at: performance.now() });
				return `m-${posts.length}`;
			},
			edit: async () => {},
		},
		traderOf: (clientOrderId) => (clientOrderId === 'ticket-1' ? 'trader-1' : undefined),
		ordersInFlight: () => ordersInFlight,
		orders: { iterateOrders: async function* () {} },
		logger: pino({ level: 'silent' }),
	});
	return { relay, posts };
}

describe('the relay', () => {
	it('waits for the order of a fill while the bot is placing one, and mentions its trader', async () => {
		const { relay, posts } = relayWith(1);
		const started = performance.now();
		relay.accept(fillEvent(trade));
		relay.accept(orderEvent(order));
		await relay.idle();
		const fill = posts.find((post) => post.channelId === 'fills-channel');
		expect(fill?.message.content).toBe('<@trader-1>');
		expect((fill?.at ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(1000);
	});

	it('does not wait when the bot is placing nothing', async () => {
		const { relay, posts } = relayWith(0);
		relay.accept(fillEvent(trade));
		await relay.idle();
		expect(posts[0]?.message.content).toBeUndefined();
	});

	it('never puts an order’s message back to an older state', async () => {
		const shown: string[] = [];
		const relay = new AlertRelay({
			store: new RelayStore(openDatabase(':memory:')),
			routes: { get: (kind) => ({ kind, channelId: `${kind}-channel`, mode: 'on', changedBy: 'x', changedAt: 0 }) },
			poster: {
				post: async (_channelId, message) => {
					shown.push(JSON.stringify(message.embeds));
					return 'm-1';
				},
				edit: async (_channelId, _messageId, message) => {
					shown.push(JSON.stringify(message.embeds));
				},
			},
			traderOf: () => undefined,
			orders: { iterateOrders: async function* () {} },
			logger: pino({ level: 'silent' }),
		});
		const state = (status: 'open' | 'closed', filled: string) =>
			orderEvent({ ...order, status, filled: d(filled), remaining: undefined });
		relay.accept(state('open', '5'));
		relay.accept(state('closed', '10'));
		relay.accept(state('open', '7'));
		await relay.idle();
		expect(shown).toHaveLength(2);
		expect(shown[1]).toContain('filled');
		expect(shown[1]).toContain('10 of 10');
	});

	it('drops an event it has already handled', async () => {
		const { relay, posts } = relayWith(0);
		relay.accept(fillEvent(trade));
		relay.accept(fillEvent(trade));
		await relay.idle();
		relay.accept(fillEvent(trade));
		await relay.idle();
		expect(posts).toHaveLength(1);
	});
});
