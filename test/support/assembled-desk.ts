import { pino } from 'pino';
import { type BrokerEndpoint, brokerClients } from '../../src/app/broker-clients.js';
import { loadConfig } from '../../src/app/config.js';
import { type RunningBot, startDeskBot } from '../../src/app/start-bot.js';
import { openDatabase } from '../../src/store/database.js';
import type { ZerocapStream } from '../../src/zerocap/stream.js';
import type { FakeDiscord } from './fake-discord.js';

/**
 * The desk built by the production composition (`startDeskBot`, as `npm start` builds it) against a broker
 * at the given URLs and the fake Discord: for tests and benchmarks of what main wires, such as the price
 * board. DeskHarness builds its own composition to control clocks; this one controls nothing.
 */
/** The server the desk runs in: an admin with the admin role, and a #desk channel. */
export interface DeskWorld {
	readonly fake: FakeDiscord;
	readonly guildId: string;
	readonly adminRoleId: string;
	readonly adminId: string;
	readonly deskChannelId: string;
}

export function deskWorld(fake: FakeDiscord): DeskWorld {
	const guildId = fake.addGuild({ name: 'Desk' });
	const adminRoleId = fake.addRole(guildId, { name: 'Desk admin' });
	const adminId = fake.addMember(guildId, { username: 'ada', roles: [adminRoleId] });
	const deskChannelId = fake.addChannel(guildId, { name: 'desk' });
	return { fake, guildId, adminRoleId, adminId, deskChannelId };
}

export interface AssembledDeskOptions {
	readonly broker: BrokerEndpoint;
	readonly world: DeskWorld;
	readonly symbols?: readonly string[];
	/** A database file, to keep state across two runs; in memory by default. */
	readonly storePath?: string;
	readonly staleAfterSeconds?: number;
}

export class AssembledDesk {
	private constructor(
		readonly world: DeskWorld,
		readonly stream: ZerocapStream,
		readonly bot: RunningBot,
		private readonly closeRest: () => Promise<void>,
	) {}

	static async start(options: AssembledDeskOptions): Promise<AssembledDesk> {
		const symbols = options.symbols ?? ['USDT/AUD', 'BTC/AUD', 'ETH/AUD'];
		const config = loadConfig({
			LOG_LEVEL: 'silent',
			DESK_SYMBOLS: symbols.join(','),
			QUOTE_STALE_SECONDS: String(options.staleAfterSeconds ?? 10),
			ZEROCAP_TIMEOUT_SECONDS: '5',
		});
		const logger = pino({ level: 'silent' });
		const { world, broker } = options;
		const database = openDatabase(options.storePath ?? ':memory:');
		const { client, stream, limiter } = brokerClients(config, broker, logger);
		stream.subscribeOrders();
		for (const symbol of symbols) stream.subscribePrices(symbol);
		stream.start();
		const parts = {
			desk: config.desk,
			database,
			client,
			stream,
			logger,
			startedAt: Date.now(),
			version: 'test',
		};
		const { fake } = world;
		const grants = { view: [], trade: [], admin: [world.adminRoleId], approve: [] };
		const settings = {
			token: fake.token,
			applicationId: fake.applicationId,
			guildId: world.guildId,
			apiBase: fake.apiBase,
		};
		const bot = await startDeskBot(parts, { ...settings, grants });
		const closeRest = async () => {
			await stream.close();
			await limiter.stop();
			database.close();
		};
		return new AssembledDesk(world, stream, bot, closeRest);
	}

	/** Stops the bot as shutdown does; the fake Discord is the caller's to stop. */
	async close(): Promise<void> {
		await this.bot.stop();
		await this.closeRest();
	}
}
