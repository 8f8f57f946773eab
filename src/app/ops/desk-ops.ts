import type { Logger } from 'pino';
import type { BrokerLoad } from '../../desk/health.js';
import type { ZerocapStream } from '../../zerocap/stream.js';
import type { RunningBot } from '../start-bot.js';
import { DeskMetrics } from './desk-metrics.js';
import { startOpsServer } from './ops-server.js';
import { Readiness } from './readiness.js';

export interface DeskOps {
	/** Where the endpoints answer, with the port actually bound. */
	readonly url: string;
	readonly metrics: DeskMetrics;
	readonly readiness: Readiness;
	close(): Promise<void>;
}

/** The health and metrics endpoints (OPS_PORT): every check not ready and no desk metric until start-up sets them. */
export async function startDeskOps(
	settings: { readonly host: string; readonly port: number },
	symbols: readonly string[],
	logger: Logger,
): Promise<DeskOps> {
	const metrics = new DeskMetrics(symbols);
	const readiness = new Readiness();
	const server = await startOpsServer({
		...settings,
		readiness: () => readiness.report(),
		metrics: () => metrics.text(),
		logger,
	});
	logger.info({ url: server.url }, 'ops endpoints listening');
	return { url: server.url, metrics, readiness, close: () => server.close() };
}

/** What /readyz and the scraped metrics read, as start-up builds it. */
export interface WatchedDesk {
	readonly database: { readonly open: boolean };
	readonly leaseHeld: () => boolean;
	readonly credentialsAccepted: () => boolean;
	readonly stream: ZerocapStream;
	readonly client: { metrics(): BrokerLoad };
	/** The bot, once it runs (in Discord or behind the console). */
	readonly bot: () => RunningBot | undefined;
	readonly stopping: () => boolean;
}

/** Points the readiness checks and the scraped metrics at the desk's parts. */
export function watchDesk({ readiness, metrics }: DeskOps, desk: WatchedDesk): void {
	readiness.set('store', () => desk.database.open);
	readiness.set('lease', desk.leaseHeld);
	readiness.set('broker', desk.credentialsAccepted);
	readiness.set('stream', () => desk.stream.status === 'ready');
	readiness.set('discord', () => desk.bot()?.client.isReady() ?? false);
	readiness.set('running', () => !desk.stopping());
	metrics.watchStream(desk.stream);
	metrics.watchBroker(desk.client);
	metrics.watchDesk({
		halted: () => {
			const bot = desk.bot();
			return bot && desk.database.open ? bot.services.controls.haltState().halted : undefined;
		},
		alerts: () => desk.bot()?.relay.health(),
	});
}
