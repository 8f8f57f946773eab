import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
	call,
	createOrder,
	type Frame,
	isLadderFrame,
	isMessage,
	isOrderFrame,
	isTradeFrame,
	marketBuy,
	StreamPeer,
	startTestSandbox,
	staticHeaders,
} from '../support/sandbox-peer.js';

let sandbox: Sandbox;
let peer: StreamPeer;

beforeEach(async () => {
	sandbox = await startTestSandbox({ limitOrderTtlMs: 3_600_000 });
	peer = await StreamPeer.connect(sandbox);
});
afterEach(async () => {
	peer.close();
	await sandbox.close();
});

const inner = (frame: Frame) => JSON.parse(frame.data);

describe('price subscriptions', () => {
	it('acks, then sends ladders shaped as the contract says', async () => {
		peer.send({ type: 'price', symbol: 'USDT/AUD' });
		await peer.next(isMessage('price Subscription successful.'));
		const frame = await peer.next(isLadderFrame);
		expect(frame.type).toBe('message');
		expect(frame.channel).toBe('dma_ladder_price_USDT/AUD');
		expect(frame.data).toMatchObject({ symbol: 'USDT/AUD', exchange: 'zerocap', datetime: '2026-01-05 09:30:00.000' });
		expect(frame.data.timestamp).toBe(Date.UTC(2026, 0, 5, 9, 30) / 1000);
		const { bids, asks } = frame.data.data;
		expect(bids).toHaveLength(5);
		expect(asks).toHaveLength(5);
		for (const side of [bids, asks]) {
			for (const level of side) expect(level.every((n: unknown) => typeof n === 'number')).toBe(true);
			for (let i = 1; i < side.length; i++) expect(side[i][1]).toBeGreaterThan(side[i - 1][1]);
		}
		for (let i = 1; i < bids.length; i++) expect(bids[i][0]).toBeGreaterThanOrEqual(bids[i - 1][0]);
		for (let i = 1; i < asks.length; i++) expect(asks[i][0]).toBeLessThanOrEqual(asks[i - 1][0]);
		expect(bids[0][0]).toBeGreaterThan(asks[0][0]);
	});

	it('sends a new ladder for each subscribed symbol as the market ticks, and none for others', async () => {
		peer.send({ type: 'price', symbol: 'BTC/AUD' });
		await peer.next(isLadderFrame);
		const from = peer.frames.length;
		sandbox.controls.stepClock(500);
		const [next] = await peer.collect(isLadderFrame, 1, from);
		expect(next.data.symbol).toBe('BTC/AUD');
		expect(next.data.datetime).toBe('2026-01-05 09:30:00.500');
	});

	it('refuses an unknown symbol with the 400 frame', async () => {
		peer.send({ type: 'price', symbol: 'NOPE/AUD' });
		const frame = await peer.next((f) => f.error_code === '400');
		expect(frame).toMatchObject({ error_code: '400', error_message: 'invalid message' });
	});

	it('says "Price stream unavailable." when prices pause, sends no ladder while paused, and resumes', async () => {
		peer.send({ type: 'price', symbol: 'USDT/AUD' });
		await peer.next(isLadderFrame);
		sandbox.controls.pausePrices();
		const pausedAt = peer.frames.length;
		await peer.next(isMessage('Price stream unavailable.'), pausedAt);
		sandbox.controls.stepClock(5000);
		peer.send({ type: 'message', message: 'ping' });
		await peer.next(isMessage('pong'), pausedAt);
		expect(peer.frames.slice(pausedAt).filter(isLadderFrame)).toEqual([]);
		sandbox.controls.resumePrices();
		sandbox.controls.stepClock(500);
		await peer.next(isLadderFrame, pausedAt);
	});
});

describe('order subscriptions', () => {
	it('acks every alias of the orders subscription', async () => {
		for (const type of ['orders', 'order', 'trade', 'trades']) peer.send({ type });
		const acks = await peer.collect(isMessage('orders Subscription successful.'), 4);
		expect(acks).toHaveLength(4);
	});

	it('pushes a filled market order as a trade frame and a PascalCase order frame, with JSON-string data', async () => {
		peer.send({ type: 'orders' });
		await peer.next(isMessage('orders Subscription successful.'));
		const created = await marketBuy(sandbox, '1000', 'ticket-ws');
		const [trade, order] = await peer.collect((f) => isTradeFrame(f) || isOrderFrame(f), 2);
		expect(trade).toMatchObject({ type: 'message', pattern: null, channel: 'dma_trade_info' });
		expect(typeof trade.data).toBe('string');
		expect(inner(trade)).toEqual({
			id: created.body.trades[0].id,
			timestamp: created.body.timestamp,
			datetime: '2026-01-05 09:30:00',
			symbol: 'USDT/AUD',
			order: created.body.id,
			type: 'market',
			side: 'buy',
			takerOrMaker: 'taker',
			price: created.body.average,
			amount: '1000',
			cost: created.body.cost,
			orderFrom: 'api',
		});
		expect(order.channel).toBe('dma_order_info');
		expect(typeof order.data).toBe('string');
		expect(inner(order)).toMatchObject({
			OrderId: created.body.id,
			ClientOrderId: 'ticket-ws',
			Symbol: 'USDT/AUD',
			Type: 'market',
			TimeInForce: 'FOK',
			Side: 'buy',
			Amount: '1000',
			CreatedAt: Date.UTC(2026, 0, 5, 9, 30),
			UpdatedAt: Date.UTC(2026, 0, 5, 9, 30),
			AccountId: 'account-1',
			Status: 'closed',
			Filled: '1000',
			Remaining: '0',
			Cost: created.body.cost,
			Average: created.body.average,
			ExecPrice: created.body.average,
		});
		expect(Object.keys(inner(order))).toEqual(
			expect.arrayContaining(['TxnAlias', 'TransferId', 'Price', 'AveragePrice', 'VaultId', 'Note', 'OrderFrom']),
		);
	});

	it('sends nothing about an account to another account’s connection', async () => {
		const other = await StreamPeer.connect(sandbox, staticHeaders('other-key', 'other-secret-value'));
		other.send({ type: 'orders' });
		await other.next(isMessage('orders Subscription successful.'));
		peer.send({ type: 'orders' });
		await peer.next(isMessage('orders Subscription successful.'));
		await marketBuy(sandbox, '10', 'private');
		await peer.collect(isOrderFrame, 1);
		other.send({ type: 'message', message: 'ping' });
		await other.next(isMessage('pong'));
		expect(other.frames.filter((f) => isOrderFrame(f) || isTradeFrame(f))).toEqual([]);
		other.close();
	});

	it('rests a limit order, then fills it when the walk crosses its price: open, trade, closed, in order', async () => {
		peer.send({ type: 'orders' });
		peer.send({ type: 'price', symbol: 'USDT/AUD' });
		const ladder = await peer.next(isLadderFrame);
		const bestBuy: number = ladder.data.data.bids[0][0];
		const limit = (bestBuy - 0.001).toFixed(4);
		const created = await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '100',
			price: limit,
			client_order_id: 'resting',
		});
		expect(created.body).toMatchObject({
			status: 'open',
			timeInForce: 'GTC',
			filled: '0',
			remaining: '100',
			price: limit,
		});
		await peer.next((f) => isOrderFrame(f) && inner(f).Status === 'open');

		let status = 'open';
		for (let minute = 0; minute < 60 && status === 'open'; minute++) {
			sandbox.controls.stepClock(60_000);
			status = (await call(sandbox, 'fetch_order', { id: created.body.id })).body.order_list[0].status;
		}
		expect(status).toBe('closed');

		const events = await peer.collect((f) => isOrderFrame(f) || isTradeFrame(f), 3);
		expect(events.map((f) => f.channel)).toEqual(['dma_order_info', 'dma_trade_info', 'dma_order_info']);
		expect(events.map((f) => inner(f).Status)).toEqual(['open', undefined, 'closed']);
		const trade = inner(events[1]);
		expect(trade.order).toBe(created.body.id);
		expect(Number(trade.price)).toBeLessThanOrEqual(Number(limit));
		expect(inner(events[2])).toMatchObject({ ClientOrderId: 'resting', Filled: '100', Remaining: '0', Price: limit });
	});

	it('fills an order the market crossed during a long clock step before its time to live ran out', async () => {
		await sandbox.close();
		sandbox = await startTestSandbox({ limitOrderTtlMs: 60_000 });
		const created = await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '100',
			price: '1.5000',
		});
		expect(created.body.status).toBe('open');
		sandbox.controls.setMid('USDT/AUD', '1.4000');
		sandbox.controls.stepClock(61_000);
		const fetched = await call(sandbox, 'fetch_order', { id: created.body.id });
		expect(fetched.body.order_list[0]).toMatchObject({ status: 'closed' });
		expect(Number(fetched.body.order_list[0].last_trade_timestamp)).toBeLessThan(Date.UTC(2026, 0, 5, 9, 30) + 60_000);
	});

	it('cancels a resting limit order when its time to live runs out', async () => {
		peer.send({ type: 'orders' });
		await peer.next(isMessage('orders Subscription successful.'));
		const created = await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'sell',
			type: 'limit',
			amount: '100',
			price: '9.0000',
		});
		sandbox.controls.stepClock(3_600_000);
		const canceled = await peer.next((f) => isOrderFrame(f) && inner(f).Status === 'canceled');
		expect(inner(canceled)).toMatchObject({ OrderId: created.body.id, Filled: '0', Remaining: '0' });
		const fetched = await call(sandbox, 'fetch_order', { id: created.body.id });
		expect(fetched.body.order_list[0].status).toBe('canceled');
	});
});

describe('heartbeat and bad client messages', () => {
	it('answers the SDK ping message with a pong message, and WebSocket pings with pongs', async () => {
		peer.send({ type: 'message', message: 'ping' });
		expect(await peer.next(isMessage('pong'))).toEqual({ type: 'message', message: 'pong' });
		const pong = new Promise<string>((resolve) => peer.socket.once('pong', (data) => resolve(data.toString())));
		peer.socket.ping('beat');
		expect(await pong).toBe('beat');
	});

	it.each([
		['text that is not JSON', 'hello'],
		['a JSON array', '[1,2]'],
		['an object with no type', '{"symbol":"USDT/AUD"}'],
		['an unknown type', '{"type":"subscribe_everything"}'],
		['a price request without a symbol', '{"type":"price"}'],
	])('answers %s with the 400 frame and keeps serving', async (_case, text) => {
		peer.send(text);
		const error = await peer.next((f) => f.error_code === '400');
		expect(error).toEqual({ error_code: '400', error_message: 'invalid message' });
		peer.send({ type: 'message', message: 'ping' });
		await peer.next(isMessage('pong'));
	});

	it('answers a binary frame with the 400 frame', async () => {
		peer.socket.send(Buffer.from([1, 2, 3]), { binary: true });
		expect(await peer.next((f) => f.error_code === '400')).toEqual({
			error_code: '400',
			error_message: 'invalid message',
		});
	});

	it('closes only the offending connection on an oversized frame', async () => {
		const other = await StreamPeer.connect(sandbox);
		other.send('x'.repeat(70 * 1024));
		expect(await other.closed()).toBe(1009);
		peer.send({ type: 'message', message: 'ping' });
		await peer.next(isMessage('pong'));
	});
});
