import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Decimal } from 'decimal.js';
import { type Logger, pino } from 'pino';
import { Authenticator, type SandboxCredential } from './auth.js';
import { SimulatedClock } from './clock.js';
import { controlPrefix, createControlHandler } from './control-routes.js';
import type { SandboxControls } from './controls.js';
import { FaultPlan } from './faults.js';
import { sendJson } from './http-body.js';
import { defaultInstruments, type Instrument } from './instruments.js';
import { Market } from './market.js';
import { OrderBook } from './orders.js';
import { seededRandom } from './random.js';
import { RateLimiter } from './rate-limit.js';
import { createRestHandler } from './rest-server.js';
import { StreamHub } from './stream-hub.js';
import { errorBody } from './wire.js';

export type { SandboxCredential } from './auth.js';

export interface SandboxOptions {
	/** Loopback by default; the sandbox is for local use only. */
	readonly host?: string;
	/** 0 picks a free port. */
	readonly port?: number;
	readonly credentials: readonly SandboxCredential[];
	readonly seed?: number;
	/** Ladder frames per second per subscribed symbol; also the rate of the market's walk. */
	readonly priceFramesPerSecond?: number;
	readonly limitOrderTtlMs?: number;
	/** Requests per window per api key; `undefined` turns the limit off. */
	readonly rateLimit?: { readonly limit: number; readonly windowMs: number };
	/** Serve the control surface over HTTP under /__sandbox/ (it is always available in-process). */
	readonly controlsOverHttp?: boolean;
	/** How a bad WebSocket handshake is refused: the 401 frame and a close (default), or HTTP 401. */
	readonly streamAuthFailure?: 'frame' | 'http';
	readonly timestampWindowMs?: number;
	readonly maxBodyBytes?: number;
	readonly instruments?: readonly Instrument[];
	/** Start with the market clock frozen at this time, so that only `stepClock` moves the market. */
	readonly frozenClockAt?: number;
	/** The host's real clock, used for signatures' time window and rate limits. */
	readonly hostNow?: () => number;
	readonly logger?: Logger;
}

export interface Sandbox {
	readonly port: number;
	/** `http://host:port/v2` */
	readonly restUrl: string;
	/** `ws://host:port/v2` */
	readonly wsUrl: string;
	readonly controls: SandboxControls;
	readonly symbols: readonly string[];
	close(): Promise<void>;
}

const maxCatchUpTicks = 100_000;

/** The request's path as a URL; undefined for a target such as "//x:99999/" that is no valid path. */
function requestUrl(req: IncomingMessage): URL | undefined {
	const target = req.url ?? '/';
	if (!target.startsWith('/') || target.startsWith('//')) return undefined;
	return URL.canParse(target, 'http://sandbox') ? new URL(target, 'http://sandbox') : undefined;
}

/** Starts the sandbox exchange: REST and WebSocket on one port, a seeded market, and its controls. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
	if (options.credentials.length === 0) throw new Error('the sandbox needs at least one api key');
	const logger = options.logger ?? pino({ level: 'silent' });
	const hostNow = options.hostNow ?? Date.now;
	const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
	const clock = new SimulatedClock(hostNow, options.frozenClockAt);
	const market = new Market(options.instruments ?? defaultInstruments, seededRandom(options.seed ?? 1));
	const book = new OrderBook(market, { now: () => clock.now(), limitOrderTtlMs: options.limitOrderTtlMs ?? 600_000 });
	const auth = new Authenticator(options.credentials, hostNow, options.timestampWindowMs ?? 30_000);
	const limiter = options.rateLimit && new RateLimiter(options.rateLimit.limit, options.rateLimit.windowMs, hostNow);
	const faults = new FaultPlan();
	const hub = new StreamHub({
		auth,
		market,
		now: () => clock.now(),
		logger,
		maxFrameBytes: maxBodyBytes,
		authFailure: options.streamAuthFailure ?? 'frame',
	});
	book.onEvent((event) => hub.publishBookEvent(event));

	const tickMs = 1000 / (options.priceFramesPerSecond ?? 2);
	let lastTickAt = clock.now();
	const advance = () => {
		const now = clock.now();
		let due = Math.floor((now - lastTickAt) / tickMs);
		if (due <= 0) return;
		if (due > maxCatchUpTicks) {
			lastTickAt = now - maxCatchUpTicks * tickMs;
			due = maxCatchUpTicks;
		}
		for (let tick = 0; tick < due; tick++) {
			lastTickAt += tickMs;
			market.walk();
			// Each tick at its own time, so that a long step fills what crossed before it expires what did not.
			book.onMarketTick(Math.round(lastTickAt));
		}
		// Only the latest ladder is published after a catch-up: ladders are state, not events.
		hub.publishLadders();
	};
	const ticker = setInterval(advance, tickMs);
	clock.onStep(advance);

	const defaultAccount = options.credentials[0]?.accountId ?? '';
	const controls: SandboxControls = {
		injectRestFault: (fault) => faults.add(fault),
		clearRestFaults: () => faults.clear(),
		dropStreams: (accountId) => hub.drop(accountId),
		stallStreams: (accountId) => hub.stall(accountId),
		muteStreams: (accountId) => hub.mute(accountId),
		resumeStreams: () => hub.unstall(),
		refuseStreams: () => hub.refuseHandshakes(true),
		acceptStreams: () => hub.refuseHandshakes(false),
		pausePrices: () => hub.pausePrices(),
		resumePrices: () => hub.resumePrices(),
		fillBurst: (burst) => {
			const symbol = burst.symbol ?? market.symbols()[0] ?? '';
			if (!market.instrument(symbol)) throw new RangeError(`unknown symbol ${symbol}`);
			const amount = new Decimal(burst.amount ?? '1');
			if (!amount.isFinite() || amount.lte(0)) throw new RangeError('a fill burst needs a positive amount');
			const orders = book.fillBurst(
				burst.accountId ?? defaultAccount,
				burst.count,
				symbol,
				burst.side ?? 'buy',
				amount,
			);
			return orders.map((order) => order.id);
		},
		freezeClock: () => clock.freeze(),
		resumeClock: () => clock.resume(),
		stepClock: (ms) => clock.step(ms),
		setMid: (symbol, mid) => market.setMid(symbol, new Decimal(mid)),
		state: () => ({
			now: clock.now(),
			clockFrozen: clock.frozen,
			pricesPaused: hub.pricesArePaused,
			streamConnections: hub.connectionCount(),
			streamMessagesIgnored: hub.ignoredWhileStalled,
			streamsRefused: hub.refusingHandshakes,
			streamHandshakesRefused: hub.handshakesRefused,
			pendingFaults: faults.pending(),
			mids: Object.fromEntries(market.symbols().map((symbol) => [symbol, market.mid(symbol).toFixed()])),
		}),
	};

	// Ends injected delays at close, so that no request is processed after the sandbox stopped.
	const closing = new AbortController();
	const rest = createRestHandler({
		market,
		book,
		auth,
		limiter,
		faults,
		maxBodyBytes,
		logger,
		closing: closing.signal,
	});
	const control = createControlHandler(options.controlsOverHttp ? controls : undefined, maxBodyBytes);
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const url = requestUrl(req);
		if (!url) {
			sendJson(res, 400, errorBody(400, 'the request path is not a valid URL path'));
			return;
		}
		const handler = url.pathname.startsWith(controlPrefix) ? control : rest;
		handler(req, res, url).catch((error: unknown) => {
			logger.error({ err: error instanceof Error ? error.message : String(error) }, 'sandbox request failed');
			sendJson(res, 500, errorBody(500, 'internal error'));
		});
	});
	server.on('upgrade', (req, socket, head) => {
		const url = requestUrl(req);
		if (!url) {
			socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
			return;
		}
		hub.handleUpgrade(req, socket, head, url.pathname);
	});
	server.on('clientError', (_error, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
	});

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	// Node types address() for every kind of server; one listening on a TCP port always answers an AddressInfo.
	const { port } = server.address() as AddressInfo;
	const origin = `${host.includes(':') ? `[${host}]` : host}:${port}`;

	return {
		port,
		restUrl: `http://${origin}/v2`,
		wsUrl: `ws://${origin}/v2`,
		controls,
		symbols: market.symbols(),
		close: async () => {
			closing.abort();
			clearInterval(ticker);
			hub.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
