import type Database from 'better-sqlite3';
import { type APIMessage, type Client, MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import type { AlertRelay } from '../../src/alerts/relay.js';
import type { DeskReports } from '../../src/app/desk-reports.js';
import { startDeskBot } from '../../src/app/start-bot.js';
import type { AlertKind, AlertMode } from '../../src/desk/alert-routes.js';
import type { OrderLimits } from '../../src/desk/order-preview.js';
import type { OrderWatchSettings } from '../../src/desk/order-watch.js';
import type { RestFault } from '../../src/sandbox/faults.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { AlertRoutesRepository } from '../../src/store/alert-routes.js';
import { AuditLogRepository } from '../../src/store/audit-log.js';
import { DailyReportsRepository } from '../../src/store/daily-reports.js';
import { openDatabase } from '../../src/store/database.js';
import { DeskStateRepository } from '../../src/store/desk-state.js';
import { RelayStore } from '../../src/store/relay-store.js';
import { TicketRecordsRepository } from '../../src/store/ticket-records.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import { ZerocapRestClient } from '../../src/zerocap/rest-client.js';
import type { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import {
	FakeDiscord,
	type FakeDiscordOptions,
	type FakeMessage,
	type FakeRequest,
	type InteractionHandle,
} from './fake-discord.js';
import { type Chunk, RecordingSigner, registerSecret, type ScanSource } from './leak-scan.js';
import { registerDatabaseSource, registerListSource, scannedLogger } from './leak-sources.js';
import { startTestSandbox, testKey, testSecret } from './sandbox-peer.js';
import { RequestCounter } from './zerocap-client.js';

/** Symbols the test stream subscribes to; USDC/AUD is left out so that it has no live price. */
const pricedSymbols = ['USDT/AUD', 'BTC/AUD', 'ETH/AUD'];

export interface DeskHarnessOptions {
	readonly limits?: Partial<OrderLimits>;
	/** The daily limits, as decimal text in AUD (generous by default, so that other tests never meet them). */
	readonly dailyLimits?: { readonly trader?: string; readonly desk?: string; readonly position?: string };
	/** A ladder older than this is not a price (10 s by default). */
	readonly staleAfterMs?: number;
	readonly ticketTtlMs?: number;
	readonly timeoutMs?: number;
	readonly sandbox?: Partial<SandboxOptions>;
	/** A database file, to keep state across two harnesses; in memory by default. */
	readonly storePath?: string;
	readonly fake?: FakeDiscordOptions;
	/** How long and how often an order of unknown fate is looked for (short by default). */
	readonly orderWatch?: OrderWatchSettings;
	/** More symbols for the desk to trade and subscribe to, such as one the exchange does not list. */
	readonly extraSymbols?: readonly string[];
	/** Orders worth more than this (AUD) wait for an approver; so high by default that no other test meets it. */
	readonly approvalAbove?: string;
	/** Faults the sandbox has before the desk starts: a broker that does not answer its start-up reads. */
	readonly faultsAtStart?: readonly RestFault[];
	/** The desk's minimum order value; none unless given. */
	readonly minOrderValue?: string;
	readonly approvalTtlMs?: number;
	/** REPORT_AT as minutes after midnight in Australia/Sydney (17:00 by default). */
	readonly reportMinute?: number;
	/** RISK_WARN_BELOW_PERCENT as decimal text (20 by default). */
	readonly riskWarnBelowPercent?: string;
}

/**
 * The whole desk on loopback: the sandbox exchange, the real Zerocap client and stream, a fake Discord, and
 * the real bot (commands, dispatcher, discord.js client) logged into it. Only the ticket clock is the test's.
 */
interface DeskStore {
	readonly audit: AuditLogRepository;
	readonly dailyReports: DailyReportsRepository;
	readonly deskState: DeskStateRepository;
	readonly routes: AlertRoutesRepository;
	readonly ticketRecords: TicketRecordsRepository;
}

interface TestClock {
	now(): number;
	advance(ms: number): void;
}

interface Shared {
	readonly sandbox: Sandbox;
	readonly fake: FakeDiscord;
	readonly client: ZerocapRestClient;
	readonly signer: RequestSigner;
	readonly guildId: string;
	readonly grants: { view: string[]; trade: string[]; admin: string[]; approve: string[] };
	readonly store: DeskStore;
	readonly relayStore: RelayStore;
	readonly database: Database.Database;
	readonly clock: TestClock;
	readonly options: DeskHarnessOptions;
	/** The bot's, client's, stream's and relay's logger: trace into memory for the leak scan. */
	readonly logger: Logger;
}

/** The part of the desk that a restart replaces: the stream, the bot, the relay and the tickets. */
interface BotRun {
	readonly bot: Client;
	readonly stream: ZerocapStream;
	readonly relay: AlertRelay;
	/** Resolves once the relay has caught up from its cursor. */
	readonly caughtUp: Promise<void>;
	readonly reports: DeskReports;
	stop(): Promise<void>;
}

async function startRun(shared: Shared): Promise<BotRun> {
	const { logger, options } = shared;
	const stream = new ZerocapStream({ url: shared.sandbox.wsUrl, signer: shared.signer, logger });
	const firstLadder = new Promise<void>((resolve) => {
		const off = stream.on('ladder', (ladder) => {
			if (ladder.symbol !== 'USDT/AUD') return;
			off();
			resolve();
		});
	});
	for (const symbol of [...pricedSymbols, ...(options.extraSymbols ?? [])]) stream.subscribePrices(symbol);
	stream.subscribeOrders();
	stream.start();
	await firstLadder;

	const { fake } = shared;
	const running = await startDeskBot(
		{
			desk: {
				symbols: [
					'USDT/AUD',
					'USDC/AUD',
					'BTC/AUD',
					'ETH/AUD',
					'BTC/USDT',
					'ETH/USDT',
					...(options.extraSymbols ?? []),
				],
				ticketTtlMs: options.ticketTtlMs ?? 30_000,
				currency: 'AUD',
				maxNotional: options.limits?.maxOrderValue?.toFixed() ?? '250000',
				retypeAbove: options.limits?.retypeAbove?.toFixed() ?? '50000',
				limitFarPercent: options.limits?.limitFarPercent?.toFixed() ?? '5',
				minOrderValue: options.minOrderValue ?? '0',
				approvalAbove: options.approvalAbove ?? '1000000000',
				approvalTtlMs: options.approvalTtlMs ?? 300_000,
				timeZone: 'Australia/Sydney',
				traderDailyLimit: options.dailyLimits?.trader ?? '10000000',
				traderMaxPosition: options.dailyLimits?.position,
				deskDailyLimit: options.dailyLimits?.desk ?? '50000000',
				staleAfterMs: options.staleAfterMs ?? 10_000,
				priceHistoryDays: 30,
				reportMinute: options.reportMinute ?? 17 * 60,
				riskWarnBelowPercent: options.riskWarnBelowPercent ?? '20',
			},
			database: shared.database,
			client: shared.client,
			stream,
			logger,
			startedAt: Date.now(),
			version: 'test',
			now: shared.clock.now,
			relayRetry: { initialMs: 20, maxMs: 200, factor: 2 },
			orderWatch: options.orderWatch ?? { watchForMs: 3_000, pollEveryMs: 100, maxPollEveryMs: 500 },
		},
		{
			token: fake.token,
			applicationId: fake.applicationId,
			guildId: shared.guildId,
			apiBase: fake.apiBase,
			grants: shared.grants,
		},
	);
	return {
		bot: running.client,
		stream,
		relay: running.relay,
		caughtUp: running.caughtUp,
		reports: running.reports,
		stop: async () => {
			await running.stop();
			await stream.close();
		},
	};
}

/**
 * The whole desk on loopback: the sandbox exchange, the real Zerocap client and stream, a fake Discord, and
 * the real bot (commands, dispatcher, discord.js client, alert relay) logged into it. Only the ticket clock is
 * the test's. `restart()` replaces the bot as a process restart would, keeping the store, sandbox and Discord.
 */
export class DeskHarness {
	private constructor(
		private readonly shared: Shared,
		private run: BotRun,
		readonly brokerCalls: RequestCounter,
		readonly channelId: string,
		readonly otherGuildId: string,
		readonly users: {
			trader: string;
			trader2: string;
			viewer: string;
			admin: string;
			approver: string;
			approver2: string;
			nobody: string;
		},
		private readonly closeShared: () => Promise<void>,
	) {}

	get sandbox(): Sandbox {
		return this.shared.sandbox;
	}
	get fake(): FakeDiscord {
		return this.shared.fake;
	}
	get guildId(): string {
		return this.shared.guildId;
	}
	/** The role ids that grant each capability in the desk's server. */
	get grants(): { view: string[]; trade: string[]; admin: string[]; approve: string[] } {
		return this.shared.grants;
	}
	get clock(): TestClock {
		return this.shared.clock;
	}
	get store(): DeskStore {
		return this.shared.store;
	}
	/** Routes an alert kind to a channel as /alerts set would. */
	route(kind: AlertKind, channelId: string, mode: AlertMode = 'on'): void {
		this.store.routes.set({ kind, channelId, mode, changedBy: 'test', changedAt: Date.now() });
	}
	/** The desk's database, for what a test writes as the bot's own recorders would (the price history). */
	get database(): Database.Database {
		return this.shared.database;
	}
	get relayStore(): RelayStore {
		return this.shared.relayStore;
	}
	get bot(): Client {
		return this.run.bot;
	}
	get stream(): ZerocapStream {
		return this.run.stream;
	}
	get relay(): AlertRelay {
		return this.run.relay;
	}
	/** The logger the desk was given (the project's redaction, trace into memory for the leak scan). */
	get logger(): Logger {
		return this.shared.logger;
	}
	/** Resolves once the current run's relay has caught up from its cursor. */
	get caughtUp(): Promise<void> {
		return this.run.caughtUp;
	}
	/** The current run's end-of-day report schedule and risk poll: a test ticks them rather than waiting. */
	get reports(): DeskReports {
		return this.run.reports;
	}

	/** Stops the bot and starts a new one on the same store, exchange and Discord. */
	async restart(): Promise<void> {
		await this.stopBot();
		await this.startBot();
	}

	/** Stops the bot, as a process that exits would; `startBot` brings a new one up. */
	async stopBot(): Promise<void> {
		await this.run.stop();
	}

	async startBot(): Promise<void> {
		this.run = await startRun(this.shared);
	}

	static async start(options: DeskHarnessOptions = {}): Promise<DeskHarness> {
		// The market clock runs with real time, as a broker's would: orders carry today's timestamps.
		const sandbox = await startTestSandbox({ frozenClockAt: undefined, ...options.sandbox });
		for (const fault of options.faultsAtStart ?? []) sandbox.controls.injectRestFault(fault);
		const logger = scannedLogger('the desk harness log');
		const signer = new RecordingSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'static' }, 'testSecret');
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 });
		const brokerCalls = new RequestCounter();
		const client = new ZerocapRestClient({
			restUrl: sandbox.restUrl,
			signer,
			limiter,
			fetch: brokerCalls.fetch,
			timeoutMs: options.timeoutMs ?? 2000,
			resolveSettleMs: 50,
			logger,
		});

		const fake = await FakeDiscord.start(options.fake);
		registerSecret('discord token', fake.token, 'the fake Discord bot token');
		const discordSource = scanFakeDiscord(fake, options.fake?.recordTraffic !== false);
		const guildId = fake.addGuild({ name: 'Desk' });
		const channelId = fake.addChannel(guildId, { name: 'trading-desk' });
		const viewerRole = fake.addRole(guildId, { name: 'Viewer' });
		const traderRole = fake.addRole(guildId, { name: 'Trader' });
		const adminRole = fake.addRole(guildId, { name: 'Admin' });
		const approverRole = fake.addRole(guildId, { name: 'Approver' });
		const users = {
			trader: fake.addMember(guildId, { username: 'tina', roles: [traderRole] }),
			trader2: fake.addMember(guildId, { username: 'tom', roles: [traderRole] }),
			viewer: fake.addMember(guildId, { username: 'vic', roles: [viewerRole] }),
			admin: fake.addMember(guildId, { username: 'ada', roles: [adminRole] }),
			approver: fake.addMember(guildId, { username: 'abe', roles: [approverRole] }),
			// A trader who may also approve: the one person who could approve their own order.
			approver2: fake.addMember(guildId, { username: 'amy', roles: [traderRole, approverRole] }),
			nobody: fake.addMember(guildId, { username: 'nell' }),
		};
		const otherGuildId = fake.addGuild({ name: 'Elsewhere' });
		fake.addChannel(otherGuildId, { name: 'general' });
		fake.addMember(otherGuildId, { userId: users.trader, roles: [] });

		const database = openDatabase(options.storePath ?? ':memory:');
		const storeSource = registerDatabaseSource('the desk store', database);
		const store: DeskStore = {
			audit: new AuditLogRepository(database),
			dailyReports: new DailyReportsRepository(database),
			deskState: new DeskStateRepository(database),
			routes: new AlertRoutesRepository(database),
			ticketRecords: new TicketRecordsRepository(database),
		};
		let clockOffset = 0;
		const clock = {
			now: () => Date.now() + clockOffset,
			advance: (ms: number) => {
				clockOffset += ms;
			},
		};
		const shared: Shared = {
			sandbox,
			fake,
			client,
			signer,
			guildId,
			grants: { view: [viewerRole], trade: [traderRole], admin: [adminRole], approve: [approverRole] },
			store,
			relayStore: new RelayStore(database),
			database,
			clock,
			options,
			logger,
		};
		const run = await startRun(shared);
		const closeShared = async () => {
			await fake.stop();
			await limiter.stop();
			await sandbox.close();
			discordSource.release();
			storeSource.release();
			database.close();
		};
		return new DeskHarness(shared, run, brokerCalls, channelId, otherGuildId, users, closeShared);
	}

	/** Closes everything; the bot must not have called a Discord route the fake does not know. */
	async close(): Promise<void> {
		const unhandled = this.fake.unhandled.map((request) => `${request.method} ${request.path}`);
		await this.run.stop();
		await this.closeShared();
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

/**
 * What the bot sent the fake Discord, for the leak scan: every REST request's body and uploaded files
 * (messages, embeds, attachments, interaction callbacks, command registrations). The interaction tokens in
 * the request paths are registered as secrets: they belong in those paths and nowhere else.
 */
function scanFakeDiscord(fake: FakeDiscord, recordsTraffic: boolean): ScanSource {
	if (recordsTraffic) return registerListSource('what the fake Discord received', fake.requests, requestChunk);
	// Without recorded traffic, every message as created or edited (content, embeds, files).
	const seen: Chunk[] = [];
	fake.listen((message, change) => {
		const files = message.files.map((file) => `${file.name}\n${file.content.toString('utf8')}`);
		seen.push({
			where: `message ${message.data.id} ${change}`,
			text: [JSON.stringify(message.data), ...files].join('\n'),
		});
	});
	return registerListSource('the messages the fake Discord kept', seen, (chunk) => chunk);
}

function requestChunk(request: FakeRequest, index: number): Chunk {
	const segments = request.path.split('/');
	request.route.split('/').forEach((part, at) => {
		if (part === ':token') registerSecret('discord interaction token', segments[at], 'an interaction token');
	});
	const files = request.files.map((file) => `${file.name}\n${file.content.toString('utf8')}`);
	return {
		where: `request ${index + 1} (${request.method} ${request.route})`,
		text: [JSON.stringify(request.body ?? null), ...files].join('\n'),
	};
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

/**
 * The orders named in a channel's fill posts, in order, with repeats, each by the first 8 characters of its
 * id: a post of one fill names the whole id, a burst line its start.
 */
export function postedOrderRefs(fake: FakeDiscord, channelId: string): string[] {
	return fake
		.messagesIn(channelId)
		.flatMap((message) =>
			[...messageText(message.data).matchAll(/`([0-9a-f]{8})(?:[0-9a-f-]{28})?`/g)].map((match) => match[1] ?? ''),
		);
}

export const orderRef = (orderId: string) => orderId.slice(0, 8);
