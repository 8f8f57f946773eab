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
	/** New stream handshakes are being refused (`refuseStreams`). */
	readonly streamsRefused: boolean;
	/** Stream handshakes refused since the start. */
	readonly streamHandshakesRefused: number;
	readonly pendingFaults: RestFault[];
	readonly mids: Record<string, string>;
	/** Quotes given and not yet taken, expired ones included. */
	readonly quotesOutstanding: number;
}

/** What tests and benchmarks may do to the sandbox: the control surface of contract section 5. */
export interface SandboxControls {
	injectRestFault(fault: RestFault): void;
	clearRestFaults(): void;
	/** Cuts stream connections (all, or one account's) without a close frame; returns how many. */
	dropStreams(accountId?: string): number;
	/** Leaves stream connections open but silent: no frames, no pongs; returns how many. */
	stallStreams(accountId?: string): number;
	/** Leaves stream connections open and answering heartbeats, but sends no data on them; returns how many. */
	muteStreams(accountId?: string): number;
	/** Ends stalls and mutes; returns how many connections it touched. */
	resumeStreams(): number;
	/** Refuses new stream handshakes with HTTP 503 until `acceptStreams`, as a broker that is down would. */
	refuseStreams(): void;
	acceptStreams(): void;
	pausePrices(): void;
	resumePrices(): void;
	/** Creates `count` filled market orders for an account at once; returns their order ids in order. */
	fillBurst(burst: FillBurst): string[];
	freezeClock(): void;
	resumeClock(): void;
	/** Moves the market clock forward; the walk, fills and expiries happen before this returns. */
	stepClock(ms: number): void;
	setMid(symbol: string, mid: string): void;
	/** The dealer's last look: the next `count` quote executions that would fill are rejected with `reason`. */
	declineQuotes(count: number, reason?: string): void;
	state(): SandboxState;
}
