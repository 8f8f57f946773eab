import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { recordPriceHistory } from '../../src/app/price-history.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { openDatabase } from '../../src/store/database.js';
import { PriceBarRepository } from '../../src/store/price-bars.js';
import type { Ladder } from '../../src/zerocap/domain.js';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import { startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';
import { StreamRecorder } from '../support/stream-recorder.js';

/**
 * The price history as the bot records it: the real stream from the sandbox exchange into the store, across a
 * restart with the stream down in between. The sandbox's market clock stands still unless the test steps it, and
 * every step is waited for as the ladders it brings, never slept for.
 */

const minute = 60_000;
const opening = Date.UTC(2026, 0, 5, 9, 30);
const symbols = ['BTC/AUD', 'ETH/AUD'];

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One run of the bot's recorder: the database opened, a stream connected, every ladder it brought kept. */
async function startRun(sandbox: Sandbox, path: string) {
	const database = openDatabase(path);
	const stream = new ZerocapStream({
		url: sandbox.wsUrl,
		signer: new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'static' }),
	});
	const events = new StreamRecorder(stream, ['ladder']);
	const history = recordPriceHistory({
		database,
		stream,
		keepDays: 30,
		logger: pino({ level: 'silent' }),
		now: () => sandbox.controls.state().now,
	});
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		history.stop();
		await stream.close();
		database.close();
	};
	cleanups.push(stop);
	for (const symbol of symbols) stream.subscribePrices(symbol);
	stream.start();
	const now = sandbox.controls.state().now;
	// The sandbox answers each subscription with the ladder of the moment.
	for (const symbol of symbols)
		await events.next('ladder', (ladder) => ladder.symbol === symbol && ladder.timestamp === now);
	return { events, stop };
}

type Run = Awaited<ReturnType<typeof startRun>>;

/** Moves the market clock on and waits for the ladder each symbol gets for that moment. */
async function step(sandbox: Sandbox, run: Run, ms: number): Promise<void> {
	const at = sandbox.controls.state().now + ms;
	const mark = run.events.mark;
	sandbox.controls.stepClock(ms);
	for (const symbol of symbols) {
		await run.events.next('ladder', (ladder) => ladder.symbol === symbol && ladder.timestamp === at, mark);
	}
}

/** Steps every 10 s until the clock reaches `until`, then lets it pass the end of that minute with no prices. */
async function recordUntil(sandbox: Sandbox, run: Run, until: number): Promise<void> {
	while (sandbox.controls.state().now + 10_000 <= until) await step(sandbox, run, 10_000);
	sandbox.controls.pausePrices();
	// Past the minute's end and the recorder's grace for late ladders, so that the last minute is closed too.
	const closedAt = Math.floor(until / minute) * minute + minute + 6_000;
	sandbox.controls.stepClock(closedAt - sandbox.controls.state().now);
}

/** The bars as a person would work them out from the ladders: grouped by symbol and minute, read in order. */
function barsByHand(ladders: readonly Ladder[]) {
	const groups = new Map<string, Ladder[]>();
	for (const ladder of ladders) {
		const key = `${ladder.symbol} ${String(Math.floor(ladder.timestamp / minute)).padStart(12, '0')}`;
		groups.set(key, [...(groups.get(key) ?? []), ladder]);
	}
	return [...groups.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([, group]) => {
			const mids = group.map((ladder) =>
				new Decimal(ladder.buyTiers[0]?.price ?? Number.NaN)
					.plus(ladder.sellTiers[0]?.price ?? Number.NaN)
					.dividedBy(2),
			);
			const last = group[group.length - 1];
			if (!last) throw new Error('an empty minute');
			return {
				symbol: last.symbol,
				minute: Math.floor(last.timestamp / minute) * minute,
				open: mids[0]?.toFixed(),
				high: Decimal.max(...mids).toFixed(),
				low: Decimal.min(...mids).toFixed(),
				close: mids[mids.length - 1]?.toFixed(),
				buy: last.buyTiers[0]?.price,
				sell: last.sellTiers[0]?.price,
				ladders: group.length,
				closingTiers: { buyTiers: last.buyTiers, sellTiers: last.sellTiers },
			};
		});
}

describe('the price history recorded from the sandbox’s stream', () => {
	it('stores the bars of the ladders received, across a restart, with the minutes the stream was down missing', async () => {
		const sandbox = await startTestSandbox({ frozenClockAt: opening + 5_000 });
		cleanups.push(() => sandbox.close());
		const folder = mkdtempSync(join(tmpdir(), 'desk-history-'));
		cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
		const path = join(folder, 'desk.sqlite');

		// Minutes 0–3 recorded; the bot stops; minutes 4–6 pass with no bot; minutes 7–9 recorded by the next run.
		const first = await startRun(sandbox, path);
		await recordUntil(sandbox, first, opening + 4 * minute - 5_000);
		await first.stop();
		sandbox.controls.stepClock(3 * minute);
		sandbox.controls.resumePrices();
		const second = await startRun(sandbox, path);
		await recordUntil(sandbox, second, opening + 10 * minute - 5_000);
		await second.stop();

		const received = [...first.events.payloads('ladder'), ...second.events.payloads('ladder')];
		expect(received.length).toBeGreaterThan(symbols.length * 7 * 5);
		const database = openDatabase(path);
		cleanups.push(() => database.close());
		const stored = symbols.flatMap((symbol) =>
			new PriceBarRepository(database).read(symbol, opening - minute, opening + 20 * minute),
		);
		expect(stored).toEqual(barsByHand(received));
		for (const symbol of symbols) {
			const minutes = stored.filter((bar) => bar.symbol === symbol).map((bar) => (bar.minute - opening) / minute);
			expect(minutes).toEqual([0, 1, 2, 3, 7, 8, 9]);
		}
	});
});
