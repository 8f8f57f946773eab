import { Decimal } from 'decimal.js';
import { type APIMessage, type Client, MessageFlags } from 'discord.js';
import { pino } from 'pino';
import { commands } from '../../commands/index.js';
import type { OrderLimits } from '../../src/desk/order-preview.js';
import { OrderLookupQueries } from '../../src/desk/order-queries.js';
import { TicketBook } from '../../src/desk/tickets.js';
import { startDiscordBot } from '../../src/discord/bot.js';
import type { DeskContext } from '../../src/discord/command.js';
import { createDispatcher } from '../../src/discord/dispatch.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { AlertRoutesRepository } from '../../src/store/alert-routes.js';
import { AuditLogRepository } from '../../src/store/audit-log.js';
import { openDatabase } from '../../src/store/database.js';
import { DeskStateRepository } from '../../src/store/desk-state.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import { ZerocapRestClient } from '../../src/zerocap/rest-client.js';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import { FakeDiscord, type FakeMessage, type InteractionHandle } from './fake-discord.js';
import { startTestSandbox, testKey, testSecret } from './sandbox-peer.js';
import { RequestCounter } from './zerocap-client.js';

/** Symbols the test stream subscribes to; USDC/AUD is left out so that it has no live price. */
const pricedSymbols = ['USDT/AUD', 'BTC/AUD', 'ETH/AUD'];

export interface DeskHarnessOptions {
	readonly limits?: Partial<OrderLimits>;
	readonly ticketTtlMs?: number;
	readonly timeoutMs?: number;
	readonly sandbox?: Partial<SandboxOptions>;
	/** A database file, to keep state across two harnesses; in memory by default. */
	readonly storePath?: string;
}

/**
 * The whole desk on loopback: the sandbox exchange, the real Zerocap client and stream, a fake Discord, and
 * the real bot (commands, dispatcher, discord.js client) logged into it. Only the ticket clock is the test's.
 */
export class DeskHarness {
	private constructor(
		readonly sandbox: Sandbox,
		readonly fake: FakeDiscord,
		readonly bot: Client,
		readonly stream: ZerocapStream,
		readonly brokerCalls: RequestCounter,
		readonly guildId: string,
		readonly channelId: string,
		readonly otherGuildId: string,
		readonly users: { trader: string; trader2: string; viewer: string; admin: string; nobody: string },
		private readonly closeAll: () => Promise<void>,
		readonly clock: { now(): number; advance(ms: number): void },
		readonly store: {
			readonly audit: AuditLogRepository;
			readonly deskState: DeskStateRepository;
			readonly routes: AlertRoutesRepository;
		},
	) {}

	static async start(options: DeskHarnessOptions = {}): Promise<DeskHarness> {
		// The market clock runs with real time, as a broker's would: orders carry today's timestamps.
		const sandbox = await startTestSandbox({ frozenClockAt: undefined, ...options.sandbox });
		const signer = new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'static' });
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 });
		const brokerCalls = new RequestCounter();
		const logger = pino({ level: 'silent' });
		const client = new ZerocapRestClient({
			restUrl: sandbox.restUrl,
			signer,
			limiter,
			fetch: brokerCalls.fetch,
			timeoutMs: options.timeoutMs ?? 2000,
			resolveSettleMs: 50,
			logger,
		});
		const stream = new ZerocapStream({ url: sandbox.wsUrl, signer, logger });
		const firstLadder = new Promise<void>((resolve) => {
			const off = stream.on('ladder', (ladder) => {
				if (ladder.symbol !== 'USDT/AUD') return;
				off();
				resolve();
			});
		});
		for (const symbol of pricedSymbols) stream.subscribePrices(symbol);
		stream.subscribeOrders();
		stream.start();
		await firstLadder;

		const fake = await FakeDiscord.start();
		const guildId = fake.addGuild({ name: 'Desk' });
		const channelId = fake.addChannel(guildId, { name: 'trading-desk' });
		const viewerRole = fake.addRole(guildId, { name: 'Viewer' });
		const traderRole = fake.addRole(guildId, { name: 'Trader' });
		const adminRole = fake.addRole(guildId, { name: 'Admin' });
		const users = {
			trader: fake.addMember(guildId, { username: 'tina', roles: [traderRole] }),
			trader2: fake.addMember(guildId, { username: 'tom', roles: [traderRole] }),
			viewer: fake.addMember(guildId, { username: 'vic', roles: [viewerRole] }),
			admin: fake.addMember(guildId, { username: 'ada', roles: [adminRole] }),
			nobody: fake.addMember(guildId, { username: 'nell' }),
		};
		const otherGuildId = fake.addGuild({ name: 'Elsewhere' });
		fake.addChannel(otherGuildId, { name: 'general' });
		fake.addMember(otherGuildId, { userId: users.trader, roles: [] });

		const database = openDatabase(options.storePath ?? ':memory:');
		const store = {
			audit: new AuditLogRepository(database),
			deskState: new DeskStateRepository(database),
			routes: new AlertRoutesRepository(database),
		};
		let clockOffset = 0;
		const clock = {
			now: () => Date.now() + clockOffset,
			advance: (ms: number) => {
				clockOffset += ms;
			},
		};
		const context: DeskContext = {
			broker: client,
			prices: stream,
			tickets: new TicketBook(options.ticketTtlMs ?? 30_000, clock.now),
			orderQueries: new OrderLookupQueries(14 * 60_000, clock.now),
			limits: {
				maxNotional: new Decimal(250_000),
				retypeAbove: new Decimal(50_000),
				staleAfterMs: 10_000,
				...options.limits,
			},
			symbols: ['USDT/AUD', 'USDC/AUD', 'BTC/AUD', 'ETH/AUD', 'BTC/USDT', 'ETH/USDT'],
			deskState: store.deskState,
			audit: store.audit,
			routes: store.routes,
			health: {
				streamStatus: () => stream.status,
				brokerMetrics: () => client.metrics(),
				startedAt: clock.now(),
				version: 'test',
			},
			logger,
			now: clock.now,
		};
		const grants = { view: [viewerRole], trade: [traderRole], admin: [adminRole] };
		const dispatch = createDispatcher({ commands, context, grants, deskGuildId: guildId });
		const bot = await startDiscordBot(
			{ token: fake.token, applicationId: fake.applicationId, guildId, apiBase: fake.apiBase },
			commands,
			dispatch,
			logger,
		);
		const closeAll = async () => {
			await bot.destroy();
			await fake.stop();
			await stream.close();
			await limiter.stop();
			await sandbox.close();
			database.close();
		};
		return new DeskHarness(
			sandbox,
			fake,
			bot,
			stream,
			brokerCalls,
			guildId,
			channelId,
			otherGuildId,
			users,
			closeAll,
			clock,
			store,
		);
	}

	/** Closes everything; the bot must not have called a Discord route the fake does not know. */
	async close(): Promise<void> {
		const unhandled = this.fake.unhandled.map((request) => `${request.method} ${request.path}`);
		await this.closeAll();
		if (unhandled.length > 0) throw new Error(`the bot called routes the fake does not serve: ${unhandled.join(', ')}`);
	}

	slash(
		userId: string,
		name: string,
		options: Record<string, string> = {},
		where: { guildId?: string; dm?: true } = {},
	) {
		if (where.dm) return this.fake.injectSlashCommand({ dm: true, userId, name, options });
		return this.fake.injectSlashCommand({
			guildId: where.guildId ?? this.guildId,
			channelId: this.channelId,
			userId,
			name,
			options,
		});
	}

	click(userId: string, message: FakeMessage, customId: string): InteractionHandle {
		return this.fake.injectButton({ guildId: this.guildId, channelId: this.channelId, userId, customId, message });
	}

	submitModal(
		userId: string,
		message: FakeMessage,
		customId: string,
		fields: Record<string, string>,
	): InteractionHandle {
		return this.fake.injectModalSubmit({
			guildId: this.guildId,
			channelId: this.channelId,
			userId,
			customId,
			fields,
			message,
		});
	}

	/** The original reply once the bot answered, it is no longer "thinking", and `ready` holds for its words. */
	async reply(handle: InteractionHandle, ready: (text: string) => boolean = () => true): Promise<FakeMessage> {
		await handle.response();
		const thinking = (message: FakeMessage) => ((message.data.flags ?? 0) & MessageFlags.Loading) !== 0;
		return handle.originalMessage((message) => !thinking(message) && ready(messageText(message.data)));
	}
}

/** Everything a person reads in a message: content, embed titles, descriptions, fields, footers. */
export function messageText(message: APIMessage): string {
	const parts = [message.content];
	for (const embed of message.embeds) {
		parts.push(embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '');
		for (const field of embed.fields ?? []) parts.push(`${field.name}: ${field.value}`);
	}
	return parts.filter((part) => part !== '').join('\n');
}

export function buttonIds(message: APIMessage): string[] {
	return (message.components ?? []).flatMap((row) =>
		'components' in row
			? row.components.flatMap((component) => ('custom_id' in component ? [component.custom_id] : []))
			: [],
	);
}
