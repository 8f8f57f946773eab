import { Client, Events, GatewayIntentBits } from 'discord.js';
import { pino } from 'pino';
import { discordPoster } from '../../src/alerts/poster.js';
import type { AlertRelay } from '../../src/alerts/relay.js';
import { startAlertRelay } from '../../src/alerts/start-relay.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { AlertRoutesRepository } from '../../src/store/alert-routes.js';
import { openDatabase } from '../../src/store/database.js';
import { RelayStore } from '../../src/store/relay-store.js';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import type { ZerocapStreamOptions } from '../../src/zerocap/stream-types.js';
import { postedOrderRefs } from './desk-harness.js';
import { FakeDiscord } from './fake-discord.js';
import { startTestSandbox, testKey, testSecret } from './sandbox-peer.js';
import { StreamRecorder } from './stream-recorder.js';
import { clientFor } from './zerocap-client.js';

export type StreamTimings = Partial<Omit<ZerocapStreamOptions, 'url' | 'signer'>>;

export interface StreamFaultDeskOptions {
	readonly stream?: StreamTimings;
	readonly sandbox?: Partial<SandboxOptions>;
}

/** Timers short enough for a test, long enough that a loaded machine does not trip them by accident. */
const quickStream = {
	heartbeatIntervalMs: 50,
	livenessTimeoutMs: 2000,
	staleDataTimeoutMs: 2000,
	reconnect: { initialMs: 20, maxMs: 200, factor: 2 },
} satisfies StreamTimings;

const logger = pino({ level: 'silent' });
/** The symbol whose ladders the stream watches; the sandbox publishes it 20 times a second here. */
export const watchedSymbol = 'USDT/AUD';

/**
 * The alert path on loopback with stream timings the test chooses (DeskHarness keeps the production ones):
 * the sandbox, the real Zerocap client and stream, the real alert relay, and a discord.js client posting into
 * the fake Discord through the bot's own poster.
 */
export class StreamFaultDesk {
	private constructor(
		readonly sandbox: Sandbox,
		readonly stream: ZerocapStream,
		readonly events: StreamRecorder,
		readonly fake: FakeDiscord,
		readonly fillsChannel: string,
		readonly relay: AlertRelay,
		private readonly closeAll: () => Promise<void>,
	) {}

	static async start(options: StreamFaultDeskOptions = {}): Promise<StreamFaultDesk> {
		const sandbox = await startTestSandbox({ frozenClockAt: undefined, priceFramesPerSecond: 20, ...options.sandbox });
		const { client, limiter } = clientFor(sandbox, { realSleep: true });
		const signer = new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'static' });
		const stream = new ZerocapStream({ url: sandbox.wsUrl, signer, logger, ...quickStream, ...options.stream });
		const events = new StreamRecorder(stream);
		stream.subscribePrices(watchedSymbol);
		stream.subscribeOrders();
		stream.start();
		await events.next('subscribed', (ack) => ack.channel === 'orders');
		await events.next('ladder');

		const fake = await FakeDiscord.start();
		const guildId = fake.addGuild({ name: 'Desk' });
		const fillsChannel = fake.addChannel(guildId, { name: 'fills' });
		const bot = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase }, enforceNonce: true });
		const ready = new Promise<void>((resolve) => bot.once(Events.ClientReady, () => resolve()));
		await bot.login(fake.token);
		await ready;

		const database = openDatabase(':memory:');
		const routes = new AlertRoutesRepository(database);
		routes.set({ kind: 'fills', channelId: fillsChannel, mode: 'on', changedBy: 'test', changedAt: 0 });
		const { relay, caughtUp } = startAlertRelay({
			stream,
			store: new RelayStore(database),
			routes,
			poster: discordPoster(bot),
			traderOf: () => undefined,
			orders: client,
			startedAt: Date.now(),
			logger,
			timeZone: 'UTC',
			retry: { initialMs: 20, maxMs: 200, factor: 2 },
		});
		await caughtUp;
		const closeAll = async () => {
			relay.stop();
			await relay.idle();
			await bot.destroy();
			await stream.close();
			await fake.stop();
			await limiter.stop();
			await sandbox.close();
			database.close();
		};
		return new StreamFaultDesk(sandbox, stream, events, fake, fillsChannel, relay, closeAll);
	}

	/** The orders named in the fills channel's posts, in order, with repeats (see postedOrderRefs). */
	postedFills(): string[] {
		return postedOrderRefs(this.fake, this.fillsChannel);
	}

	close(): Promise<void> {
		return this.closeAll();
	}
}
