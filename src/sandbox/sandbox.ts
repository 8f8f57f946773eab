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
import { Ledger } from './ledger.js';
import { Market } from './market.js';
import { OrderBook } from './orders.js';
import { type BlockQuotes, QuoteBook } from './quotes.js';
import { seededRandom } from './random.js';
import { RateLimiter } from './rate-limit.js';
import { createRestHandler } from './rest-server.js';
import { defaultRiskLimits, type RiskLimits } from './risk.js';
import { createControls } from './sandbox-controls.js';
import { StateFile } from './state-file.js';
import { StreamHub } from './stream-hub.js';
import { errorBody, type PriceFrames } from './wire.js';

export type { SandboxCredential } from './auth.js';
export { SandboxStateError } from './state-file.js';
export type { PriceFrames } from './wire.js';

/** What every account holds when the sandbox first sees it: deposited once, then moved only by fills. */
export const defaultOpeningBalances: Readonly<Record<string, string>> = {
	AUD: '1000000',
	USDT: '500000',
	USDC: '500000',
	BTC: '10',
	ETH: '200',
};

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
	/** How ladder frames are written unless a connection asks otherwise (`?price_frames=`); default `channel`. */
	readonly priceFrames?: PriceFrames;
	/**
	 * The JSON file that keeps orders, trades and transfers across restarts; undefined keeps them in memory only.
	 * An unreadable file stops start-up with a SandboxStateError and is never overwritten.
	 */
	readonly statePath?: string;
	/** How long a quote can be taken; default 10 s. */
	readonly quoteTtlMs?: number;
	/** Firm quotes for blocks past the ladder; declined when undefined, as a market order past it is. */
	readonly blockQuotes?: BlockQuotes;
	/** Each account's opening deposit, asset → decimal text; default `defaultOpeningBalances`. */
	readonly openingBalances?: Readonly<Record<string, string>>;
	/** The credit limits get_risk reports; default `defaultRiskLimits`. */
	readonly riskLimits?: RiskLimits;
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
	const marketNow = () => clock.now();
	const quotes = new QuoteBook(market, {
		now: marketNow,
		ttlMs: options.quoteTtlMs,
		...(options.blockQuotes ? { blocks: options.blockQuotes } : {}),
	});
	const book = new OrderBook(market, {
		now: marketNow,
		limitOrderTtlMs: options.limitOrderTtlMs ?? 600_000,
		quotes,
	});
	const ledger = new Ledger((symbol) => market.instrument(symbol));
	const state =
		options.statePath === undefined
			? undefined
			: new StateFile(options.statePath, () => ({ orders: book.all(), transfers: ledger.all() }), logger);
	const opening = Object.entries(options.openingBalances ?? defaultOpeningBalances).map(
		([asset, amount]) => [asset, new Decimal(amount)] as const,
	);
	const kept = state?.load();
	if (kept) {
		book.restore(kept.orders);
		ledger.restore(kept.transfers);
	}
	for (const { accountId } of options.credentials) {
		if (ledger.hasAccount(accountId)) continue;
		for (const [asset, amount] of opening) ledger.deposit(accountId, asset, amount, clock.now(), 'opening balance');
	}
	book.onEvent((event) => {
		if (event.kind === 'trade') ledger.settle(event.accountId, event.trade);
		state?.changed();
	});
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
		priceFrames: options.priceFrames ?? 'channel',
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

	const controls = createControls({
		market,
		book,
		quotes,
		hub,
		faults,
		clock,
		defaultAccount: options.credentials[0]?.accountId ?? '',
	});

	// Ends injected delays at close, so that no request is processed after the sandbox stopped.
	const closing = new AbortController();
	const rest = createRestHandler({
		market,
		book,
		quotes,
		ledger,
		riskLimits: options.riskLimits ?? defaultRiskLimits,
		checkCredential: (apiKey, signature) => auth.checkCredential(apiKey, signature),
		marketNow,
		hostNow,
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
		hub.handleUpgrade(req, socket, head, url);
	});
	server.on('clientError', (_error, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
	});

	const host = options.host ?? '127.0.0.1';
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		// A sandbox that could not listen leaves nothing running and gives its state file up untouched.
		clearInterval(ticker);
		hub.close();
		state?.release();
		throw error;
	}
	// Node types address() for every kind of server; one listening on a TCP port always answers an AddressInfo.
	const { port } = server.address() as AddressInfo;
	const origin = `${host.includes(':') ? `[${host}]` : host}:${port}`;
	// Only a sandbox that is listening writes: one that failed to start must leave the file as it found it.
	state?.changed();

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
			await state?.flush();
			state?.release();
		},
	};
}
