import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import { PendingSubscriptions } from '../../src/zerocap/stream-subscriptions.js';
import type { StreamEvents } from '../../src/zerocap/stream-types.js';

const signer = new RequestSigner({ apiKey: 'k', apiSecret: 'secret-value', scheme: 'static' });
let server: WebSocketServer | undefined;
let stream: ZerocapStream | undefined;

afterEach(async () => {
	await stream?.close();
	const running = server;
	if (running) {
		for (const client of running.clients) client.terminate();
		await new Promise((resolve) => running.close(resolve));
	}
	server = undefined;
	stream = undefined;
});

/** A broker that runs `onConnection` for each socket; resolves with its URL. */
async function scriptedBroker(onConnection: (socket: WebSocket) => void): Promise<string> {
	server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	server.on('connection', onConnection);
	await once(server, 'listening');
	return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
}

function nextEvent<E extends keyof StreamEvents>(target: ZerocapStream, event: E): Promise<StreamEvents[E]> {
	return new Promise((resolve) => {
		const off = target.on(event, (payload) => {
			off();
			resolve(payload);
		});
	});
}

describe('subscriptions', () => {
	it('pairs answers with subscriptions in order, and a 400 with the oldest unanswered one', () => {
		const pending = new PendingSubscriptions();
		pending.sent({ kind: 'price', symbol: 'A/B' });
		pending.sent({ kind: 'orders' });
		pending.sent({ kind: 'price', symbol: 'C/D' });
		expect(pending.acknowledged('orders')).toEqual({ kind: 'orders' });
		expect(pending.pricesAcknowledged).toBe(false);
		expect(pending.refused()).toEqual({ kind: 'price', symbol: 'A/B' });
		expect(pending.acknowledged('price')).toEqual({ kind: 'price', symbol: 'C/D' });
		expect(pending.pricesAcknowledged).toBe(true);
		pending.reset();
		expect(pending.pricesAcknowledged).toBe(false);
		expect(pending.refused()).toBeUndefined();
	});

	it('drops a symbol the broker refuses and says which one it was', async () => {
		const url = await scriptedBroker((socket) => {
			socket.send(JSON.stringify({ type: 'message', message: 'Successfully connected.' }));
			socket.on('message', (data) => {
				const message = JSON.parse(data.toString());
				if (message.symbol === 'NOPE/AUD')
					socket.send(JSON.stringify({ error_code: '400', error_message: 'invalid message' }));
				else if (message.type === 'price')
					socket.send(JSON.stringify({ type: 'message', message: 'price Subscription successful.' }));
			});
		});
		stream = new ZerocapStream({ url, signer });
		stream.subscribePrices('NOPE/AUD');
		stream.subscribePrices('USDT/AUD');
		const refused = nextEvent(stream, 'brokerError');
		stream.start();
		expect(await refused).toEqual({ code: '400', message: 'price subscription for NOPE/AUD refused: invalid message' });
		expect(stream.subscriptions).toEqual({ prices: ['USDT/AUD'], orders: false });
	});

	it('replaces a connection on which the broker never says it is connected, though it answers pings', async () => {
		let connections = 0;
		const second = new Promise<void>((resolve) => {
			void scriptedBroker(() => {
				connections++;
				if (connections === 2) resolve();
			}).then((url) => {
				stream = new ZerocapStream({
					url,
					signer,
					heartbeatIntervalMs: 20,
					livenessTimeoutMs: 150,
					reconnect: { initialMs: 10, maxMs: 20, factor: 2 },
				});
				stream.start();
			});
		});
		await second;
		expect(connections).toBe(2);
		expect(stream?.status).not.toBe('ready');
	});
});
