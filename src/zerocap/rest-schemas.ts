import { z } from 'zod';
import type { Order, Trade } from './domain.js';
import {
	decimal,
	idText,
	optionalDecimal,
	optionalMillis,
	optionalText,
	orderStatus,
	orderType,
	parseBrokerDateTime,
	rejectReasonOf,
	side,
	text,
} from './wire-values.js';

/**
 * REST bodies. create_order answers in camelCase and fetch_order(s) in snake_case; both are folded to
 * camelCase keys first, so that one schema reads both.
 */

function camelCaseKey(key: string): string {
	return key.includes('_') ? key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase()) : key;
}

/**
 * The broker sends the same few dozen keys in every order and trade, and rewriting each one with a regular
 * expression was half the cost of reading an order. Bounded, so that a broker inventing keys cannot grow it.
 */
const camelCased = new Map<string, string>();
const maxCamelCased = 256;

function camelCaseKeyOnce(key: string): string {
	let camel = camelCased.get(key);
	if (camel === undefined) {
		camel = camelCaseKey(key);
		if (camelCased.size < maxCamelCased) camelCased.set(key, camel);
	}
	return camel;
}

export function camelCaseKeys(value: unknown): unknown {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
	const folded: Record<string, unknown> = {};
	// Assignment cannot set the prototype: no key folds to "__proto__", whose "_p" would have become "P".
	for (const [key, entry] of Object.entries(value)) folded[camelCaseKeyOnce(key)] = entry;
	return folded;
}

/** Some servers send `trades` as a JSON string. */
function tradesList(value: unknown): unknown {
	if (typeof value !== 'string') return value ?? [];
	if (value === '') return [];
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}

export const tradeSchema = z.preprocess(
	camelCaseKeys,
	z.object({
		id: idText,
		order: idText,
		symbol: z.string().min(1),
		side,
		type: orderType.optional(),
		price: decimal,
		amount: decimal,
		cost: optionalDecimal,
		timestamp: optionalMillis,
		datetime: z.string().optional(),
		takerOrMaker: optionalText,
	}),
);

const orderSchema = z.preprocess(
	camelCaseKeys,
	z.object({
		id: idText,
		clientOrderId: optionalText,
		symbol: z.string().min(1),
		side,
		type: orderType,
		status: orderStatus,
		timeInForce: optionalText,
		price: optionalDecimal,
		average: optionalDecimal,
		amount: decimal,
		filled: optionalDecimal,
		remaining: optionalDecimal,
		cost: optionalDecimal,
		timestamp: optionalMillis,
		datatime: z.string().optional(),
		datetime: z.string().optional(),
		lastTradeTimestamp: optionalMillis,
		errorMessage: optionalText,
		trades: z.preprocess(tradesList, z.array(tradeSchema)),
	}),
);

type WireTrade = z.infer<typeof tradeSchema>;
type WireOrder = z.infer<typeof orderSchema>;

export function toTrade(trade: WireTrade): Trade {
	return {
		id: trade.id,
		orderId: trade.order,
		symbol: trade.symbol,
		side: trade.side,
		type: trade.type,
		price: trade.price,
		amount: trade.amount,
		cost: trade.cost,
		timestamp: trade.timestamp ?? parseBrokerDateTime(trade.datetime) ?? 0,
		takerOrMaker: trade.takerOrMaker,
	};
}

function toOrder(order: WireOrder): Order {
	return {
		id: order.id,
		clientOrderId: order.clientOrderId,
		symbol: order.symbol,
		side: order.side,
		type: order.type,
		status: order.status,
		timeInForce: order.timeInForce,
		price: order.price,
		average: order.average,
		amount: order.amount,
		filled: order.filled,
		remaining: order.remaining,
		cost: order.cost,
		createdAt: order.timestamp ?? parseBrokerDateTime(order.datatime ?? order.datetime) ?? 0,
		updatedAt: undefined,
		lastTradeAt: order.lastTradeTimestamp,
		rejectReason: order.status === 'rejected' ? rejectReasonOf(order.errorMessage) : undefined,
		trades: order.trades.map(toTrade),
	};
}

/** Older servers wrap the answer in `{"data": …}`. */
function unwrapData(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && 'data' in value && !('id' in value) && !('order_list' in value)) {
		return value.data;
	}
	return value;
}

export const createOrderResponse = z.preprocess(unwrapData, orderSchema).transform(toOrder);

/** One order of a list, read on its own so that one unreadable order does not hide the others. */
export const listedOrder = orderSchema.transform(toOrder);

/** A count or page number: a whole number, zero or more, as a number or digits. */
const count = z
	.union([z.number(), z.string().regex(/^\d+$/)])
	.transform(Number)
	.pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));

export const orderListResponse = z.preprocess(
	unwrapData,
	z.object({
		order_list: z.array(z.unknown()),
		total: count.optional(),
		page: count.optional(),
	}),
);

export const credentialCheckResponse = z.object({ status_code: z.union([z.number(), z.string()]).transform(Number) });

export const errorResponse = z.object({ error_code: text.optional(), error_message: z.string().optional() });
