import { describe, expect, it } from 'vitest';
import { createOrderResponse, listedOrder, orderListResponse } from '../../src/zerocap/rest-schemas.js';
import { parseStreamFrame } from '../../src/zerocap/stream-frames.js';

const trade = {
	id: '12424971-a',
	timestamp: '1690535984000',
	datetime: '2023-07-28 09:19:45',
	symbol: 'USDT/AUD',
	order: '16ef58d1-b',
	type: 'market',
	side: 'buy',
	takerOrMaker: 'taker',
	price: '1.685133171',
	amount: '9',
	cost: '15.16619854',
	orderFrom: 'coinroutes',
};

const camelOrder = {
	id: '16ef58d1-b',
	clientOrderId: 'ticket-1',
	datatime: '2023-07-28 09:19:44',
	timestamp: '1690535984000',
	lastTradeTimestamp: '1690535985000',
	status: 'closed',
	symbol: 'USDT/AUD',
	type: 'Market',
	timeInForce: 'FOK',
	side: 'buy',
	price: '1.685133171',
	average: '1.685133171',
	amount: '9',
	filled: '9',
	remaining: '0',
	cost: '15.16619854',
	transferId: '',
	trades: [trade],
};

const snakeOrder = {
	id: '16ef58d1-b',
	client_order_id: 'ticket-1',
	datatime: '2023-07-28 09:19:44',
	timestamp: '1690535984000',
	last_trade_timestamp: '1690535985000',
	status: 'closed',
	symbol: 'USDT/AUD',
	type: 'Market',
	time_in_force: 'FOK',
	side: 'buy',
	price: '1.685133171',
	average: '1.685133171',
	amount: '9',
	filled: '9',
	remaining: '0',
	cost: '15.16619854',
	transfer_id: '',
	fee: '',
	trades: [
		{
			id: '12424971-a',
			timestamp: '1690535984000',
			datetime: '2023-07-28 09:19:45',
			symbol: 'USDT/AUD',
			order: '16ef58d1-b',
			type: 'market',
			side: 'buy',
			taker_or_maker: 'taker',
			price: '1.685133171',
			amount: '9',
			cost: '15.16619854',
			order_from: 'coinroutes',
			fee: '',
			fees: [],
		},
	],
};

const expectedOrder = {
	id: '16ef58d1-b',
	clientOrderId: 'ticket-1',
	symbol: 'USDT/AUD',
	side: 'buy',
	type: 'market',
	status: 'closed',
	timeInForce: 'FOK',
	price: '1.685133171',
	average: '1.685133171',
	amount: '9',
	filled: '9',
	remaining: '0',
	cost: '15.16619854',
	createdAt: 1690535984000,
	updatedAt: undefined,
	lastTradeAt: 1690535985000,
	rejectReason: undefined,
	trades: [
		{
			id: '12424971-a',
			orderId: '16ef58d1-b',
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			price: '1.685133171',
			amount: '9',
			cost: '15.16619854',
			timestamp: 1690535984000,
			takerOrMaker: 'taker',
		},
	],
};

describe('REST bodies', () => {
	it('reads create_order’s camelCase order into the domain order', () => {
		expect(createOrderResponse.parse(camelOrder)).toEqual(expectedOrder);
	});

	it('reads fetch_orders’ snake_case orders into the same domain order', () => {
		const page = orderListResponse.parse({ order_list: [snakeOrder], status: 'success', total: 3864, page: '1' });
		expect(page).toEqual({ order_list: [snakeOrder], total: 3864, page: 1 });
		expect(listedOrder.parse(page.order_list[0])).toEqual(expectedOrder);
	});

	it('accepts the variants seen in the public record', () => {
		const order = createOrderResponse.parse({
			...camelOrder,
			id: 77,
			timestamp: 1690535984000,
			price: 1.5,
			average: '',
			filled: '',
			cost: null,
			remaining: '',
			status: 'CANCELLED',
			trades: JSON.stringify([trade]),
			unknownExtra: { nested: true },
		});
		expect(order).toMatchObject({
			id: '77',
			price: '1.5',
			average: undefined,
			filled: undefined,
			cost: undefined,
			status: 'canceled',
		});
		expect(order.trades).toHaveLength(1);
		expect(createOrderResponse.parse({ data: camelOrder }).id).toBe('16ef58d1-b');
		const noTimestamp = createOrderResponse.parse({ ...camelOrder, timestamp: '' });
		expect(noTimestamp.createdAt).toBe(Date.UTC(2023, 6, 28, 9, 19, 44));
	});

	it('keeps a rejection’s reason', () => {
		const rejected = createOrderResponse.parse({
			...camelOrder,
			status: 'rejected',
			trades: [],
			error_message: 'too large',
		});
		expect(rejected).toMatchObject({ status: 'rejected', rejectReason: 'too large' });
		const echoed = createOrderResponse.parse({
			...camelOrder,
			status: 'rejected',
			trades: [],
			error_message: `signature ${'0f'.repeat(32)} not valid`,
		});
		expect(echoed.rejectReason).toBe('signature [redacted] not valid');
	});

	it.each([
		['an unknown status', { ...camelOrder, status: 'filled' }],
		['a price that is not a number', { ...camelOrder, price: '1,5' }],
		['no amount', { ...camelOrder, amount: undefined }],
		['an unknown side', { ...camelOrder, side: 'long' }],
	])('refuses %s', (_case, body) => {
		expect(createOrderResponse.safeParse(body).success).toBe(false);
	});
});

const ladderFrame = {
	type: 'message',
	channel: 'dma_ladder_price_USDT/AUD',
	data: {
		timestamp: 1690535984.123,
		datetime: '2023-07-28 09:19:44.123',
		symbol: 'USDT/AUD',
		exchange: 'zerocap',
		data: {
			bids: [
				[1.5393, 100],
				[1.5461, 50000],
			],
			asks: [
				[1.4591, 100],
				[1.4526, 50000],
			],
		},
	},
};

const pascalOrder = {
	OrderId: 'o-1',
	ClientOrderId: 'ticket-9',
	TxnAlias: '',
	TransferId: '',
	Symbol: 'USDT/AUD',
	Type: 'Limit',
	TimeInForce: 'GTC',
	Side: 'sell',
	Price: '1.45',
	AveragePrice: '',
	Amount: '500',
	CreatedAt: 1690535984000,
	UpdatedAt: 1690535990000,
	AccountId: 'acc',
	VaultId: '',
	Note: '',
	Status: 'open',
	Average: '',
	Filled: '0',
	Remaining: '500',
	Cost: '0',
	ExecPrice: '',
	OrderFrom: 'api',
};

describe('stream frames', () => {
	it('maps a ladder frame: bids are the client’s buy tiers, asks its sell tiers', () => {
		expect(parseStreamFrame(JSON.stringify(ladderFrame))).toEqual({
			kind: 'ladder',
			ladder: {
				symbol: 'USDT/AUD',
				timestamp: 1690535984123,
				buyTiers: [
					{ price: '1.5393', quantity: '100' },
					{ price: '1.5461', quantity: '50000' },
				],
				sellTiers: [
					{ price: '1.4591', quantity: '100' },
					{ price: '1.4526', quantity: '50000' },
				],
			},
		});
	});

	it('orders ladder tiers smallest size first and accepts numbers as strings', () => {
		const frame = {
			...ladderFrame,
			data: {
				...ladderFrame.data,
				data: {
					bids: [
						['1.55', '500'],
						['1.54', '100'],
					],
					asks: [],
				},
			},
		};
		const message = parseStreamFrame(JSON.stringify(frame));
		if (message.kind !== 'ladder') throw new Error(message.kind);
		expect(message.ladder.buyTiers.map((tier) => tier.quantity)).toEqual(['100', '500']);
	});

	it('maps a PascalCase order frame whose data is a JSON string, or an object', () => {
		const expected = {
			kind: 'order',
			order: {
				id: 'o-1',
				clientOrderId: 'ticket-9',
				symbol: 'USDT/AUD',
				side: 'sell',
				type: 'limit',
				status: 'open',
				timeInForce: 'GTC',
				price: '1.45',
				average: undefined,
				amount: '500',
				filled: '0',
				remaining: '500',
				cost: '0',
				createdAt: 1690535984000,
				updatedAt: 1690535990000,
				lastTradeAt: undefined,
				rejectReason: undefined,
			},
		};
		const asString = { type: 'message', channel: 'dma_order_info', data: JSON.stringify(pascalOrder) };
		const asObject = { type: 'message', channel: 'dma_order_info', data: pascalOrder };
		expect(parseStreamFrame(JSON.stringify(asString))).toEqual(expected);
		expect(parseStreamFrame(JSON.stringify(asObject))).toEqual(expected);
		const rejected = parseStreamFrame(
			JSON.stringify({ ...asObject, data: { ...pascalOrder, Status: 'rejected', Note: 'no liquidity' } }),
		);
		expect(rejected).toMatchObject({ order: { status: 'rejected', rejectReason: 'no liquidity' } });
		const echoed = parseStreamFrame(
			JSON.stringify({
				...asObject,
				data: { ...pascalOrder, Status: 'rejected', Note: `bad signature ${'ab'.repeat(32)}` },
			}),
		);
		expect(echoed).toMatchObject({ order: { rejectReason: 'bad signature [redacted]' } });
	});

	it('reads the time from datatime when a frame has no timestamp', () => {
		const ladder = {
			...ladderFrame,
			data: { ...ladderFrame.data, timestamp: undefined, datetime: undefined, datatime: '2023-07-28 09:19:44.123' },
		};
		expect(parseStreamFrame(JSON.stringify(ladder))).toMatchObject({
			kind: 'ladder',
			ladder: { timestamp: 1690535984123 },
		});
		const { timestamp: _timestamp, datetime: _datetime, ...rest } = trade;
		const frame = { channel: 'dma_trade_info', data: JSON.stringify({ ...rest, datatime: '2023-07-28 09:19:45' }) };
		expect(parseStreamFrame(JSON.stringify(frame))).toMatchObject({
			kind: 'trade',
			trade: { timestamp: 1690535985000 },
		});
	});

	it('maps a trade frame on either channel spelling', () => {
		for (const channel of ['dma_trade_info', 'dma_trader_info']) {
			const message = parseStreamFrame(
				JSON.stringify({ type: 'message', pattern: null, channel, data: JSON.stringify(trade) }),
			);
			expect(message).toEqual({ kind: 'trade', trade: expectedOrder.trades[0] });
		}
	});

	it.each([
		['{"type":"message","message":"Successfully connected."}', { kind: 'notice', text: 'Successfully connected.' }],
		[
			'{"type":"message","message":"price Subscription successful."}',
			{ kind: 'notice', text: 'price Subscription successful.' },
		],
		[
			'{"type":"message","message":"orders Subscription successful."}',
			{ kind: 'notice', text: 'orders Subscription successful.' },
		],
		['{"type":"message","message":"Price stream unavailable."}', { kind: 'notice', text: 'Price stream unavailable.' }],
		['{"type":"message","message":"pong"}', { kind: 'notice', text: 'pong' }],
		[
			'{"error_code":"401","error_message":"Unauthorized"}',
			{ kind: 'broker-error', code: '401', message: 'Unauthorized' },
		],
		[
			'{"error_code":400,"error_message":"invalid message"}',
			{ kind: 'broker-error', code: '400', message: 'invalid message' },
		],
	])('reads %s', (raw, expected) => {
		expect(parseStreamFrame(raw)).toEqual(expected);
	});

	it.each([
		['text that is not JSON', 'garbage{'],
		['a JSON array', '[1]'],
		['JSON null', 'null'],
		['an unknown channel', '{"channel":"dma_secret_info","data":"{}"}'],
		['order data that is not JSON', '{"channel":"dma_order_info","data":"{oops"}'],
		['an order frame missing fields', '{"channel":"dma_order_info","data":"{\\"OrderId\\":\\"x\\"}"}'],
		[
			'a ladder with a price that is not a number',
			JSON.stringify({ ...ladderFrame, data: { ...ladderFrame.data, data: { bids: [['x', 1]], asks: [] } } }),
		],
		[
			'a ladder with no time',
			JSON.stringify({ ...ladderFrame, data: { ...ladderFrame.data, timestamp: undefined, datetime: undefined } }),
		],
		['a frame with neither channel nor message', '{"type":"message"}'],
	])('drops %s as malformed without throwing', (_case, raw) => {
		expect(parseStreamFrame(raw).kind).toBe('malformed');
	});
});
