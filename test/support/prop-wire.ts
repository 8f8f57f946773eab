import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { DecimalString } from '../../src/zerocap/decimal-string.js';
import type { Ladder, Order, OrderStatus, OrderType, OrderUpdate, Side, Trade } from '../../src/zerocap/domain.js';
import { d } from './decimals.js';

/**
 * Generators of the broker's wire shapes (stream frames and REST bodies) with the domain value each must
 * become, mutations that break or stretch them, and the invariants every parsed value must keep.
 */

export type Json = fc.JsonValue;
export type Fields = Record<string, Json>;

// --- values ---------------------------------------------------------------------------------------------

const digitText = (min: number, max: number) =>
	fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((list) => list.join(''));

/** A decimal as the broker writes it: text kept exactly, or a JSON number whose shortest text is expected. */
export const wireDecimal: fc.Arbitrary<{ wire: Json; expected: DecimalString }> = fc
	.tuple(digitText(1, 7), fc.option(digitText(1, 8), { nil: undefined }), fc.boolean())
	.map(([whole, fraction, asNumber]) => {
		const text = `${whole.replace(/^0+(?=\d)/, '')}${fraction === undefined ? '' : `.${fraction}`}`;
		if (!asNumber) return { wire: text, expected: d(text) };
		const number = Number(text);
		return { wire: number, expected: d(String(number)) };
	});

/** Milliseconds as the broker sends them: a number or a digit string. */
const wireMillis = fc
	.tuple(fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }), fc.boolean())
	.map(([ms, asText]) => ({ wire: asText ? String(ms) : ms, expected: ms }));

const idText = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9-]{1,24}$/));
const wireId = fc.oneof(
	idText.map((id): { wire: Json; expected: string } => ({ wire: id, expected: id })),
	fc.integer({ min: 1, max: 1e9 }).map((id): { wire: Json; expected: string } => ({ wire: id, expected: String(id) })),
);
const symbol = fc.constantFrom('USDT/AUD', 'BTC/AUD', 'ETH/USDT', 'USDC/AUD');
/** A word as the broker may spell it ("buy", "BUY", "Buy"), with the value it must read as. */
function spelled<T extends string>(word: string, expected: T) {
	return fc
		.constantFrom(word, word.toUpperCase(), `${word.slice(0, 1).toUpperCase()}${word.slice(1)}`)
		.map((wire) => ({ wire, expected }));
}
const side = fc.oneof(spelled<Side>('buy', 'buy'), spelled<Side>('sell', 'sell'));
const orderType = fc.oneof(spelled<OrderType>('market', 'market'), spelled<OrderType>('limit', 'limit'));
const status = fc.oneof(
	spelled<OrderStatus>('open', 'open'),
	spelled<OrderStatus>('closed', 'closed'),
	spelled<OrderStatus>('rejected', 'rejected'),
	spelled<OrderStatus>('canceled', 'canceled'),
	spelled<OrderStatus>('cancelled', 'canceled'),
);

// --- stream frames --------------------------------------------------------------------------------------

export interface StreamCase<K extends 'ladder' | 'order' | 'trade'> {
	readonly kind: K;
	/** The frame as an object; `data` of order and trade frames may also travel as a JSON string. */
	readonly frame: Fields;
	/** The object that mutations work on: the ladder's inner data, or the order's or trade's fields. */
	readonly fields: Fields;
	/** Rebuilds the frame around mutated fields. */
	readonly wrap: (fields: Json) => Fields;
	readonly expected: K extends 'ladder' ? Ladder : K extends 'order' ? OrderUpdate : Trade;
	/** Fields without which the frame is not one. */
	readonly required: readonly string[];
	/** Every field the reader looks at: extra fields are any others. */
	readonly known: readonly string[];
	/** Fields holding times, and fields holding decimals (ladder levels are mutated through `data`). */
	readonly times: readonly string[];
	readonly decimals: readonly string[];
	/** Fields holding a side, a type or a status. */
	readonly choices: readonly string[];
	/** A ladder's levels hold its decimals: `data` replaced by levels with extreme values. */
	readonly levels?: boolean;
}

const tier = fc.tuple(wireDecimal, fc.boolean());

export const ladderCase: fc.Arbitrary<StreamCase<'ladder'>> = fc
	.record({
		symbol,
		ms: fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }),
		timeAs: fc.constantFrom('seconds', 'millis', 'text', 'datetime'),
		sizes: fc.uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 0, maxLength: 5 }),
		buyPrices: fc.array(tier, { minLength: 5, maxLength: 5 }),
		sellPrices: fc.array(tier, { minLength: 5, maxLength: 5 }),
		shuffle: fc.boolean(),
	})
	.map(({ symbol: name, ms, timeAs, sizes, buyPrices, sellPrices, shuffle }) => {
		const ascending = [...sizes].sort((a, b) => a - b);
		const levels = (prices: [{ wire: Json; expected: DecimalString }, boolean][]) =>
			ascending.map((size, index) => {
				const [price, sizeAsText] = prices[index] ?? [{ wire: '1', expected: d('1') }, false];
				return {
					wire: [price.wire, sizeAsText ? String(size) : size] as Json,
					price: price.expected,
					quantity: d(String(size)),
				};
			});
		const bids = levels(buyPrices);
		const asks = levels(sellPrices);
		const onWire = (list: typeof bids) => (shuffle ? [...list].reverse() : list).map((level) => level.wire);
		const datetime = new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
		const time: Fields =
			timeAs === 'seconds'
				? { timestamp: ms / 1000, datetime }
				: timeAs === 'millis'
					? { timestamp: ms }
					: timeAs === 'text'
						? { timestamp: String(ms / 1000) }
						: { datatime: datetime };
		const fields: Fields = {
			...time,
			symbol: name,
			exchange: 'zerocap',
			data: { bids: onWire(bids), asks: onWire(asks) },
		};
		const wrap = (data: Json): Fields => ({ type: 'message', channel: `dma_ladder_price_${name}`, data });
		const expected: Ladder = {
			symbol: name,
			timestamp: ms,
			buyTiers: bids.map(({ price, quantity }) => ({ price, quantity })),
			sellTiers: asks.map(({ price, quantity }) => ({ price, quantity })),
		};
		return {
			kind: 'ladder' as const,
			frame: wrap(fields),
			fields,
			wrap,
			expected,
			required: ['symbol', 'data'],
			known: ['symbol', 'data', 'timestamp', 'datetime', 'datatime'],
			times: ['timestamp'],
			decimals: [],
			choices: [],
			levels: true,
		};
	});

const optionalWireDecimal = fc.option(wireDecimal, { nil: undefined });

export const orderCase: fc.Arbitrary<StreamCase<'order'>> = fc
	.record({
		id: wireId,
		clientOrderId: fc.option(idText, { nil: undefined }),
		symbol,
		side,
		type: orderType,
		status,
		price: optionalWireDecimal,
		average: optionalWireDecimal,
		amount: wireDecimal,
		filled: optionalWireDecimal,
		remaining: optionalWireDecimal,
		cost: optionalWireDecimal,
		createdAt: wireMillis,
		updatedAt: fc.option(wireMillis, { nil: undefined }),
		note: fc.option(fc.constantFrom('no liquidity', 'too large'), { nil: undefined }),
		asText: fc.boolean(),
	})
	.map((order) => {
		const fields: Fields = {
			OrderId: order.id.wire,
			ClientOrderId: order.clientOrderId ?? '',
			TxnAlias: '',
			Symbol: order.symbol,
			Type: order.type.wire,
			TimeInForce: 'GTC',
			Side: order.side.wire,
			Price: order.price?.wire ?? '',
			AveragePrice: '',
			Amount: order.amount.wire,
			CreatedAt: order.createdAt.wire,
			UpdatedAt: order.updatedAt?.wire ?? '',
			AccountId: 'acc',
			Note: order.note ?? '',
			Status: order.status.wire,
			Average: order.average?.wire ?? '',
			Filled: order.filled?.wire ?? '',
			Remaining: order.remaining?.wire ?? '',
			Cost: order.cost?.wire ?? '',
			OrderFrom: 'api',
		};
		const statusValue = order.status.expected;
		const expected: OrderUpdate = {
			id: order.id.expected,
			clientOrderId: order.clientOrderId,
			symbol: order.symbol,
			side: order.side.expected,
			type: order.type.expected,
			status: statusValue,
			timeInForce: 'GTC',
			price: order.price?.expected,
			average: order.average?.expected,
			amount: order.amount.expected,
			filled: order.filled?.expected,
			remaining: order.remaining?.expected,
			cost: order.cost?.expected,
			createdAt: order.createdAt.expected,
			updatedAt: order.updatedAt?.expected,
			lastTradeAt: undefined,
			rejectReason: statusValue === 'rejected' ? (order.note ?? 'no reason given') : undefined,
		};
		const wrap = (data: Json): Fields => ({
			type: 'message',
			channel: 'dma_order_info',
			data: order.asText ? JSON.stringify(data) : data,
		});
		return {
			kind: 'order' as const,
			frame: wrap(fields),
			fields,
			wrap,
			expected,
			required: ['OrderId', 'Symbol', 'Side', 'Type', 'Status', 'Amount'],
			times: ['CreatedAt', 'UpdatedAt'],
			decimals: ['Price', 'Average', 'AveragePrice', 'Amount', 'Filled', 'Remaining', 'Cost'],
			choices: ['Side', 'Type', 'Status'],
			known: [
				'OrderId',
				'ClientOrderId',
				'Symbol',
				'Side',
				'Type',
				'Status',
				'TimeInForce',
				'Price',
				'Average',
				'AveragePrice',
				'Amount',
				'Filled',
				'Remaining',
				'Cost',
				'CreatedAt',
				'UpdatedAt',
				'Note',
			],
		};
	});

const tradeWire = fc.record({
	id: wireId,
	order: wireId,
	symbol,
	side,
	type: fc.option(orderType, { nil: undefined }),
	price: wireDecimal,
	amount: wireDecimal,
	cost: optionalWireDecimal,
	timestamp: fc.option(wireMillis, { nil: undefined }),
	takerOrMaker: fc.option(fc.constantFrom('taker', 'maker'), { nil: undefined }),
});

type TradeWire = typeof tradeWire extends fc.Arbitrary<infer T> ? T : never;

function tradeOf(trade: TradeWire, snake: boolean): { fields: Fields; expected: Trade } {
	// Without a timestamp the time comes from the datetime, to the millisecond.
	const ms = trade.timestamp?.expected ?? 1_690_535_985_000;
	const fields: Fields = {
		id: trade.id.wire,
		order: trade.order.wire,
		symbol: trade.symbol,
		side: trade.side.wire,
		...(trade.type ? { type: trade.type.wire } : {}),
		price: trade.price.wire,
		amount: trade.amount.wire,
		cost: trade.cost?.wire ?? '',
		...(trade.timestamp ? { timestamp: trade.timestamp.wire } : {}),
		datetime: new Date(ms).toISOString().replace('T', ' ').slice(0, 23),
		[snake ? 'taker_or_maker' : 'takerOrMaker']: trade.takerOrMaker ?? '',
		[snake ? 'order_from' : 'orderFrom']: 'coinroutes',
	};
	const expected: Trade = {
		id: trade.id.expected,
		orderId: trade.order.expected,
		symbol: trade.symbol,
		side: trade.side.expected,
		type: trade.type?.expected,
		price: trade.price.expected,
		amount: trade.amount.expected,
		cost: trade.cost?.expected,
		timestamp: ms,
		takerOrMaker: trade.takerOrMaker,
	};
	return { fields, expected };
}

const tradeKnown = [
	'id',
	'order',
	'symbol',
	'side',
	'type',
	'price',
	'amount',
	'cost',
	'timestamp',
	'datetime',
	'datatime',
];

export const tradeCase: fc.Arbitrary<StreamCase<'trade'>> = fc
	.tuple(tradeWire, fc.constantFrom('dma_trade_info', 'dma_trader_info'), fc.boolean())
	.map(([trade, channel, asText]) => {
		const { fields, expected } = tradeOf(trade, false);
		const wrap = (data: Json): Fields => ({ type: 'message', channel, data: asText ? JSON.stringify(data) : data });
		return {
			kind: 'trade' as const,
			frame: wrap(fields),
			fields,
			wrap,
			expected,
			required: ['id', 'order', 'symbol', 'side', 'price', 'amount'],
			known: [...tradeKnown, 'takerOrMaker'],
			times: ['timestamp'],
			decimals: ['price', 'amount', 'cost'],
			choices: ['side', 'type'],
		};
	});

export const streamCase = fc.oneof(ladderCase, orderCase, tradeCase);

// --- REST bodies ----------------------------------------------------------------------------------------

export interface RestCase {
	/** create_order's camelCase order, or one snake_case order of fetch_order(s). */
	readonly body: Fields;
	readonly expected: Order;
	readonly snake: boolean;
	readonly required: readonly string[];
	readonly known: readonly string[];
	readonly times: readonly string[];
	readonly decimals: readonly string[];
	readonly choices: readonly string[];
}

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

export const restCase: fc.Arbitrary<RestCase> = fc
	.record({
		order: orderCase,
		trades: fc.array(tradeWire, { maxLength: 3 }),
		snake: fc.boolean(),
		tradesAsText: fc.boolean(),
		lastTrade: fc.option(wireMillis, { nil: undefined }),
		errorMessage: fc.option(fc.constantFrom('too large', 'no liquidity'), { nil: undefined }),
	})
	.map(({ order, trades, snake, tradesAsText, lastTrade, errorMessage }) => {
		const update = order.expected;
		const pascal = order.fields;
		const key = (name: string) => (snake ? name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : name);
		const readTrades = trades.map((trade) => tradeOf(trade, snake));
		const body: Fields = {
			id: pascal.OrderId ?? null,
			[key('clientOrderId')]: pascal.ClientOrderId ?? null,
			datatime: new Date(update.createdAt).toISOString().replace('T', ' ').slice(0, 19),
			timestamp: pascal.CreatedAt ?? null,
			[key('lastTradeTimestamp')]: lastTrade?.wire ?? '',
			status: pascal.Status ?? null,
			symbol: pascal.Symbol ?? null,
			type: pascal.Type ?? null,
			[key('timeInForce')]: 'GTC',
			side: pascal.Side ?? null,
			price: pascal.Price ?? null,
			average: pascal.Average ?? null,
			amount: pascal.Amount ?? null,
			filled: pascal.Filled ?? null,
			remaining: pascal.Remaining ?? null,
			cost: pascal.Cost ?? null,
			[key('transferId')]: '',
			...(errorMessage ? { [key('errorMessage')]: errorMessage } : {}),
			trades: tradesAsText
				? JSON.stringify(readTrades.map((trade) => trade.fields))
				: readTrades.map((trade) => trade.fields),
		};
		const expected: Order = {
			...update,
			updatedAt: undefined,
			lastTradeAt: lastTrade?.expected,
			rejectReason: update.status === 'rejected' ? (errorMessage ?? 'no reason given') : undefined,
			trades: readTrades.map((trade) => trade.expected),
		};
		const known = [
			'id',
			'clientOrderId',
			'symbol',
			'side',
			'type',
			'status',
			'timeInForce',
			'price',
			'average',
			'amount',
			'filled',
			'remaining',
			'cost',
			'timestamp',
			'datatime',
			'datetime',
			'lastTradeTimestamp',
			'errorMessage',
			'trades',
			'data',
		];
		return {
			body,
			expected,
			snake,
			required: ['id', 'symbol', 'side', 'type', 'status', 'amount'],
			known: [...known, ...known.map((name) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`))],
			times: ['timestamp', snake ? 'last_trade_timestamp' : 'lastTradeTimestamp'],
			decimals: ['price', 'average', 'amount', 'filled', 'remaining', 'cost'],
			choices: ['side', 'type', 'status'],
		};
	});

// --- mutations ------------------------------------------------------------------------------------------

/** Values no field of the contract may hold. */
export const wrongType: fc.Arbitrary<Json> = fc.oneof(
	fc.constantFrom<Json>(null, true, false, {}, [], [1, 2], { nested: { deeper: ['x'] } }),
	fc.jsonValue({ maxDepth: 3 }).filter((value) => typeof value === 'object' && value !== null),
);

/** Strings that are not decimal numbers; "" counts as absent. */
export const notADecimal = fc.oneof(
	fc.constantFrom(
		'',
		'abc',
		'1,5',
		'1.2.3',
		'NaN',
		'Infinity',
		'-Infinity',
		'0x10',
		' 1',
		'1 ',
		'½',
		'١',
		'1e',
		'.5',
		'5.',
	),
	fc.string({ maxLength: 12 }).filter((text) => !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)),
);

/** Words that are not sides, types or statuses, including ones an object has by inheritance. */
export const notAChoice = fc.oneof(
	fc.constantFrom('', 'long', 'filled', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'stop'),
	fc
		.string({ maxLength: 10 })
		.filter((text) => !/^(buy|sell|market|limit|open|closed|rejected|canceled|cancelled)$/i.test(text.trim())),
);

/** Names every object has by inheritance: a lookup table must not read them as a side, a type or a status. */
export const inheritedName = fc.constantFrom(
	'constructor',
	'__proto__',
	'toString',
	'valueOf',
	'hasOwnProperty',
	'isPrototypeOf',
	'propertyIsEnumerable',
	'toLocaleString',
	'Constructor',
	'__PROTO__',
);

/** Numbers at or past the edges: huge, tiny, negative, longer than any float, exponents beyond decimal.js. */
export const extremeNumber: fc.Arbitrary<Json> = fc.oneof(
	fc.constantFrom<Json>(1e308, -1e308, Number.MAX_VALUE, 5e-324, -1, 0, 1e21, '1e308', '1e999', '-5', '0'),
	fc
		.tuple(fc.constantFrom('', '-'), fc.bigInt({ min: 1000n, max: 10n ** 20n }))
		.map(([sign, exponent]) => `1e${sign}${exponent}`),
	digitText(300, 600).map((digits) => `9${digits}`),
	digitText(300, 600).map((digits) => `0.${digits}1`),
);

/** Times a Date cannot hold, and text that only looks like a time. */
export const extremeTime: fc.Arbitrary<Json> = fc.oneof(
	fc.constantFrom<Json>(
		1e300,
		-1e300,
		8.64e15 + 1,
		-8.64e15 - 1,
		Number.MAX_VALUE,
		'1e308',
		'Infinity',
		'0x10',
		' ',
		'-5',
	),
	fc.double({ min: 8.7e15, noNaN: true }),
	fc.double({ max: -8.7e15, noNaN: true }),
	digitText(17, 400).map((digits) => `9${digits}`),
);

/** Extra fields any frame or body may carry: ignored, whatever they hold. */
export function extraFields(known: readonly string[]): fc.Arbitrary<Fields> {
	const knownKeys = new Set(known);
	return fc.dictionary(
		// Not a known key, in either casing: REST bodies are folded to camelCase before they are read.
		fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !knownKeys.has(key) && !knownKeys.has(camel(key))),
		fc.jsonValue({ maxDepth: 2 }),
		{ minKeys: 1, maxKeys: 4 },
	);
}

export type Mutation =
	| { readonly kind: 'drop'; readonly field: string }
	| { readonly kind: 'set'; readonly field: string; readonly value: Json };

export function applyMutation(fields: Fields, mutation: Mutation): Fields {
	const copy: Fields = { ...fields };
	if (mutation.kind === 'drop') delete copy[mutation.field];
	else copy[mutation.field] = mutation.value;
	return copy;
}

const decimalFields = new Set(['Amount', 'amount', 'price']);
const choiceFields = new Set(['Side', 'Type', 'Status', 'side', 'type', 'status']);

/** A mutation that takes a required field away or gives it a value the contract forbids. */
export function breakingMutation(required: readonly string[]): fc.Arbitrary<Mutation> {
	return fc.constantFrom(...required).chain((field) => {
		const bad: fc.Arbitrary<Json>[] = [wrongType];
		if (decimalFields.has(field)) bad.push(notADecimal);
		else if (choiceFields.has(field)) bad.push(notAChoice, fc.integer());
		else if (field !== 'data') bad.push(fc.constant(''));
		return fc.oneof(
			fc.constant<Mutation>({ kind: 'drop', field }),
			fc.oneof(...bad).map((value): Mutation => ({ kind: 'set', field, value })),
		);
	});
}

/** A mutation that pushes any field the reader knows to an extreme or to garbage: read well or dropped. */
export function stretchingMutation(test: {
	readonly known: readonly string[];
	readonly times: readonly string[];
	readonly decimals: readonly string[];
	readonly levels?: boolean;
}): fc.Arbitrary<Mutation> {
	const set = (fields: readonly string[], values: fc.Arbitrary<Json>) =>
		fc.tuple(fc.constantFrom(...fields), values).map(([field, value]): Mutation => ({ kind: 'set', field, value }));
	const odd = fc.oneof(extremeNumber, notADecimal, wrongType);
	const level = fc.oneof(
		fc.tuple(odd, fc.constant<Json>(100)),
		fc.tuple(fc.constant<Json>('1.5'), odd),
		fc.tuple(odd, odd),
		wrongType.map((value) => [value]),
	);
	return fc.oneof(
		set(test.known, fc.oneof(extremeNumber, extremeTime, wrongType, notADecimal, notAChoice)),
		set(test.times, extremeTime),
		...(test.decimals.length > 0 ? [set(test.decimals, extremeNumber)] : []),
		...(test.levels
			? [
					fc.tuple(fc.array(level, { minLength: 1, maxLength: 3 }), fc.boolean()).map(
						([levels, bids]): Mutation => ({
							kind: 'set',
							field: 'data',
							value: { bids: bids ? (levels as Json[]) : [], asks: bids ? [] : (levels as Json[]) },
						}),
					),
				]
			: []),
	);
}

// --- invariants -----------------------------------------------------------------------------------------

const decimalText = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const maxDateMs = 8.64e15;

/** A DecimalString must be a finite decimal that prints in plain notation without exploding. */
export function expectDecimal(value: unknown, what: string): void {
	expect(typeof value, `${what} is text`).toBe('string');
	expect(value, `${what} is a decimal`).toMatch(decimalText);
	const decimal = new Decimal(value as string);
	expect(decimal.isFinite(), `${what} is finite`).toBe(true);
	expect(Math.abs(decimal.e), `${what} has a sane exponent`).toBeLessThanOrEqual(1000);
}

function expectOptionalDecimal(value: unknown, what: string): void {
	if (value !== undefined) expectDecimal(value, what);
}

/** Epoch milliseconds that a Date can hold (so that every renderer can print them). */
export function expectMillis(value: unknown, what: string): void {
	expect(Number.isInteger(value), `${what} is whole milliseconds`).toBe(true);
	expect(Math.abs(value as number), `${what} is a date`).toBeLessThanOrEqual(maxDateMs);
}

function expectText(value: unknown, what: string): void {
	expect(typeof value === 'string' && value !== '', `${what} is non-empty text`).toBe(true);
}

function expectOptionalText(value: unknown, what: string): void {
	if (value !== undefined) expectText(value, what);
}

export function expectWellFormedTrade(trade: Trade): void {
	expect(Object.keys(trade).sort()).toEqual(
		['amount', 'cost', 'id', 'orderId', 'price', 'side', 'symbol', 'takerOrMaker', 'timestamp', 'type'].sort(),
	);
	expectText(trade.id, 'trade id');
	expectText(trade.orderId, 'trade order id');
	expectText(trade.symbol, 'trade symbol');
	expect(['buy', 'sell']).toContain(trade.side);
	expect([undefined, 'market', 'limit']).toContain(trade.type);
	expectDecimal(trade.price, 'trade price');
	expectDecimal(trade.amount, 'trade amount');
	expectOptionalDecimal(trade.cost, 'trade cost');
	expectMillis(trade.timestamp, 'trade time');
	expectOptionalText(trade.takerOrMaker, 'taker or maker');
}

export function expectWellFormedOrder(order: OrderUpdate | Order): void {
	const keys = [
		'amount',
		'average',
		'clientOrderId',
		'cost',
		'createdAt',
		'filled',
		'id',
		'lastTradeAt',
		'price',
		'rejectReason',
		'remaining',
		'side',
		'status',
		'symbol',
		'timeInForce',
		'type',
		'updatedAt',
	];
	expect(Object.keys(order).sort()).toEqual(('trades' in order ? [...keys, 'trades'] : keys).sort());
	expectText(order.id, 'order id');
	expectOptionalText(order.clientOrderId, 'client order id');
	expectText(order.symbol, 'order symbol');
	expect(['buy', 'sell']).toContain(order.side);
	expect(['market', 'limit']).toContain(order.type);
	expect(['open', 'closed', 'rejected', 'canceled']).toContain(order.status);
	expectOptionalText(order.timeInForce, 'time in force');
	expectDecimal(order.amount, 'order amount');
	for (const field of ['price', 'average', 'filled', 'remaining', 'cost'] as const)
		expectOptionalDecimal(order[field], `order ${field}`);
	expectMillis(order.createdAt, 'order created');
	if (order.updatedAt !== undefined) expectMillis(order.updatedAt, 'order updated');
	if (order.lastTradeAt !== undefined) expectMillis(order.lastTradeAt, 'order last trade');
	if (order.status === 'rejected') expectText(order.rejectReason, 'reject reason');
	else expect(order.rejectReason).toBeUndefined();
	if ('trades' in order) {
		expect(Array.isArray(order.trades)).toBe(true);
		for (const trade of order.trades) expectWellFormedTrade(trade);
	}
}

export function expectWellFormedLadder(ladder: Ladder): void {
	expect(Object.keys(ladder).sort()).toEqual(['buyTiers', 'sellTiers', 'symbol', 'timestamp']);
	expectText(ladder.symbol, 'ladder symbol');
	expectMillis(ladder.timestamp, 'ladder time');
	for (const tiers of [ladder.buyTiers, ladder.sellTiers]) {
		let previous = Number.NEGATIVE_INFINITY;
		for (const { price, quantity } of tiers) {
			expectDecimal(price, 'tier price');
			expectDecimal(quantity, 'tier size');
			expect(Number(quantity), 'tiers are smallest size first').toBeGreaterThanOrEqual(previous);
			previous = Number(quantity);
		}
	}
}
