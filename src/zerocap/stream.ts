import { type Logger, pino } from 'pino';
import { type RawData, WebSocket } from 'ws';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import type { Ladder } from './domain.js';
import type { RequestSigner } from './signing.js';
import { StreamEmitter } from './stream-emitter.js';
import { frameText, parseStreamFrame } from './stream-frames.js';
import { ConnectionMonitor } from './stream-heartbeat.js';
import { LadderBook } from './stream-ladders.js';
import { PendingSubscriptions, type Subscription } from './stream-subscriptions.js';
import {
	defaultStreamOptions,
	type LatestLadder,
	positiveMs,
	type StreamEvents,
	type StreamStats,
	type StreamStatus,
	type ZerocapStreamOptions,
} from './stream-types.js';

const ordersSubscription = JSON.stringify({ type: 'orders' });
/** Malformed frames beyond this many are logged at debug, so that a broken feed cannot flood the log. */
const loudMalformedFrames = 10;
/** How long `close()` waits for the broker to answer the close frame before cutting the connection. */
const closeGraceMs = 1_000;

/**
 * The client side of the broker's WebSocket (contract section 4): one connection at a time, kept alive with
 * heartbeats, replaced when it goes silent or stops sending prices, and re-subscribed after every reconnect.
 * After a reconnect a `gap` event tells consumers which period to reconcile over REST.
 */
export class ZerocapStream {
	readonly #url: string;
	readonly #signer: RequestSigner;
	readonly #now: () => number;
	readonly #random: () => number;
	readonly #handshakeTimeoutMs: number;
	readonly #stableAfterMs: number;
	readonly #reconnectPolicy: BackoffPolicy;
	readonly #log: Logger;
	readonly #monitor: ConnectionMonitor;
	readonly #events: StreamEmitter;
	readonly #prices = new Set<string>();
	/** Symbols the broker refused to quote, with its words: they are not subscribed to again. */
	readonly #refusedPrices = new Map<string, string>();
	readonly #pending = new PendingSubscriptions();
	#readyTimer: NodeJS.Timeout | undefined;
	readonly #ladders = new LadderBook();
	readonly #stats = { framesReceived: 0, malformedFrames: 0, reconnects: 0 };
	#orders = false;
	#status: StreamStatus = 'idle';
	#socket: WebSocket | undefined;
	#reconnectTimer: NodeJS.Timeout | undefined;
	#attempt = 0;
	/** When the current connection became ready; undefined while it is not. */
	#readyAt: number | undefined;
	/** When the last frame with data came: heartbeat answers do not count, a stale socket sends nothing else. */
	#lastDataAt = 0;
	#ordersAcked = false;
	#pricesAvailable = true;
	#gapFrom: number | undefined;
	#closing: Promise<void> | undefined;

	/** Checks the options; connects only on `start()`. */
	constructor(options: ZerocapStreamOptions) {
		const protocol = new URL(options.url).protocol;
		if (protocol !== 'ws:' && protocol !== 'wss:') throw new RangeError('the stream URL must be ws: or wss:');
		this.#url = options.url;
		this.#signer = options.signer;
		this.#now = options.now ?? Date.now;
		this.#random = options.random ?? Math.random;
		this.#reconnectPolicy = options.reconnect ?? defaultStreamOptions.reconnect;
		this.#log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'zerocap-stream' });
		this.#events = new StreamEmitter(this.#log);
		const defaults = defaultStreamOptions;
		this.#handshakeTimeoutMs = positiveMs('livenessTimeoutMs', options.livenessTimeoutMs ?? defaults.livenessTimeoutMs);
		this.#stableAfterMs = positiveMs('stableAfterMs', options.stableAfterMs ?? defaults.stableAfterMs);
		this.#monitor = new ConnectionMonitor({
			heartbeatIntervalMs: positiveMs(
				'heartbeatIntervalMs',
				options.heartbeatIntervalMs ?? defaults.heartbeatIntervalMs,
			),
			livenessTimeoutMs: this.#handshakeTimeoutMs,
			staleDataTimeoutMs: positiveMs('staleDataTimeoutMs', options.staleDataTimeoutMs ?? defaults.staleDataTimeoutMs),
			now: this.#now,
			onSilent: (reason, silentMs) => {
				this.#log.warn({ reason, silentMs }, 'stream connection is silent; replacing it');
				// Its close event then schedules the reconnect, as for any other loss.
				this.#socket?.terminate();
			},
		});
	}

	/** The current status; every change is also a `status` event. */
	get status(): StreamStatus {
		return this.#status;
	}

	/** A snapshot of the counters. */
	get stats(): StreamStats {
		return { ...this.#stats };
	}

	/** False after "Price stream unavailable." until the next ladder arrives. */
	get pricesAvailable(): boolean {
		return this.#pricesAvailable;
	}

	/** Adds a listener; returns the function that removes it. A listener that throws is logged, not propagated. */
	on<E extends keyof StreamEvents>(event: E, listener: (payload: StreamEvents[E]) => void): () => void {
		return this.#events.on(event, listener);
	}

	/** Opens the first connection. Does nothing once started or closed. */
	start(): void {
		if (this.#status !== 'idle') return;
		this.#setStatus('connecting');
		this.#connect();
	}

	/** Subscribes to a symbol's ladder, now if ready and again after every reconnect. */
	subscribePrices(symbol: string): void {
		if (this.#prices.has(symbol)) return;
		this.#prices.add(symbol);
		if (this.#status === 'ready') this.#subscribe({ kind: 'price', symbol });
	}

	/** Subscribes to the account's order updates and trades, now if ready and again after every reconnect. */
	subscribeOrders(): void {
		if (this.#orders) return;
		this.#orders = true;
		if (this.#status === 'ready') this.#subscribe({ kind: 'orders' });
	}

	/** What the stream subscribes to after every reconnect; a symbol the broker refused is no longer here. */
	get subscriptions(): { readonly prices: readonly string[]; readonly orders: boolean } {
		return { prices: [...this.#prices], orders: this.#orders };
	}

	/** The broker's words when it refused to quote `symbol`; undefined for a symbol it did not refuse. */
	quoteRefusal(symbol: string): string | undefined {
		return this.#refusedPrices.get(symbol);
	}

	/** The latest ladder received for `symbol`, on any connection, or undefined if none arrived yet. */
	latestLadder(symbol: string): LatestLadder | undefined {
		const slot = this.#ladders.get(symbol);
		if (slot === undefined) return undefined;
		const { ladder, receivedAt } = slot;
		return { ladder, receivedAt, ageMs: this.#now() - receivedAt, available: this.#pricesAvailable };
	}

	/**
	 * Handles one text frame exactly as the socket handler does when the current connection receives it: the
	 * ingest path on its own, for replaying recorded frames and for benchmarks. Never throws.
	 */
	ingest(frame: string): void {
		this.#receive(frame);
	}

	/** Closes for good: no reconnect after this, every timer cleared; resolves once the connection is closed. */
	close(): Promise<void> {
		this.#closing ??= this.#shutdown();
		return this.#closing;
	}

	async #shutdown(): Promise<void> {
		clearTimeout(this.#reconnectTimer);
		clearTimeout(this.#readyTimer);
		this.#monitor.stop();
		this.#setStatus('closed');
		const socket = this.#socket;
		if (socket === undefined || socket.readyState === WebSocket.CLOSED) return;
		await new Promise<void>((resolve) => {
			const cut = setTimeout(() => socket.terminate(), closeGraceMs);
			socket.once('close', () => {
				clearTimeout(cut);
				resolve();
			});
			if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'client closing');
			else socket.terminate();
		});
	}

	#connect(): void {
		this.#reconnectTimer = undefined;
		this.#lastDataAt = this.#now();
		this.#ordersAcked = false;
		this.#pending.reset();
		let socket: WebSocket;
		try {
			const headers = this.#signer.headers(this.#now());
			socket = new WebSocket(this.#url, { headers, handshakeTimeout: this.#handshakeTimeoutMs });
		} catch (error) {
			this.#log.error({ err: error instanceof Error ? error.message : String(error) }, 'stream could not connect');
			this.#setStatus('reconnecting');
			this.#scheduleReconnect();
			return;
		}
		this.#socket = socket;
		socket.on('open', () => this.#onOpen(socket));
		socket.on('message', (data, isBinary) => this.#onMessage(socket, data, isBinary));
		socket.on('pong', () => this.#onAlive(socket));
		socket.on('ping', () => this.#onAlive(socket));
		socket.on('unexpected-response', (_request, response) =>
			this.#onRefused(socket, response.statusCode ?? 0, response.statusMessage ?? ''),
		);
		socket.on('error', (error) => this.#log.debug({ err: error.message }, 'stream socket error'));
		socket.on('close', (code) => this.#onClose(socket, code));
	}

	#onOpen(socket: WebSocket): void {
		if (socket !== this.#socket || this.#status === 'closed') return;
		this.#monitor.start(socket);
		// Pongs alone keep the liveness watch content, so a broker that never greets needs its own limit.
		this.#readyTimer = setTimeout(() => {
			if (socket !== this.#socket || this.#status === 'ready') return;
			this.#log.warn(
				{ waitedMs: this.#handshakeTimeoutMs },
				'stream opened but the broker never said it was connected',
			);
			socket.terminate();
		}, this.#handshakeTimeoutMs);
	}

	#onAlive(socket: WebSocket): void {
		if (socket === this.#socket) this.#monitor.received(this.#now());
	}

	#onMessage(socket: WebSocket, data: RawData, isBinary: boolean): void {
		if (socket === this.#socket) this.#receive(isBinary ? undefined : frameText(data));
	}

	/** `undefined` stands for a binary frame, which the contract does not allow. */
	#receive(raw: string | undefined): void {
		if (this.#status === 'closed') return;
		const at = this.#now();
		this.#monitor.received(at);
		this.#stats.framesReceived++;
		try {
			if (raw === undefined) {
				this.#lastDataAt = at;
				this.#onMalformed('binary frame', '');
			} else this.#onFrame(raw, at);
		} catch (error) {
			// Only a bug of ours can land here; the socket must survive it.
			this.#log.error({ err: error instanceof Error ? error.message : String(error) }, 'stream frame handler failed');
		}
	}

	#onFrame(raw: string, at: number): void {
		const message = parseStreamFrame(raw, at);
		if (message.kind !== 'notice' || message.text !== 'pong') this.#lastDataAt = at;
		switch (message.kind) {
			case 'ladder':
				this.#onLadder(message.ladder, at);
				break;
			case 'order':
				this.#emit('order', message.order);
				break;
			case 'trade':
				this.#emit('trade', message.trade);
				break;
			case 'notice':
				this.#onNotice(message.text, at);
				break;
			case 'broker-error':
				this.#onBrokerError(message.code, message.message);
				// The broker closes after refusing our credentials; not waiting for it saves a round trip.
				if (message.code === '401') this.#socket?.terminate();
				break;
			case 'malformed':
				this.#onMalformed(message.reason, raw);
				break;
		}
	}

	#onLadder(ladder: Ladder, at: number): void {
		this.#ladders.put(ladder, at);
		this.#monitor.ladderReceived(at);
		if (!this.#pricesAvailable) {
			this.#pricesAvailable = true;
			this.#expectLadders();
		}
		this.#emit('ladder', ladder);
	}

	#onNotice(text: string, at: number): void {
		switch (text) {
			case 'Successfully connected.':
				this.#onReady(at);
				break;
			case 'orders Subscription successful.':
				this.#pending.acknowledged('orders');
				this.#ordersAcked = true;
				this.#emit('subscribed', { channel: 'orders' });
				this.#emitGapIfDue(at);
				break;
			case 'price Subscription successful.':
				this.#pending.acknowledged('price');
				this.#expectLadders();
				this.#emit('subscribed', { channel: 'price' });
				break;
			case 'Price stream unavailable.':
				this.#pricesAvailable = false;
				this.#expectLadders();
				this.#emit('priceUnavailable', { receivedAt: at });
				break;
			case 'pong':
				break;
			default:
				this.#log.debug({ notice: text.slice(0, 100) }, 'stream notice ignored');
		}
	}

	#onReady(at: number): void {
		if (this.#status === 'ready') return;
		clearTimeout(this.#readyTimer);
		this.#readyAt = at;
		for (const symbol of this.#prices) this.#subscribe({ kind: 'price', symbol });
		if (this.#orders) this.#subscribe({ kind: 'orders' });
		this.#log.info({ prices: this.#prices.size, orders: this.#orders }, 'stream ready');
		this.#setStatus('ready');
		this.#expectLadders();
		this.#emitGapIfDue(at);
	}

	#onMalformed(reason: string, raw: string): void {
		this.#stats.malformedFrames++;
		const level = this.#stats.malformedFrames <= loudMalformedFrames ? 'warn' : 'debug';
		this.#log[level]({ reason, sample: raw.slice(0, 100) }, 'malformed stream frame dropped');
		this.#emit('malformed', { reason });
	}

	#onRefused(socket: WebSocket, status: number, statusText: string): void {
		socket.terminate();
		if (socket !== this.#socket || this.#status === 'closed') return;
		this.#log.warn({ status }, 'broker refused the stream handshake');
		this.#emit('brokerError', { code: String(status), message: statusText || 'handshake refused' });
	}

	#onClose(socket: WebSocket, code: number): void {
		if (socket !== this.#socket) return;
		this.#socket = undefined;
		clearTimeout(this.#readyTimer);
		this.#monitor.stop();
		if (this.#status === 'closed') return;
		if (this.#status === 'ready') this.#gapFrom ??= this.#lastDataAt;
		// Only a connection that lasted starts the backoff again: one dropped soon after each greeting must not
		// make the client hammer the broker at the shortest delay.
		if (this.#readyAt !== undefined && this.#now() - this.#readyAt >= this.#stableAfterMs) this.#attempt = 0;
		this.#readyAt = undefined;
		this.#log.warn({ code }, 'stream connection closed');
		this.#setStatus('reconnecting');
		this.#scheduleReconnect();
	}

	#scheduleReconnect(): void {
		const delayMs = backoffDelay(this.#reconnectPolicy, this.#attempt, this.#random);
		this.#attempt++;
		this.#log.info({ delayMs, attempt: this.#attempt }, 'stream reconnect scheduled');
		this.#reconnectTimer = setTimeout(() => {
			this.#stats.reconnects++;
			this.#connect();
		}, delayMs);
	}

	#expectLadders(): void {
		this.#monitor.expectLadders(this.#status === 'ready' && this.#pending.pricesAcknowledged && this.#pricesAvailable);
	}

	#subscribe(subscription: Subscription): void {
		this.#pending.sent(subscription);
		this.#send(
			subscription.kind === 'orders'
				? ordersSubscription
				: JSON.stringify({ type: 'price', symbol: subscription.symbol }),
		);
	}

	/**
	 * A 400 answers the oldest unanswered subscription: a refused symbol is dropped for good, rather than
	 * expected forever and reconnected for every stale-data timeout.
	 */
	#onBrokerError(code: string, text: string): void {
		const refused = code === '400' ? this.#pending.refused() : undefined;
		let message = text;
		if (refused?.kind === 'price') {
			this.#prices.delete(refused.symbol);
			this.#refusedPrices.set(refused.symbol, text.slice(0, 200));
			this.#expectLadders();
			message = `price subscription for ${refused.symbol} refused: ${text}`;
		} else if (refused?.kind === 'orders') {
			message = `orders subscription refused: ${text}`;
		}
		this.#log.warn({ code, message: message.slice(0, 150) }, 'broker error on the stream');
		this.#emit('brokerError', { code, message });
	}

	#emitGapIfDue(at: number): void {
		if (this.#gapFrom === undefined || this.#status !== 'ready' || (this.#orders && !this.#ordersAcked)) return;
		const gap = { from: this.#gapFrom, to: at };
		this.#gapFrom = undefined;
		this.#emit('gap', gap);
	}

	#send(frame: string): void {
		if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(frame);
	}

	#setStatus(status: StreamStatus): void {
		if (status === this.#status) return;
		this.#status = status;
		this.#emit('status', status);
	}

	#emit<E extends keyof StreamEvents>(event: E, payload: StreamEvents[E]): void {
		this.#events.emit(event, payload);
	}
}
