import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { AssembledDesk, deskWorld } from '../test/support/assembled-desk.js';
import { printed, type Running, restUrlPrinted, run as runEntryPoint } from '../test/support/child-process.js';
import { messageText, orderRef } from '../test/support/desk-harness.js';
import { FakeDiscord } from '../test/support/fake-discord.js';

/**
 * The soak: the desk as `npm start` wires it, fed 2,000 ladder frames a second across six symbols by a sandbox
 * in its own process (as a broker would be), with a fill every two seconds and the price board live, for
 * SOAK_MINUTES (10 by default; CI runs a short one). It checks the targets and fails the run if one is missed:
 * RSS growth under 30 MB, event-loop delay p99 under 20 ms, every fill posted exactly once.
 */
const symbols = ['USDT/AUD', 'USDC/AUD', 'BTC/AUD', 'ETH/AUD', 'BTC/USDT', 'ETH/USDT'];
const framesPerSecond = 2000;
const fillEveryMs = 2000;
const key = 'soak-key';
const secret = 'soak-secret-value';
const targets = { rssGrowthMb: 30, eventLoopP99Ms: 20 };

/** The sandbox in its own process, as a broker would be, pushing the target rate of ladder frames. */
async function startSandboxProcess(): Promise<{ process: Running; restUrl: string; wsUrl: string }> {
	const sandbox = runEntryPoint('src/app/sandbox-cli.ts', {
		SANDBOX_API_KEY: key,
		SANDBOX_API_SECRET: secret,
		// A little over the target: the sandbox's timer drifts, and a late tick publishes only the latest ladder.
		SANDBOX_PRICE_RATE: String(Math.ceil((framesPerSecond * 1.1) / symbols.length)),
		SANDBOX_RATE_LIMIT: '0',
		SANDBOX_CONTROLS: 'true',
	});
	const [, wsUrl = ''] = await printed(sandbox, /WebSocket\s+(ws:\/\/\S+)/);
	return { process: sandbox, restUrl: await restUrlPrinted(sandbox), wsUrl };
}

async function fillOne(restUrl: string, index: number): Promise<string> {
	const response = await fetch(`${new URL(restUrl).origin}/__sandbox/fill-burst`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ count: 1, symbol: symbols[index % symbols.length], amount: '0.01' }),
	});
	const body = (await response.json()) as { orderIds?: string[] };
	const [orderId] = body.orderIds ?? [];
	if (!orderId) throw new Error(`no fill: ${JSON.stringify(body)}`);
	return orderId;
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function run(): Promise<void> {
	const minutes = Number(process.env.SOAK_MINUTES ?? '10');
	const sandbox = await startSandboxProcess();
	const fake = await FakeDiscord.start({
		rateLimit: { perChannel: { limit: 5, windowMs: 5000 } },
		recordTraffic: false,
	});
	const world = deskWorld(fake);
	const fills = fake.addChannel(world.guildId, { name: 'fills' });
	const prices = fake.addChannel(world.guildId, { name: 'prices' });
	const broker = { restUrl: sandbox.restUrl, wsUrl: sandbox.wsUrl, apiKey: key, apiSecret: secret };
	const desk = await AssembledDesk.start({ broker, world, symbols });
	let frames = 0;
	desk.stream.on('ladder', () => frames++);
	try {
		const { routes } = desk.bot.services.controls;
		routes.set({ kind: 'fills', channelId: fills, mode: 'on', changedBy: 'soak', changedAt: 0 });
		routes.set({ kind: 'prices', channelId: prices, mode: 'on', changedBy: 'soak', changedAt: 0 });
		desk.bot.priceBoard.changed();
		// Warm-up: connections, JIT and caches settle before the baseline is taken.
		await delay(Math.min(10_000, minutes * 60_000 * 0.1));
		// Sampled every millisecond: the figure includes that millisecond, so an idle loop shows about 1 ms.
		const loop = monitorEventLoopDelay({ resolution: 1 });
		loop.enable();
		const rssStart = process.memoryUsage().rss;
		const framesAtStart = frames;
		const started = performance.now();
		const expected: string[] = [];
		while (performance.now() - started < minutes * 60_000) {
			expected.push(await fillOne(sandbox.restUrl, expected.length));
			await delay(fillEveryMs);
		}
		const seconds = (performance.now() - started) / 1000;
		const framesPerSec = Math.round((frames - framesAtStart) / seconds);
		const rssEnd = process.memoryUsage().rss;
		loop.disable();
		await desk.bot.relay.idle();
		const posted = fake.messagesIn(fills).flatMap((message) => {
			const text = messageText(message.data);
			return expected.filter((orderId) => text.includes(orderRef(orderId)));
		});
		const result = {
			bench: 'soak',
			minutes,
			framesPerSec,
			rssStartMb: megabytes(rssStart),
			rssEndMb: megabytes(rssEnd),
			eventLoopP99Ms: Math.round(loop.percentile(99) / 1e4) / 100,
			fills: expected.length,
			fillsPosted: new Set(posted).size,
			fillsDoubled: posted.length - new Set(posted).size,
			discord429: fake.statusCounts.get(429) ?? 0,
			boardEdits: desk.bot.priceBoard.stats().edits,
		};
		console.log(JSON.stringify(result));
		const growth = result.rssEndMb - result.rssStartMb;
		const missed = [
			growth >= targets.rssGrowthMb ? `RSS grew ${growth.toFixed(1)} MB` : undefined,
			result.eventLoopP99Ms >= targets.eventLoopP99Ms ? `event-loop p99 ${result.eventLoopP99Ms} ms` : undefined,
			result.fillsPosted !== result.fills ? `${result.fills - result.fillsPosted} fill(s) not posted` : undefined,
			result.fillsDoubled > 0 ? `${result.fillsDoubled} fill(s) posted twice` : undefined,
			framesPerSec < framesPerSecond * 0.9 ? `only ${framesPerSec} frames/s arrived` : undefined,
		].filter((problem) => problem !== undefined);
		console.log(
			`soak: ${minutes} min at ${framesPerSec} frames/s; RSS ${result.rssStartMb} → ${result.rssEndMb} MB, event-loop p99 ${result.eventLoopP99Ms} ms, fills ${result.fillsPosted}/${result.fills} posted (targets: growth < 30 MB, p99 < 20 ms, every fill once)`,
		);
		if (missed.length > 0) {
			process.exitCode = 1;
			console.log(`soak: target missed: ${missed.join('; ')}`);
		}
	} finally {
		await desk.close();
		await fake.stop();
		sandbox.process.child.kill('SIGTERM');
		await sandbox.process.exited;
	}
}
