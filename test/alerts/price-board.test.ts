import type { BaseMessageOptions } from 'discord.js';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardMessage } from '../../src/alerts/price-board.js';
import { PriceBoard, type PriceBoardOptions } from '../../src/alerts/price-board.js';
import type { AlertRoute } from '../../src/desk/alert-routes.js';
import type { Ladder } from '../../src/zerocap/domain.js';
import { d } from '../support/decimals.js';

/** The live price board against a recording poster: conflation, pacing, moves, replacement and shutdown. */

class GoneError extends Error {}

interface Write {
	readonly kind: 'post' | 'edit';
	readonly channelId: string;
	readonly messageId: string;
	readonly at: number;
	readonly text: string;
	readonly silent?: boolean;
}

class RecordingPoster {
	readonly writes: Write[] = [];
	readonly deleted = new Set<string>();
	readonly attempts: number[] = [];
	failNext = 0;
	private next = 1;

	async post(channelId: string, message: BaseMessageOptions, options: { silent: boolean }): Promise<string> {
		this.fail();
		const messageId = `m${this.next++}`;
		this.writes.push({ kind: 'post', channelId, messageId, at: Date.now(), text: JSON.stringify(message), ...options });
		return messageId;
	}

	async edit(channelId: string, messageId: string, message: BaseMessageOptions): Promise<void> {
		this.fail();
		if (this.deleted.has(messageId)) throw new GoneError('Unknown Message');
		this.writes.push({ kind: 'edit', channelId, messageId, at: Date.now(), text: JSON.stringify(message) });
	}

	private fail(): void {
		this.attempts.push(Date.now());
		if (this.failNext === 0) return;
		this.failNext -= 1;
		throw new Error('503 Service Unavailable');
	}
}

function ladder(price: string): Ladder {
	const quantity = d('1000');
	const buyTiers = [{ price: d(price), quantity }];
	return { symbol: 'USDT/AUD', timestamp: Date.now(), buyTiers, sellTiers: [{ price: d('1.5'), quantity }] };
}

interface Desk {
	readonly board: PriceBoard;
	readonly poster: RecordingPoster;
	setPrice(price: string): void;
	route: AlertRoute | undefined;
	stored: BoardMessage | undefined;
}

let running: PriceBoard | undefined;

afterEach(async () => {
	await running?.stop();
	running = undefined;
});

function desk(options: Partial<PriceBoardOptions> = {}): Desk {
	const poster = new RecordingPoster();
	let latest = { ladder: ladder('1.51'), receivedAt: Date.now() };
	const state: Desk = {
		poster,
		route: { kind: 'prices', channelId: 'c1', mode: 'on', changedBy: 'u', changedAt: 0 },
		stored: undefined,
		setPrice: (price) => {
			latest = { ladder: ladder(price), receivedAt: Date.now() };
			state.board.changed();
		},
		board: new PriceBoard({
			prices: { latestLadder: () => ({ ...latest, ageMs: Date.now() - latest.receivedAt, available: true }) },
			symbols: ['USDT/AUD'],
			staleAfterMs: 60_000,
			routes: { get: () => state.route },
			poster,
			isUnknownMessage: (error) => error instanceof GoneError,
			timeZone: 'Australia/Sydney',
			store: {
				current: () => state.stored,
				set: (board) => {
					state.stored = board;
				},
				clear: () => {
					state.stored = undefined;
				},
			},
			logger: pino({ level: 'silent' }),
			minWriteIntervalMs: 100,
			refreshEveryMs: 60_000,
			retryBaseMs: 40,
			...options,
		}),
	};
	running = state.board;
	return state;
}

describe('the live price board', () => {
	it('posts one silent board, then conflates a 20,000-ladder burst into paced edits that end on the latest price', async () => {
		const { board, poster, setPrice } = desk();
		board.start();
		await board.settled();
		expect(poster.writes).toMatchObject([{ kind: 'post', channelId: 'c1', silent: true }]);

		const started = Date.now();
		for (let i = 0; i < 20_000; i += 1) setPrice((1.52 + i / 1_000_000).toFixed(6));
		await board.settled();
		setPrice('1.6');
		await board.settled();

		const edits = poster.writes.filter((write) => write.kind === 'edit');
		expect(edits.length).toBeGreaterThanOrEqual(1);
		expect(edits.length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 100) + 1);
		const gaps = poster.writes.slice(1).map((write, i) => write.at - (poster.writes[i]?.at ?? 0));
		// Timers and Date.now() differ by a millisecond or two; the pacing itself is 100 ms here.
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(95);
		expect(edits.at(-1)?.text).toContain('buy **1.6**');
		expect(edits.at(-1)?.text).toMatch(/ · \d\d:\d\d:\d\d AE[DS]T/);
		expect(new Set(poster.writes.map((write) => write.messageId))).toEqual(new Set(['m1']));
	});

	it('does not edit when nothing it shows has changed', async () => {
		const { board, poster } = desk();
		board.start();
		await board.settled();
		for (let i = 0; i < 5; i += 1) {
			board.changed();
			await board.settled();
		}
		expect(poster.writes.map((write) => write.kind)).toEqual(['post']);
	});

	it('posts a new board when someone deleted it, and moves with its route, marking the old one', async () => {
		const state = desk();
		state.board.start();
		await state.board.settled();
		state.poster.deleted.add('m1');
		state.setPrice('1.55');
		await state.board.settled();
		expect(state.stored?.messageId).toBe('m2');

		state.route = { kind: 'prices', channelId: 'c2', mode: 'silent', changedBy: 'u', changedAt: 1 };
		state.board.changed();
		await state.board.settled();
		const [retired, moved] = state.poster.writes.slice(-2);
		expect(retired).toMatchObject({ kind: 'edit', channelId: 'c1', messageId: 'm2' });
		expect(retired?.text).toContain('The price board moved to <#c2>');
		expect(retired?.text).not.toContain('1.55');
		expect(moved).toMatchObject({ kind: 'post', channelId: 'c2', messageId: 'm3', silent: true });
		expect(state.stored).toMatchObject({ channelId: 'c2', messageId: 'm3' });
	});

	it('replaces a board before Discord limits edits to old messages', async () => {
		let now = Date.now();
		const state = desk({ now: () => now, replaceAfterMs: 50 * 60_000 });
		state.board.start();
		await state.board.settled();
		now += 50 * 60_000;
		state.setPrice('1.53');
		await state.board.settled();
		expect(state.poster.writes.map((write) => [write.kind, write.messageId])).toEqual([
			['post', 'm1'],
			['edit', 'm1'],
			['post', 'm2'],
		]);
		expect(state.poster.writes[1]?.text).toContain('A newer price board follows');
	});

	it('says it stopped when turned off or shut down, and edits the same message back after a restart', async () => {
		const state = desk();
		state.board.start();
		await state.board.settled();
		await state.board.stop();
		expect(state.poster.writes.at(-1)?.text).toContain('The desk bot stopped');
		expect(state.poster.writes.at(-1)?.text).toMatch(/\(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d AE[DS]T\)/);
		expect(state.stored?.messageId).toBe('m1');

		const restarted = desk();
		restarted.stored = state.stored;
		restarted.board.start();
		await restarted.board.settled();
		expect(restarted.poster.writes).toMatchObject([{ kind: 'edit', messageId: 'm1' }]);
		expect(restarted.poster.writes[0]?.text).toContain('buy **1.51**');

		restarted.route = { kind: 'prices', channelId: 'c1', mode: 'off', changedBy: 'u', changedAt: 2 };
		restarted.board.changed();
		await restarted.board.settled();
		expect(restarted.poster.writes.at(-1)?.text).toContain('The price board was turned off');
		expect(restarted.stored).toBeUndefined();
	});

	it('backs off while Discord keeps failing, then recovers', async () => {
		const state = desk();
		state.poster.failNext = 4;
		state.board.start();
		while (state.poster.writes.length === 0) {
			state.board.changed();
			await state.board.settled();
		}
		expect(state.board.stats()).toMatchObject({ posts: 1, failures: 4 });
		const gaps = state.poster.attempts.slice(1).map((at, i) => at - (state.poster.attempts[i] ?? 0));
		// 100 ms pacing, then 40 ms doubling per failure in a row: 40, 80, 160, 320 (never below the pacing).
		expect(gaps[2]).toBeGreaterThanOrEqual(155);
		expect(gaps[3]).toBeGreaterThanOrEqual(315);
	});
});
