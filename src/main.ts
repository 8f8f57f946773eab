import 'dotenv/config';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Decimal } from 'decimal.js';
import type { Client } from 'discord.js';
import { commands } from '../commands/index.js';
import { discordPoster } from './alerts/poster.js';
import type { AlertRelay } from './alerts/relay.js';
import { startAlertRelay } from './alerts/start-relay.js';
import { brokerConnection } from './broker-connection.js';
import { loadConfig } from './config.js';
import { OrderLookupQueries } from './desk/order-queries.js';
import { TicketBook } from './desk/tickets.js';
import { startDiscordBot, stopTakingInteractions } from './discord/bot.js';
import type { DeskContext } from './discord/command.js';
import { createDispatcher } from './discord/dispatch.js';
import { postToRoute } from './discord/post-to-route.js';
import { createLogger } from './log.js';
import { closeOnSignal, exitWithError } from './process-lifecycle.js';
import { sandboxBanner } from './sandbox/banner.js';
import { startSandboxFromSettings } from './sandbox/from-settings.js';
import { AlertRoutesRepository } from './store/alert-routes.js';
import { AuditLogRepository } from './store/audit-log.js';
import { openDatabase } from './store/database.js';
import { DeskStateRepository } from './store/desk-state.js';
import { RelayStore } from './store/relay-store.js';
import { TicketRecordsRepository } from './store/ticket-records.js';
import { AuthError } from './zerocap/errors.js';
import { createRequestLimiter } from './zerocap/limiter.js';
import { ZerocapRestClient } from './zerocap/rest-client.js';
import { RequestSigner } from './zerocap/signing.js';
import { ZerocapStream } from './zerocap/stream.js';

/** Interaction tokens last 15 minutes; /orders buttons stop a little before. */
const orderQueryTtlMs = 14 * 60_000;
/** How long shutdown waits for orders being sent to settle before it closes anyway. */
const shutdownGraceMs = 30_000;

/**
 * The composition root: the only place that builds things and wires them together: the embedded sandbox
 * when ZEROCAP_ENV=local (the default), the checked REST client, the stream, and the Discord bot when a
 * token is configured.
 */
/** The version in package.json, for /status. */
function packageVersion(): string {
	const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
	return typeof manifest === 'object' &&
		manifest !== null &&
		'version' in manifest &&
		typeof manifest.version === 'string'
		? manifest.version
		: 'unknown';
}

async function main(): Promise<void> {
	const startedAt = Date.now();
	const config = loadConfig();
	const logger = createLogger(config.logLevel);
	const database = openDatabase(config.storePath);
	const sandbox = config.zerocap.env === 'local' ? await startSandboxFromSettings(config.sandbox, logger) : undefined;
	if (sandbox) process.stdout.write(`${sandboxBanner(sandbox, config.sandbox)}\n`);

	const connection = brokerConnection(config, sandbox);
	const signer = new RequestSigner({
		apiKey: connection.apiKey,
		apiSecret: connection.apiSecret,
		scheme: config.zerocap.signing,
		...(config.zerocap.customerId ? { customerId: config.zerocap.customerId } : {}),
	});
	const limiter = createRequestLimiter(config.zerocap);
	const client = new ZerocapRestClient({
		restUrl: connection.restUrl,
		signer,
		limiter,
		timeoutMs: config.zerocap.timeoutMs,
		maxOrderBacklog: config.zerocap.maxOrderBacklog,
		...(config.zerocap.customerId ? { customerId: config.zerocap.customerId } : {}),
		logger,
	});
	const stream = new ZerocapStream({ url: connection.wsUrl, signer, logger });
	const tickets = new TicketBook(config.desk.ticketTtlMs);
	const ticketRecords = new TicketRecordsRepository(database);
	let discord: Client | undefined;
	let relay: AlertRelay | undefined;
	const shutdown = async () => {
		logger.info('shutting down');
		if (discord) {
			// Orders being sent are settled and shown before anything closes; new clicks are turned away.
			stopTakingInteractions(discord);
			if (!(await tickets.whenIdle(shutdownGraceMs))) {
				logger.error({ sending: tickets.sending() }, 'shutting down with orders still being settled');
			}
			// Then the alerts already received go out; anything later is caught up from the cursor at the next start.
			relay?.stop();
			await Promise.race([relay?.idle(), delay(shutdownGraceMs)]);
			await discord.destroy();
		}
		await stream.close();
		await limiter.stop();
		await sandbox?.close();
		database.close();
	};

	try {
		await client.checkCredentials();
	} catch (error) {
		await shutdown();
		if (error instanceof AuthError) {
			throw new Error(`Zerocap (${config.zerocap.env}) did not accept the api key and secret: ${error.message}`);
		}
		throw new Error(`Zerocap (${config.zerocap.env}) could not be reached at ${connection.restUrl}: ${String(error)}`);
	}
	process.stdout.write(`Zerocap (${config.zerocap.env}): credentials accepted at ${connection.restUrl}\n`);

	stream.on('status', (status) => {
		logger.info({ status }, 'stream status');
		if (status === 'ready') process.stdout.write(`Zerocap stream ready at ${connection.wsUrl}\n`);
	});
	stream.on('order', (order) => logger.info({ orderId: order.id, status: order.status }, 'order update'));
	stream.on('trade', (trade) => logger.info({ tradeId: trade.id, orderId: trade.orderId }, 'fill'));
	stream.on('gap', (gap) => logger.warn(gap, 'stream gap: events in this window may have been missed'));
	stream.subscribeOrders();
	for (const symbol of config.desk.symbols) stream.subscribePrices(symbol);
	stream.start();
	closeOnSignal(shutdown);

	const { token, applicationId } = config.discord;
	if (!token || !applicationId) {
		process.stdout.write('No DISCORD_TOKEN: the Discord bot is not started.\n');
		return;
	}
	const context: DeskContext = {
		broker: client,
		prices: stream,
		tickets,
		orderQueries: new OrderLookupQueries(orderQueryTtlMs),
		limits: {
			maxNotional: new Decimal(config.desk.maxNotional),
			retypeAbove: new Decimal(config.desk.retypeAbove),
			staleAfterMs: config.desk.staleAfterMs,
		},
		symbols: config.desk.symbols,
		deskState: new DeskStateRepository(database),
		audit: new AuditLogRepository(database),
		routes: new AlertRoutesRepository(database),
		ticketRecords,
		health: {
			streamStatus: () => stream.status,
			brokerMetrics: () => client.metrics(),
			startedAt,
			version: packageVersion(),
			alerts: () => relay?.health(),
		},
		logger,
		now: Date.now,
	};
	const dispatch = createDispatcher({
		commands,
		context,
		grants: config.discord.roles,
		deskGuildId: config.discord.guildId,
	});
	const bot = await startDiscordBot({ ...config.discord, token, applicationId }, commands, dispatch, logger);
	discord = bot;
	const routes = context.routes;
	relay = startAlertRelay({
		stream,
		store: new RelayStore(database),
		routes,
		poster: discordPoster(bot),
		traderOf: (clientOrderId) => tickets.ownerOf(clientOrderId) ?? ticketRecords.ownerOf(clientOrderId),
		ordersInFlight: () => tickets.sending(),
		orders: client,
		startedAt,
		onRouteFailing: (kind, reason) => {
			logger.error({ kind, reason }, 'alert route keeps failing');
			const errors = routes.get('errors');
			if (kind === 'errors' || !errors) return;
			const text = `The ${kind} alert route keeps failing (${reason}); its alerts are kept and retried.`;
			void postToRoute(bot, errors, { content: text });
		},
		logger,
	}).relay;
	process.stdout.write(`Discord bot ready as ${bot.user?.tag ?? 'unknown'}.\n`);
}

main().catch(exitWithError);
