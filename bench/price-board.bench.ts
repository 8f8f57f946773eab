import { monitorEventLoopDelay } from 'node:perf_hooks';
import { formatAmount } from '../src/discord/render/format.js';
import { defaultInstruments } from '../src/sandbox/instruments.js';
import { Market } from '../src/sandbox/market.js';
import { seededRandom } from '../src/sandbox/random.js';
import { ladderFrame } from '../src/sandbox/wire.js';
import { AssembledDesk, deskWorld } from '../test/support/assembled-desk.js';
import { FakeDiscord, type FakeMessage } from '../test/support/fake-discord.js';
import { startTestSandbox, testKey, testSecret } from '../test/support/sandbox-peer.js';

/**
 * The live price board under a 20,000-ladder burst: the production composition against a real sandbox and the
 * fake Discord with Discord's channel limit (5 writes every 5 s). The burst goes through the stream's ingest
 * path over one second; the figures are the board's edits, their spacing, 429s and the event loop's delay.
 */
const burstFrames = 20_000;
const burstSlices = 20;
const symbols = ['USDT/AUD', 'BTC/AUD', 'ETH/AUD'];
const channelLimit = { limit: 5, windowMs: 5000 };

function burst(): { frames: string[]; lastPrices: Map<string, string> } {
	const market = new Market(defaultInstruments, seededRandom(7));
	const frames: string[] = [];
	const lastPrices = new Map<string, string>();
	for (let index = 0; index < burstFrames; index++) {
		market.walk();
		const symbol = symbols[index % symbols.length] ?? 'USDT/AUD';
		const ladder = market.ladder(symbol);
		frames.push(ladderFrame(ladder, Date.now()));
		lastPrices.set(symbol, String(ladder.buy[0]?.price.toNumber() ?? ''));
	}
	return { frames, lastPrices };
}

export async function run(): Promise<void> {
	const sandbox = await startTestSandbox({ frozenClockAt: undefined });
	const fake = await FakeDiscord.start({ rateLimit: { perChannel: channelLimit } });
	const world = deskWorld(fake);
	const channel = fake.addChannel(world.guildId, { name: 'prices' });
	const broker = { restUrl: sandbox.restUrl, wsUrl: sandbox.wsUrl, apiKey: testKey, apiSecret: testSecret };
	const desk = await AssembledDesk.start({ broker, world, symbols });
	try {
		desk.bot.services.controls.routes.set({
			kind: 'prices',
			channelId: channel,
			mode: 'on',
			changedBy: 'bench',
			changedAt: 0,
		});
		desk.bot.priceBoard.changed();
		const board = await fake.waitForMessage(channel, (message) =>
			JSON.stringify(message.data.embeds).includes('buy **'),
		);
		// Only the burst moves prices from here on, so the board's last state can be checked against it.
		const paused = new Promise<void>((resolve) => {
			const off = desk.stream.on('priceUnavailable', () => {
				off();
				resolve();
			});
		});
		sandbox.controls.pausePrices();
		await paused;
		await desk.bot.priceBoard.settled();
		const { frames, lastPrices } = burst();
		const edits: number[] = [];
		const stopListening = fake.listen((message, change) => {
			if (message.data.id === board.data.id && change === 'edited') edits.push(performance.now());
		});
		const loop = monitorEventLoopDelay({ resolution: 1 });
		loop.enable();
		const started = performance.now();
		// Over one second, in the 20 slices a socket might deliver them in.
		for (let slice = 0; slice < burstSlices; slice++) {
			const size = burstFrames / burstSlices;
			for (const frame of frames.slice(slice * size, (slice + 1) * size)) desk.stream.ingest(frame);
			await new Promise((resolve) => setTimeout(resolve, 1000 / burstSlices));
		}
		const ingestMs = performance.now() - started;
		const shows = (message: FakeMessage) =>
			[...lastPrices].every(([, price]) =>
				JSON.stringify(message.data.embeds).includes(`buy **${formatAmount(price)}**`),
			);
		await fake.waitForMessage(channel, shows, 15_000);
		const settledMs = performance.now() - started;
		loop.disable();
		stopListening();
		const gaps = edits.slice(1).map((at, i) => at - (edits[i] ?? at));
		const result = {
			bench: 'price-board',
			frames: burstFrames,
			ingestMs: Math.round(ingestMs),
			secondsToLatest: Math.round(settledMs / 10) / 100,
			edits: edits.length,
			minEditGapMs: gaps.length > 0 ? Math.round(Math.min(...gaps)) : null,
			boardMessages: fake.messagesIn(channel).length,
			discord429: fake.requests.filter((request) => request.status === 429).length,
			eventLoopP99Ms: Math.round(loop.percentile(99) / 1e4) / 100,
		};
		console.log(JSON.stringify(result));
		const missed = [
			result.minEditGapMs !== null && result.minEditGapMs < 2000 ? `edits ${result.minEditGapMs} ms apart` : undefined,
			result.discord429 > 0 ? `${result.discord429} Discord 429(s)` : undefined,
			result.boardMessages !== 1 ? `${result.boardMessages} board messages` : undefined,
		].filter((problem) => problem !== undefined);
		if (missed.length > 0) {
			process.exitCode = 1;
			console.log(`price-board: target missed: ${missed.join('; ')}`);
		}
		console.log(
			`price-board: ${burstFrames} ladders ingested in ${result.ingestMs} ms; the one board showed the latest after ${result.secondsToLatest} s with ${result.edits} edit(s), min gap ${result.minEditGapMs} ms, 429s ${result.discord429} (targets: ≥ 2000 ms between edits, no 429)`,
		);
	} finally {
		await desk.close();
		await fake.stop();
		await sandbox.close();
	}
}
