import { setTimeout as delay } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { Decimal } from 'decimal.js';
import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import { commands } from '../commands/index.js';
import { discordPoster, isUnknownMessage } from './alerts/poster.js';
import { PriceBoard } from './alerts/price-board.js';
import type { AlertRelay } from './alerts/relay.js';
import { startAlertRelay } from './alerts/start-relay.js';
import type { Config } from './config.js';
import { OrderLookupQueries } from './desk/order-queries.js';
import type { TicketBook } from './desk/tickets.js';
import type { RoleGrants } from './discord/access.js';
import { type DiscordSettings, startDiscordBot, stopTakingInteractions } from './discord/bot.js';
import type { DeskContext } from './discord/command.js';
import { createDispatcher } from './discord/dispatch.js';
import { postToRoute } from './discord/post-to-route.js';
import { AlertRoutesRepository } from './store/alert-routes.js';
import { AuditLogRepository } from './store/audit-log.js';
import { DeskStateRepository } from './store/desk-state.js';
import { PriceBoardStore } from './store/price-board-store.js';
import { RelayStore } from './store/relay-store.js';
import type { TicketRecordsRepository } from './store/ticket-records.js';
import type { ZerocapRestClient } from './zerocap/rest-client.js';
import type { ZerocapStream } from './zerocap/stream.js';

/** Interaction tokens last 15 minutes; /orders buttons stop a little before. */
const orderQueryTtlMs = 14 * 60_000;
/** How long shutdown waits for orders being sent to settle before it closes anyway. */
const shutdownGraceMs = 30_000;

export interface DeskBotParts {
	readonly config: Config;
	readonly database: Database.Database;
	readonly client: ZerocapRestClient;
	readonly stream: ZerocapStream;
	readonly tickets: TicketBook;
	readonly ticketRecords: TicketRecordsRepository;
	readonly logger: Logger;
	readonly startedAt: number;
	readonly version: string;
}

export interface DeskBotSettings extends DiscordSettings {
	readonly grants: RoleGrants;
}

export interface RunningBot {
	readonly client: Client;
	readonly routes: AlertRoutesRepository;
	readonly relay: AlertRelay;
	readonly priceBoard: PriceBoard;
	/** Turns new clicks away, lets orders being sent settle, sends the alerts already received, logs out. */
	stop(): Promise<void>;
}

/** The Discord side of the desk: commands through the dispatcher, and the alert relay posting into channels. */
export async function startDeskBot(parts: DeskBotParts, settings: DeskBotSettings): Promise<RunningBot> {
	const { config, database, client, stream, tickets, ticketRecords, logger } = parts;
	let relay: AlertRelay | undefined;
	const routes = new AlertRoutesRepository(database);
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
		routes,
		ticketRecords,
		health: {
			streamStatus: () => stream.status,
			brokerMetrics: () => client.metrics(),
			startedAt: parts.startedAt,
			version: parts.version,
			alerts: () => relay?.health(),
		},
		logger,
		now: Date.now,
	};
	const dispatch = createDispatcher({ commands, context, grants: settings.grants, deskGuildId: settings.guildId });
	const bot = await startDiscordBot(settings, commands, dispatch, logger);
	const poster = discordPoster(bot);
	relay = startAlertRelay({
		stream,
		store: new RelayStore(database),
		routes,
		poster,
		traderOf: (clientOrderId) => tickets.ownerOf(clientOrderId) ?? ticketRecords.ownerOf(clientOrderId),
		ordersInFlight: () => tickets.sending(),
		orders: client,
		startedAt: parts.startedAt,
		onRouteFailing: (kind, reason) => {
			logger.error({ kind, reason }, 'alert route keeps failing');
			const errors = routes.get('errors');
			if (kind === 'errors' || !errors) return;
			const text = `The ${kind} alert route keeps failing (${reason}); its alerts are kept and retried.`;
			void postToRoute(bot, errors, { content: text });
		},
		logger,
	}).relay;
	const running = relay;
	const priceBoard = new PriceBoard({
		prices: stream,
		symbols: config.desk.symbols,
		staleAfterMs: config.desk.staleAfterMs,
		routes,
		poster,
		isUnknownMessage,
		store: new PriceBoardStore(database),
		logger,
	});
	stream.on('ladder', () => priceBoard.changed());
	stream.on('priceUnavailable', () => priceBoard.changed());
	stream.on('status', () => priceBoard.changed());
	priceBoard.start();
	return {
		client: bot,
		routes,
		relay: running,
		priceBoard,
		stop: async () => {
			// Orders being sent are settled and shown before anything closes; new clicks are turned away.
			stopTakingInteractions(bot);
			if (!(await tickets.whenIdle(shutdownGraceMs))) {
				logger.error({ sending: tickets.sending() }, 'shutting down with orders still being settled');
			}
			// Then the alerts already received go out; anything later is caught up from the cursor at the next start.
			running.stop();
			await Promise.race([running.idle(), delay(shutdownGraceMs)]);
			await priceBoard.stop();
			await bot.destroy();
		},
	};
}
