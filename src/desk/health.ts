import type { AlertRoute, AlertRoutes } from './alert-routes.js';
import type { HaltState, HaltStore } from './halt.js';
import type { Market } from './market.js';

/** One alert lane (fills or orders): whether its posts keep failing, why, and how many events wait. */
export interface AlertLaneHealth {
	readonly failing: boolean;
	/** Failing because the bot cannot reach the route's channel (deleted, or no access): a person must act. */
	readonly unreachable: boolean;
	readonly lastError: string | undefined;
	readonly waiting: number;
	/** Events set aside since the start because Discord can never show them. */
	readonly setAside: number;
}

export type AlertLanes = Readonly<Record<'fills' | 'orders', AlertLaneHealth>>;

/** How busy the broker client is. */
export interface BrokerLoad {
	readonly waiting: number;
	readonly running: number;
	readonly lastLatencyMs: number | undefined;
}

/** What /status reports. */
export interface StatusFacts {
	readonly halt: HaltState;
	readonly streamStatus: string;
	readonly prices: ReadonlyArray<{
		symbol: string;
		ageMs: number | undefined;
		available: boolean;
		/** The broker refused to quote the symbol. */
		notQuoted: boolean;
	}>;
	readonly broker: BrokerLoad;
	readonly version: string;
	readonly uptimeMs: number;
	readonly routes: readonly AlertRoute[];
	/** Undefined until the alert relay runs. */
	readonly alerts: AlertLanes | undefined;
}

export interface HealthSources {
	readonly startedAt: number;
	readonly version: string;
	streamStatus(): string;
	brokerLoad(): BrokerLoad;
	alerts(): AlertLanes | undefined;
}

/** The desk's health, gathered from what it depends on. */
export class DeskHealth {
	constructor(
		private readonly sources: HealthSources,
		private readonly market: Market,
		private readonly halt: Pick<HaltStore, 'halt'>,
		private readonly routes: Pick<AlertRoutes, 'list'>,
		private readonly now: () => number,
	) {}

	facts(): StatusFacts {
		const { sources } = this;
		return {
			halt: this.halt.halt(),
			streamStatus: sources.streamStatus(),
			prices: this.market.symbols.map((symbol) => {
				const latest = this.market.latestLadder(symbol);
				const notQuoted = this.market.quoteRefusal(symbol) !== undefined;
				return { symbol, ageMs: latest?.ageMs, available: latest?.available ?? false, notQuoted };
			}),
			broker: sources.brokerLoad(),
			version: sources.version,
			uptimeMs: this.now() - sources.startedAt,
			routes: this.routes.list(),
			alerts: sources.alerts(),
		};
	}
}
