import type { BaseMessageOptions } from 'discord.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { fillEvent, orderEvent } from '../../src/alerts/events.js';
import type { AlertPoster } from '../../src/alerts/poster.js';
import { AlertRelay } from '../../src/alerts/relay.js';
import type { RelayLedger } from '../../src/alerts/relay-ledger.js';
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
		timeZone: 'UTC',
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
			timeZone: 'UTC',
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

/** A relay over a real store, with a poster that records every post and edit, and retries a few ms apart. */
function recordingRelay(
	overrides: { store?: RelayLedger; ordersInFlight?: () => number; poster?: Partial<AlertPoster> } = {},
) {
	const posts: { channelId: string; message: BaseMessageOptions; nonce: string }[] = [];
	const store = overrides.store ?? new RelayStore(openDatabase(':memory:'));
	const relay = new AlertRelay({
		store,
		routes: { get: (kind) => ({ kind, channelId: `${kind}-channel`, mode: 'on', changedBy: 'x', changedAt: 0 }) },
		timeZone: 'UTC',
		poster: {
			post: async (channelId, message, { nonce }) => {
				posts.push({ channelId, message, nonce });
				return `m-${posts.length}`;
			},
			edit: async () => {},
			...overrides.poster,
		},
		traderOf: () => undefined,
		...(overrides.ordersInFlight ? { ordersInFlight: overrides.ordersInFlight } : {}),
		orders: { iterateOrders: async function* () {} },
		logger: pino({ level: 'silent' }),
		retry: { initialMs: 1, maxMs: 5, factor: 2 },
	});
	return { relay, posts, store };
}

/** Resolves when the relay is idle, or fails the test after `ms`. */
async function idleWithin(relay: AlertRelay, ms = 2000): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`the relay was not idle after ${ms} ms`)), ms);
	});
	try {
		await Promise.race([relay.idle(), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** A store whose methods throw, as a full disk or a busy database would, the first `times` calls of each. */
function flakyStore(times: Partial<Record<'wasPosted' | 'markPosted' | 'setOrderMessage', number>>): RelayLedger {
	const real = new RelayStore(openDatabase(':memory:'));
	const left = { wasPosted: 0, markPosted: 0, setOrderMessage: 0, ...times };
	const fail = (method: keyof typeof left) => {
		if (left[method] <= 0) return;
		left[method]--;
		throw new Error('SQLITE_BUSY: database is locked');
	};
	return {
		wasPosted: (key) => {
			fail('wasPosted');
			return real.wasPosted(key);
		},
		markPosted: (keys, messageId, at) => {
			fail('markPosted');
			real.markPosted(keys, messageId, at);
		},
		orderMessage: (orderId) => real.orderMessage(orderId),
		setOrderMessage: (orderId, channelId, messageId) => {
			fail('setOrderMessage');
			real.setOrderMessage(orderId, channelId, messageId);
		},
		cursor: () => real.cursor(),
		advanceCursor: (at) => real.advanceCursor(at),
		resetCursor: (at) => real.resetCursor(at),
	};
}

const longText = 'X'.repeat(5000);

describe('one fill Discord cannot display', () => {
	it('is clipped where it is rendered, so that it and every later fill are posted', async () => {
		const { relay, posts } = recordingRelay();
		relay.accept(fillEvent({ ...trade, id: 't-long', symbol: longText }));
		relay.accept(fillEvent({ ...trade, id: 't-2', orderId: 'o-2' }));
		await idleWithin(relay);
		const text = JSON.stringify(posts.map((post) => post.message.embeds));
		expect(text).toContain('XXXX…');
		expect(text).not.toContain(longText);
		expect(text).toContain('`o-2`');
		expect(text.length).toBeLessThan(6000);
	});

	it('is clipped in an order’s status too, reject reason and client order id included', async () => {
		const { relay, posts } = recordingRelay();
		relay.accept(
			orderEvent({
				...order,
				status: 'rejected',
				symbol: longText,
				clientOrderId: longText,
				rejectReason: longText,
			}),
		);
		relay.accept(orderEvent({ ...order, id: 'o-2' }));
		await idleWithin(relay);
		expect(posts).toHaveLength(2);
		expect(JSON.stringify(posts[0]?.message.embeds).length).toBeLessThan(6000);
	});
});

describe('posted, then not recorded', () => {
	it('is posted once: while recording keeps failing, only the recording is retried', async () => {
		const { relay, posts, store } = recordingRelay({ store: flakyStore({ markPosted: 3, setOrderMessage: 3 }) });
		relay.accept(fillEvent(trade));
		relay.accept(orderEvent(order));
		await idleWithin(relay);
		expect(posts.map((post) => post.channelId)).toEqual(['fills-channel', 'orders-channel']);
		expect(store.wasPosted(fillEvent(trade).key)).toBe(true);
		expect(store.wasPosted(orderEvent(order).key)).toBe(true);
		expect(store.orderMessage(order.id)).toEqual({ channelId: 'orders-channel', messageId: 'm-2' });
	});
});

describe('an error while handling one stream event', () => {
	it('keeps the event when the ledger cannot be read as it arrives, and posts it once', async () => {
		const { relay, posts } = recordingRelay({ store: flakyStore({ wasPosted: 2 }) });
		expect(() => relay.accept(fillEvent(trade))).not.toThrow();
		await idleWithin(relay);
		expect(posts).toHaveLength(1);
	});

	it('keeps the event queued when handling it throws, and posts it once', async () => {
		let throws = 2;
		const { relay, posts } = recordingRelay({
			ordersInFlight: () => {
				if (throws-- > 0) throw new Error('a bug while packing fills');
				return 0;
			},
		});
		relay.accept(fillEvent(trade));
		await idleWithin(relay);
		expect(posts).toHaveLength(1);
	});
});
