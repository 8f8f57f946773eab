import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from 'discord.js';
import { commands } from '../../commands/index.js';
import type { AlertObserver } from '../alerts/alert-observer.js';
import { discordPoster, isUnknownMessage } from '../alerts/poster.js';
import { PriceBoard } from '../alerts/price-board.js';
import type { AlertRelay } from '../alerts/relay.js';
import { startAlertRelay } from '../alerts/start-relay.js';
import { OrderFillRecorder } from '../desk/order-fills.js';
import type { RoleGrants } from '../discord/access.js';
import { type DiscordSettings, startDiscordBot } from '../discord/bot.js';
import type { DeskServices } from '../discord/command.js';
import { createDispatcher } from '../discord/dispatch.js';
import { PriceBoardStore } from '../store/price-board-store.js';
import { RelayStore } from '../store/relay-store.js';
import { TicketRecordsRepository } from '../store/ticket-records.js';
import type { BackoffPolicy } from '../zerocap/backoff.js';
import { type DeskReports, startDeskReports } from './desk-reports.js';
import { createDeskServices, type DeskServiceParts } from './desk-services.js';
import { recordPriceHistory } from './price-history.js';

/** How long shutdown waits for orders being sent to settle before it closes anyway. */
const shutdownGraceMs = 30_000;

/** What the bot is built from: the desk's services' parts, with its own clock and the relay's. */
export interface DeskBotParts extends Omit<DeskServiceParts, 'now' | 'alerts'> {
	/** The desk's clock; the tests move it to expire tickets. */
	readonly now?: () => number;
	/** How the relay retries a failing post; the tests shorten it. */
	readonly relayRetry?: BackoffPolicy;
	/** The ops metrics' ears for what the alert routes post. */
	readonly alertObserver?: AlertObserver;
}

export interface DeskBotSettings extends DiscordSettings {
	readonly grants: RoleGrants;
}

export interface RunningBot {
	readonly client: Client;
	readonly services: DeskServices;
	readonly relay: AlertRelay;
	/** Resolves once the relay has caught up from its cursor. */
	readonly caughtUp: Promise<void>;
	readonly priceBoard: PriceBoard;
	/** The end-of-day report's schedule and the risk poll. */
	readonly reports: DeskReports;
	/** Turns new clicks away, lets orders being sent settle, sends the alerts already received, logs out. */
	stop(): Promise<void>;
}

/** The Discord side of the desk: commands through the dispatcher, and the alert relay posting into channels. */
export async function startDeskBot(parts: DeskBotParts, settings: DeskBotSettings): Promise<RunningBot> {
	const { desk, database, client, stream, logger } = parts;
	let relay: AlertRelay | undefined;
	const services = createDeskServices({ ...parts, now: parts.now ?? Date.now, alerts: () => relay?.health() });
	const { tickets, controls } = services;
	const dispatcher = createDispatcher({
		commands,
		services,
		grants: settings.grants,
		deskGuildId: settings.guildId,
		logger,
	});
	const bot = await startDiscordBot(settings, commands, dispatcher.dispatch, logger);
	const poster = discordPoster(bot);
	// The day's limits count what orders filled: the broker's word on each, live and from every catch-up.
	const fills = new OrderFillRecorder({
		records: new TicketRecordsRepository(database),
		timeZone: desk.timeZone,
		now: parts.now ?? Date.now,
		logger,
	});
	stream.on('order', (order) => fills.heard(order));
	const started = startAlertRelay({
		stream,
		store: new RelayStore(database),
		routes: controls.routes,
		poster,
		traderOf: (clientOrderId) => tickets.traderOf(clientOrderId),
		ordersInFlight: () => tickets.sending(),
		orders: fills.reading(client),
		startedAt: parts.startedAt,
		logger,
		now: parts.now ?? Date.now,
		timeZone: desk.timeZone,
		...(parts.relayRetry ? { retry: parts.relayRetry } : {}),
		...(parts.alertObserver ? { observer: parts.alertObserver } : {}),
	});
	relay = started.relay;
	const running = started.relay;
	const priceBoard = new PriceBoard({
		prices: stream,
		symbols: desk.symbols,
		staleAfterMs: desk.staleAfterMs,
		routes: controls.routes,
		poster,
		isUnknownMessage,
		store: new PriceBoardStore(database),
		logger,
		timeZone: desk.timeZone,
	});
	stream.on('ladder', () => priceBoard.changed());
	stream.on('priceUnavailable', () => priceBoard.changed());
	stream.on('status', () => priceBoard.changed());
	priceBoard.start();
	const reports = startDeskReports({
		services,
		reportMinute: desk.reportMinute,
		database,
		routes: controls.routes,
		poster,
		stream,
		logger,
		...(parts.alertObserver ? { observer: parts.alertObserver } : {}),
	});
	const priceHistory = recordPriceHistory({
		database,
		stream,
		keepDays: desk.priceHistoryDays,
		logger,
		now: parts.now ?? Date.now,
	});
	return {
		client: bot,
		services,
		relay: running,
		caughtUp: started.caughtUp,
		priceBoard,
		reports,
		stop: async () => {
			// Orders being sent are settled and shown before anything closes; new clicks are turned away.
			dispatcher.stopTakingNew();
			if (!(await tickets.whenIdle(shutdownGraceMs))) {
				logger.error({ sending: tickets.sending() }, 'shutting down with orders still being settled');
			}
			if (tickets.watching() > 0) {
				logger.warn({ watching: tickets.watching() }, 'shutting down while orders of unknown fate are looked for');
			}
			tickets.stopWatching();
			// Then the alerts already received go out; anything later is caught up from the cursor at the next start.
			running.stop();
			await Promise.race([running.idle(), delay(shutdownGraceMs)]);
			await reports.stop();
			await priceBoard.stop();
			priceHistory.stop();
			await services.charts.close();
			await bot.destroy();
		},
	};
}
