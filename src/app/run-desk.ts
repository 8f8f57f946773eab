import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { consoleWelcome, routeAlertsToConsoleChannels } from '../console/console-setup.js';
import { ConsoleWorld } from '../console/console-world.js';
import { DeskConsole } from '../console/desk-console.js';
import { sandboxBanner } from '../sandbox/banner.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { AlertRoutesRepository } from '../store/alert-routes.js';
import { openDatabase } from '../store/database.js';
import { AuthError } from '../zerocap/errors.js';
import { brokerClients, brokerEndpoint } from './broker-clients.js';
import type { Config } from './config.js';
import { holdInstanceLease, type InstanceLease } from './instance-lease.js';
import { createLogger } from './log.js';
import { type DeskOps, startDeskOps, watchDesk } from './ops/desk-ops.js';
import { startSandboxFromSettings } from './sandbox-from-settings.js';
import { type DeskBotParts, type RunningBot, startDeskBot } from './start-bot.js';

export interface DeskIo {
	readonly stdin: NodeJS.ReadableStream;
	readonly stdout: NodeJS.WritableStream;
	/** Both ends are a terminal: the console gets a prompt, line editing and history. */
	readonly terminal: boolean;
	readonly colour: boolean;
}

export interface RunningDesk {
	/** Settles when the desk ends by itself: the console was closed. The Discord desk runs until stopped. */
	readonly ended: Promise<void>;
	/** Shuts everything down in order, once; later calls wait for the same shutdown. */
	stop(): Promise<void>;
	/** Where /healthz, /readyz and /metrics answer, when OPS_PORT is set. */
	readonly opsUrl: string | undefined;
}

/** The project's package.json: two folders up under tsx, three from the build in dist/. */
function manifestUrl(): URL | undefined {
	for (const up of ['../../package.json', '../../../package.json']) {
		const url = new URL(up, import.meta.url);
		if (existsSync(url)) return url;
	}
	return undefined;
}

/** The version in package.json, for /status. */
function packageVersion(): string {
	const url = manifestUrl();
	const manifest: unknown = url ? JSON.parse(readFileSync(url, 'utf8')) : undefined;
	return typeof manifest === 'object' &&
		manifest !== null &&
		'version' in manifest &&
		typeof manifest.version === 'string'
		? manifest.version
		: 'unknown';
}

/**
 * The composition root: the only place that builds things and wires them together: the embedded sandbox when
 * ZEROCAP_ENV=local (the default), the checked REST client, the stream, and the bot, either in Discord when a
 * token is configured or in the local console when none is.
 */
export async function runDesk(config: Config, io: DeskIo): Promise<RunningDesk> {
	const startedAt = Date.now();
	const inConsole = config.discord.token === undefined;
	const logger = inConsole
		? createLogger(config.logLevel, pino.destination({ dest: config.console.logPath, mkdir: true, sync: true }))
		: createLogger(config.logLevel);
	let announce = (line: string): void => {
		io.stdout.write(`${line}\n`);
	};
	const storePath = inConsole ? config.console.storePath : config.storePath;
	const database = openDatabase(storePath);
	let leaseLost: (error: Error) => void = () => undefined;
	const lost = new Promise<never>((_, reject) => {
		leaseLost = reject;
	});
	// A promise nobody awaited yet must not count as unhandled: `ended` carries it to main.
	lost.catch(() => undefined);
	let lease: InstanceLease;
	let leaseHeld = false;
	try {
		lease = holdInstanceLease(database, storePath, config.desk.timeZone, logger, () => {
			leaseHeld = false;
			void stop().then(() =>
				leaseLost(new Error('Another desk bot took over this database; this one stopped so as not to post twice.')),
			);
		});
	} catch (error) {
		database.close();
		throw error;
	}
	leaseHeld = true;
	let sandbox: Sandbox | undefined;
	let ops: DeskOps | undefined;
	try {
		sandbox = config.zerocap.env === 'local' ? await startSandboxFromSettings(config.sandbox, logger) : undefined;
		const { port, host } = config.ops;
		ops = port === undefined ? undefined : await startDeskOps({ host, port }, config.desk.symbols, logger);
	} catch (error) {
		await sandbox?.close();
		lease.release();
		database.close();
		throw error;
	}
	if (sandbox) announce(sandboxBanner(sandbox, config.sandbox));
	if (ops) announce(`Ops endpoints at ${ops.url}: /healthz, /readyz, /metrics`);

	const endpoint = brokerEndpoint(config, sandbox);
	const { client, stream, limiter } = brokerClients(config, endpoint, logger, { onCall: ops?.metrics.onBrokerCall });
	let bot: RunningBot | undefined;
	let world: ConsoleWorld | undefined;
	let deskConsole: DeskConsole | undefined;
	let stopping: Promise<void> | undefined;
	const stop = () => {
		stopping ??= (async () => {
			logger.info('shutting down');
			await bot?.stop();
			deskConsole?.close();
			await world?.stop();
			await stream.close();
			await limiter.stop();
			await sandbox?.close();
			await ops?.close();
			leaseHeld = false;
			lease.release();
			database.close();
		})();
		return stopping;
	};
	let credentialsAccepted = false;
	if (ops) {
		watchDesk(ops, {
			database,
			leaseHeld: () => leaseHeld,
			credentialsAccepted: () => credentialsAccepted,
			stream,
			client,
			bot: () => bot,
			stopping: () => stopping !== undefined,
		});
	}

	try {
		await client.checkCredentials();
	} catch (error) {
		await stop();
		if (error instanceof AuthError) {
			throw new Error(`Zerocap (${config.zerocap.env}) did not accept the api key and secret: ${error.message}`);
		}
		throw new Error(`Zerocap (${config.zerocap.env}) could not be reached at ${endpoint.restUrl}: ${String(error)}`);
	}
	credentialsAccepted = true;
	announce(`Zerocap (${config.zerocap.env}): credentials accepted at ${endpoint.restUrl}`);

	stream.on('status', (status) => {
		logger.info({ status }, 'stream status');
		if (status === 'ready') announce(`Zerocap stream ready at ${endpoint.wsUrl}`);
	});
	stream.on('order', (order) => logger.info({ orderId: order.id, status: order.status }, 'order update'));
	stream.on('trade', (trade) => logger.info({ tradeId: trade.id, orderId: trade.orderId }, 'fill'));
	stream.on('gap', (gap) => logger.warn(gap, 'stream gap: events in this window may have been missed'));
	stream.subscribeOrders();
	for (const symbol of config.desk.symbols) stream.subscribePrices(symbol);
	stream.start();

	const parts: DeskBotParts = {
		desk: config.desk,
		database,
		client,
		stream,
		logger,
		startedAt,
		version: packageVersion(),
		...(ops ? { ticketObserver: ops.metrics.tickets, alertObserver: ops.metrics.alerts } : {}),
	};
	try {
		const { token, applicationId } = config.discord;
		if (token && applicationId) {
			bot = await startDeskBot(parts, { ...config.discord, token, applicationId, grants: config.discord.roles });
			ops?.metrics.watchDiscord(bot.client);
			announce(`Discord bot ready as ${bot.client.user?.tag ?? 'unknown'}.`);
			return { ended: lost, stop, opsUrl: ops?.url };
		}
		world = await ConsoleWorld.start(config.console.roles);
		routeAlertsToConsoleChannels(new AlertRoutesRepository(database), world);
		bot = await startDeskBot(parts, {
			token: world.discord.token,
			applicationId: world.discord.applicationId,
			guildId: world.guildId,
			apiBase: world.discord.apiBase,
			grants: world.grants,
		});
		ops?.metrics.watchDiscord(bot.client);
		const folder = dirname(config.console.storePath);
		deskConsole = new DeskConsole({
			world,
			input: io.stdin,
			output: io.stdout,
			terminal: io.terminal,
			colour: io.colour,
			filesDir: join(folder, 'console-files'),
			historyPath: join(folder, 'console-history'),
			timeZone: config.desk.timeZone,
		});
		const opened = deskConsole;
		announce = (line) => {
			opened.notice(line);
		};
		opened.start(consoleWelcome({ env: config.zerocap.env, restUrl: endpoint.restUrl }, config.console.logPath, world));
		return { ended: Promise.race([opened.closed, lost]), stop, opsUrl: ops?.url };
	} catch (error) {
		await stop();
		throw error;
	}
}
