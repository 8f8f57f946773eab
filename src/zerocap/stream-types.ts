import type { Logger } from 'pino';
import type { BackoffPolicy } from './backoff.js';
import type { Ladder, OrderUpdate, Trade } from './domain.js';
import type { RequestSigner } from './signing.js';

/** Where the connection stands; `ready` means the broker said "Successfully connected." on it. */
export type StreamStatus = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

/** Events that may have been missed while the stream was down, in ms since the epoch: reconcile them over REST. */
export interface StreamGap {
	/** When the last frame with data arrived on the lost connection (answers to heartbeats are not data). */
	readonly from: number;
	/** When the new connection was ready again (and, with an orders subscription, acknowledged it). */
	readonly to: number;
}

/** An error frame from the broker, or a handshake it refused. */
export interface StreamBrokerError {
	/** The frame's `error_code` ("401": credentials refused), or the HTTP status of a refused handshake. */
	readonly code: string;
	/** The broker's words, e.g. "Unauthorized"; never our headers. */
	readonly message: string;
}

/** Every event of the stream and its payload. */
export interface StreamEvents {
	/** A price ladder; the latest one per symbol is also kept, see `latestLadder`. */
	ladder: Ladder;
	/** An order of the key's account changed. */
	order: OrderUpdate;
	/** An order of the key's account was filled (in part). */
	trade: Trade;
	/** The broker said "Price stream unavailable."; ladders are stale until the next one arrives. */
	priceUnavailable: { readonly receivedAt: number };
	/** The broker acknowledged a subscription on the current connection. */
	subscribed: { readonly channel: 'price' | 'orders' };
	/** Emitted after a reconnect, once the stream is ready again and its orders subscription is acknowledged. */
	gap: StreamGap;
	/** The status changed; see `ZerocapStream.status`. */
	status: StreamStatus;
	/** The broker sent an error frame or refused the handshake; a refusal is retried with backoff. */
	brokerError: StreamBrokerError;
	/** A frame that could not be read was dropped. */
	malformed: { readonly reason: string };
}

/** What `ZerocapStream` needs; every dependency comes in here. */
export interface ZerocapStreamOptions {
	/** The WebSocket URL, e.g. `wss://dma-ws.zerocap.com/v2`. */
	readonly url: string;
	/** Signs the handshake; asked for fresh headers on every connection attempt. */
	readonly signer: RequestSigner;
	/** The clock for signatures, ages, gaps and timeouts; default `Date.now`. */
	readonly now?: () => number;
	/** The jitter source for reconnect delays; default `Math.random`. */
	readonly random?: () => number;
	/** How often both heartbeats (SDK ping message and WebSocket ping) are sent; default 5000. */
	readonly heartbeatIntervalMs?: number;
	/**
	 * Nothing at all received (no frame, no pong) for this long replaces the connection; also the handshake's
	 * timeout; default 15000.
	 */
	readonly livenessTimeoutMs?: number;
	/** No ladder for this long while prices are subscribed and available replaces the connection; default 30000. */
	readonly staleDataTimeoutMs?: number;
	/** Delays between connection attempts; default 500 ms doubling up to 30 s, with jitter. */
	readonly reconnect?: BackoffPolicy;
	/**
	 * A connection that stayed ready this long counts as healthy: after it is lost, the delays start again from
	 * the shortest. One lost sooner keeps growing them; default 10000.
	 */
	readonly stableAfterMs?: number;
	/** Default: silent. Headers, keys and signatures are never logged. */
	readonly logger?: Logger;
}

/** The defaults of `ZerocapStreamOptions`. */
export const defaultStreamOptions = {
	heartbeatIntervalMs: 5_000,
	livenessTimeoutMs: 15_000,
	staleDataTimeoutMs: 30_000,
	stableAfterMs: 10_000,
	reconnect: { initialMs: 500, maxMs: 30_000, factor: 2 },
} as const satisfies Required<Omit<ZerocapStreamOptions, 'url' | 'signer' | 'now' | 'random' | 'logger'>>;

/** Counters since the stream was created. */
export interface StreamStats {
	/** Text and binary frames received, malformed ones included (not ping or pong frames). */
	readonly framesReceived: number;
	/** Frames dropped because they could not be read. */
	readonly malformedFrames: number;
	/** Connection attempts after the first one. */
	readonly reconnects: number;
}

/** The latest ladder of a symbol, with when it arrived. */
export interface LatestLadder {
	readonly ladder: Ladder;
	/** When it arrived, by the stream's clock. */
	readonly receivedAt: number;
	/** How long ago it arrived, by the stream's clock. */
	readonly ageMs: number;
	/** False after "Price stream unavailable." until the next ladder arrives. */
	readonly available: boolean;
}

/** An option that must be a positive number of milliseconds, or a RangeError naming it. */
export function positiveMs(name: string, value: number): number {
	if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of ms`);
	return value;
}
