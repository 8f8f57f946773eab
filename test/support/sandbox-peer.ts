import { createHmac } from 'node:crypto';
import { WebSocket } from 'ws';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/sandbox.js';
import { scannedLogger } from './leak-sources.js';

/** A test's own view of the contract: its own signer and HTTP calls, nothing borrowed from the sandbox. */

export const testKey = 'test-key';
export const testSecret = 'test-secret-value';
export const testAccount = 'account-1';
export const otherKey = 'other-key';
export const otherSecret = 'other-secret-value';

export function hmacHex(secret: string, message: string): string {
	return createHmac('sha256', secret).update(message).digest('hex');
}

export function staticHeaders(key = testKey, secret = testSecret): Record<string, string> {
	return { 'api-key': key, signature: hmacHex(secret, key) };
}

export function timestampHeaders(seconds: number, key = testKey, secret = testSecret): Record<string, string> {
	return { 'api-key': key, signature: hmacHex(secret, String(seconds)), timestamp: String(seconds) };
}

export function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
	return startSandbox({
		credentials: [
			{ apiKey: testKey, apiSecret: testSecret, accountId: testAccount },
			{ apiKey: otherKey, apiSecret: otherSecret, accountId: 'account-2' },
		],
		frozenClockAt: Date.UTC(2026, 0, 5, 9, 30),
		...options,
		// Logged at trace into memory for the leak scan (silent outside vitest).
		logger: options.logger ?? scannedLogger('the sandbox log'),
	});
}

export interface Reply {
	readonly status: number;
	readonly headers: Headers;
	// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies and assert on them
	readonly body: any;
}

export async function call(
	sandbox: Sandbox,
	endpoint: string,
	body: unknown,
	init: { headers?: Record<string, string>; method?: string; raw?: string; base?: string } = {},
): Promise<Reply> {
	const method = init.method ?? 'POST';
	const response = await fetch(`${init.base ?? sandbox.restUrl}/orders/${endpoint}`, {
		method,
		headers: { 'content-type': 'application/json', ...(init.headers ?? staticHeaders()) },
		body: method === 'GET' ? undefined : (init.raw ?? JSON.stringify(body)),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

export function createOrder(sandbox: Sandbox, body: Record<string, unknown>, headers?: Record<string, string>) {
	return call(sandbox, 'create_order', body, { headers });
}

export function marketBuy(sandbox: Sandbox, amount: string, clientOrderId: string, symbol = 'USDT/AUD') {
	return createOrder(sandbox, {
		symbol,
		side: 'buy',
		type: 'market',
		amount,
		price: '0',
		client_order_id: clientOrderId,
	});
}

export async function countOrders(sandbox: Sandbox, headers?: Record<string, string>): Promise<number> {
	const reply = await call(sandbox, 'fetch_orders', {}, { headers });
	return reply.body.total;
}

// biome-ignore lint/suspicious/noExplicitAny: frames are arbitrary JSON that tests assert on
export type Frame = any;

/**
 * A stream connection that keeps every frame it receives, so that a test can wait for the frame it expects
 * (or the close) as an event rather than sleeping.
 */
export class StreamPeer {
	readonly frames: Frame[] = [];
	private readonly waiters = new Set<() => void>();
	closeCode: number | undefined;

	private constructor(readonly socket: WebSocket) {
		socket.on('message', (data) => {
			this.frames.push(JSON.parse(data.toString()));
			this.wake();
		});
		socket.on('close', (code) => {
			this.closeCode = code;
			this.wake();
		});
		socket.on('error', () => this.wake());
	}

	static open(url: string, headers: Record<string, string> = staticHeaders()): StreamPeer {
		return new StreamPeer(new WebSocket(url, { headers }));
	}

	/** Opens a connection and waits for the sandbox's greeting. */
	static async connect(sandbox: Sandbox, headers?: Record<string, string>): Promise<StreamPeer> {
		const peer = StreamPeer.open(sandbox.wsUrl, headers);
		await peer.next((frame) => frame.message === 'Successfully connected.');
		return peer;
	}

	send(message: unknown): void {
		this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
	}

	/** Frames after `from` (an index into `frames`) that match, waiting until there are `count` of them. */
	async collect(predicate: (frame: Frame) => boolean, count: number, from = 0, timeoutMs = 5000): Promise<Frame[]> {
		await this.until(() => this.frames.slice(from).filter(predicate).length >= count, timeoutMs, 'frames');
		return this.frames.slice(from).filter(predicate).slice(0, count);
	}

	async next(predicate: (frame: Frame) => boolean, from = 0, timeoutMs = 5000): Promise<Frame> {
		const [frame] = await this.collect(predicate, 1, from, timeoutMs);
		return frame;
	}

	async closed(timeoutMs = 5000): Promise<number> {
		await this.until(() => this.closeCode !== undefined, timeoutMs, 'close');
		return this.closeCode ?? -1;
	}

	close(): void {
		this.socket.terminate();
	}

	private until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
		return new Promise((resolve, reject) => {
			const check = () => {
				if (!done()) return;
				clearTimeout(timer);
				this.waiters.delete(check);
				resolve();
			};
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.frames.slice(-5))}`));
			}, timeoutMs);
			this.waiters.add(check);
			check();
		});
	}

	private wake(): void {
		for (const waiter of [...this.waiters]) waiter();
	}
}

export const isOrderFrame = (frame: Frame) => frame.channel === 'dma_order_info';
export const isTradeFrame = (frame: Frame) => frame.channel === 'dma_trade_info';
export const isLadderFrame = (frame: Frame) =>
	typeof frame.channel === 'string' && frame.channel.startsWith('dma_ladder_price_');
export const isMessage = (text: string) => (frame: Frame) => frame.message === text;
