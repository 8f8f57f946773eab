import type { RestFault } from './faults.js';
import type { Side } from './market.js';

export interface FillBurst {
	readonly count: number;
	readonly accountId?: string;
	readonly symbol?: string;
	readonly side?: Side;
	readonly amount?: string;
}

export interface SandboxState {
	readonly now: number;
	readonly clockFrozen: boolean;
	readonly pricesPaused: boolean;
	readonly streamConnections: number;
	/** Client messages and pings that stalled connections received and did not answer. */
	readonly streamMessagesIgnored: number;
	readonly pendingFaults: RestFault[];
	readonly mids: Record<string, string>;
}

/** What tests and benchmarks may do to the sandbox: the control surface of contract section 5. */
export interface SandboxControls {
	injectRestFault(fault: RestFault): void;
	clearRestFaults(): void;
	/** Cuts stream connections (all, or one account's) without a close frame; returns how many. */
	dropStreams(accountId?: string): number;
	/** Leaves stream connections open but silent: no frames, no pongs; returns how many. */
	stallStreams(accountId?: string): number;
	resumeStreams(): number;
	pausePrices(): void;
	resumePrices(): void;
	/** Creates `count` filled market orders for an account at once; returns their order ids in order. */
	fillBurst(burst: FillBurst): string[];
	freezeClock(): void;
	resumeClock(): void;
	/** Moves the market clock forward; the walk, fills and expiries happen before this returns. */
	stepClock(ms: number): void;
	setMid(symbol: string, mid: string): void;
	state(): SandboxState;
}
