import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { Authenticator } from './auth.js';
import type { Market } from './market.js';
import type { BookEvent } from './orders.js';
import {
	errorBody,
	isPriceFrames,
	ladderFrame,
	messageFrame,
	orderFrame,
	type PriceFrames,
	tradeFrame,
} from './wire.js';

interface Connection {
	readonly socket: WebSocket;
	readonly accountId: string;
	/** How this connection's ladder frames are written. */
	readonly priceFrames: PriceFrames;
	readonly prices: Set<string>;
	orders: boolean;
	/** A stalled connection stays open but sends nothing and answers nothing, like a half-open socket. */
	stalled: boolean;
	/** A muted connection answers heartbeats but sends no data, like a stale feed. */
	muted: boolean;
}

export interface StreamHubDependencies {
	readonly auth: Authenticator;
	readonly market: Market;
	readonly now: () => number;
	readonly logger: Logger;
	readonly maxFrameBytes: number;
	/** How a bad handshake is refused: the contract's 401 frame then a close, or a plain HTTP 401 (both occur). */
	readonly authFailure: 'frame' | 'http';
	/** How ladder frames are written, unless a connection asks otherwise with `?price_frames=`. */
	readonly priceFrames: PriceFrames;
}

const streamPaths = new Set(['/', '/v2', '/v2/']);
const orderSubscriptionTypes = new Set(['orders', 'order', 'trade', 'trades']);
/** Ladder frames are only the latest state, so a slow reader skips some rather than buffering without end. */
const ladderBackpressureBytes = 1024 * 1024;
const invalidMessageFrame = JSON.stringify(errorBody(400, 'invalid message'));

const sendsNoData = (connection: Connection) => connection.stalled || connection.muted;

/** The SDK's heartbeat message, which even a muted connection answers. */
function isPingMessage(data: RawData, isBinary: boolean): boolean {
	if (isBinary) return false;
	try {
		const message: unknown = JSON.parse(data.toString());
		return (
			typeof message === 'object' &&
			message !== null &&
			'type' in message &&
			message.type === 'message' &&
			'message' in message &&
			message.message === 'ping'
		);
	} catch {
		return false;
	}
}

/** The WebSocket side: header auth at the handshake, price and order subscriptions, heartbeat, pushes. */
export class StreamHub {
	private readonly server: WebSocketServer;
	private readonly connections = new Set<Connection>();
	private pricesPaused = false;
	/** Client messages and pings that stalled connections swallowed, so that tests can see the stall at work. */
	private ignored = 0;
	/** While set, new handshakes are refused with HTTP 503, as a broker that is down would. */
	private refusing = false;
	private refused = 0;

	constructor(private readonly deps: StreamHubDependencies) {
		this.server = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: deps.maxFrameBytes });
	}

	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
		if (!streamPaths.has(url.pathname)) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
			return;
		}
		const asked = url.searchParams.get('price_frames');
		const priceFrames = asked === null ? this.deps.priceFrames : isPriceFrames(asked) ? asked : undefined;
		if (priceFrames === undefined) {
			socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		if (this.refusing) {
			this.refused++;
			socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		const auth = this.deps.auth.authenticate(req.headers);
		if (!auth.ok && this.deps.authFailure === 'http') {
			socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		this.server.handleUpgrade(req, socket, head, (ws) => {
			if (!auth.ok) {
				ws.send(JSON.stringify(errorBody(401, 'Unauthorized')));
				ws.close(1008, 'Unauthorized');
				return;
			}
			this.accept(ws, auth.credential.accountId, priceFrames);
		});
	}

	private accept(socket: WebSocket, accountId: string, priceFrames: PriceFrames): void {
		const connection: Connection = {
			socket,
			accountId,
			priceFrames,
			prices: new Set(),
			orders: false,
			stalled: false,
			muted: false,
		};
		this.connections.add(connection);
		socket.on('message', (data, isBinary) => this.receive(connection, data, isBinary));
		socket.on('ping', (data) => {
			if (connection.stalled) this.ignored++;
			else socket.pong(data);
		});
		socket.on('error', (error) => this.deps.logger.warn({ err: error.message }, 'stream socket error'));
		socket.on('close', () => this.connections.delete(connection));
		socket.send(messageFrame('Successfully connected.'));
	}

	private receive(connection: Connection, data: RawData, isBinary: boolean): void {
		if (connection.stalled || (connection.muted && !isPingMessage(data, isBinary))) {
			this.ignored++;
			return;
		}
		const answer = this.answer(connection, data, isBinary);
		if (typeof answer === 'string') {
			// The contract's 400 frame says only "invalid message"; why goes to the sandbox's own log.
			this.deps.logger.debug({ accountId: connection.accountId, why: answer }, 'invalid stream message');
			this.send(connection, invalidMessageFrame);
			return;
		}
		for (const frame of answer) this.send(connection, frame);
	}

	/**
	 * The frames that answer one client message, or why it is invalid; subscribing changes the connection as a
	 * side effect.
	 */
	private answer(connection: Connection, data: RawData, isBinary: boolean): string[] | string {
		if (isBinary) return 'frames must be JSON text';
		let message: unknown;
		try {
			message = JSON.parse(data.toString());
		} catch {
			return 'not JSON';
		}
		if (typeof message !== 'object' || message === null || !('type' in message) || typeof message.type !== 'string') {
			return 'expected an object with a "type"';
		}
		if (message.type === 'price') {
			const symbol = 'symbol' in message ? message.symbol : undefined;
			if (typeof symbol !== 'string' || !this.deps.market.instrument(symbol)) {
				return 'price needs a known "symbol"';
			}
			connection.prices.add(symbol);
			const current = this.pricesPaused
				? messageFrame('Price stream unavailable.')
				: ladderFrame(this.deps.market.ladder(symbol), this.deps.now(), connection.priceFrames);
			return [messageFrame('price Subscription successful.'), current];
		}
		if (orderSubscriptionTypes.has(message.type)) {
			connection.orders = true;
			return [messageFrame('orders Subscription successful.')];
		}
		if (message.type === 'message' && 'message' in message && message.message === 'ping') {
			return [messageFrame('pong')];
		}
		return `unknown type ${JSON.stringify(message.type.slice(0, 40))}`;
	}

	/** Sends every subscribed symbol's current ladder to its subscribers. */
	publishLadders(): void {
		if (this.pricesPaused) return;
		// Each symbol's frame is written once per dialect, however many connections read it.
		const frames = new Map<string, string>();
		for (const connection of this.connections) {
			if (sendsNoData(connection) || connection.socket.bufferedAmount > ladderBackpressureBytes) continue;
			for (const symbol of connection.prices) {
				const key = `${connection.priceFrames} ${symbol}`;
				let frame = frames.get(key);
				if (frame === undefined) {
					frame = ladderFrame(this.deps.market.ladder(symbol), this.deps.now(), connection.priceFrames);
					frames.set(key, frame);
				}
				this.send(connection, frame);
			}
		}
	}

	/** Pushes an order change or a fill to the account's order subscribers, in the order they happen. */
	publishBookEvent(event: BookEvent): void {
		let frame: string | undefined;
		for (const connection of this.connections) {
			if (connection.accountId !== event.accountId || !connection.orders || sendsNoData(connection)) continue;
			frame ??= event.kind === 'order' ? orderFrame(event.order) : tradeFrame(event.trade);
			this.send(connection, frame);
		}
	}

	pausePrices(): void {
		if (this.pricesPaused) return;
		this.pricesPaused = true;
		for (const connection of this.connections) {
			if (connection.prices.size > 0) this.send(connection, messageFrame('Price stream unavailable.'));
		}
	}

	resumePrices(): void {
		this.pricesPaused = false;
	}

	get pricesArePaused(): boolean {
		return this.pricesPaused;
	}

	/** Cuts connections abruptly, with no close frame, as a network failure would. */
	drop(accountId?: string): number {
		return this.forEach(accountId, (connection) => connection.socket.terminate());
	}

	stall(accountId?: string): number {
		return this.forEach(accountId, (connection) => {
			connection.stalled = true;
		});
	}

	mute(accountId?: string): number {
		return this.forEach(accountId, (connection) => {
			connection.muted = true;
		});
	}

	/** Ends stalls and mutes. */
	unstall(): number {
		return this.forEach(undefined, (connection) => {
			connection.stalled = false;
			connection.muted = false;
		});
	}

	refuseHandshakes(refuse: boolean): void {
		this.refusing = refuse;
	}

	get handshakesRefused(): number {
		return this.refused;
	}

	get refusingHandshakes(): boolean {
		return this.refusing;
	}

	get ignoredWhileStalled(): number {
		return this.ignored;
	}

	connectionCount(): number {
		return this.connections.size;
	}

	close(): void {
		for (const connection of this.connections) connection.socket.terminate();
		this.connections.clear();
		this.server.close();
	}

	private forEach(accountId: string | undefined, action: (connection: Connection) => void): number {
		let count = 0;
		for (const connection of this.connections) {
			if (accountId !== undefined && connection.accountId !== accountId) continue;
			action(connection);
			count++;
		}
		return count;
	}

	private send(connection: Connection, frame: string): void {
		if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(frame);
	}
}
