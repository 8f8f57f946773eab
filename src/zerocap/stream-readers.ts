import { type DecimalString, toDecimalString } from './decimal-string.js';
import type { LadderTier, OrderStatus, OrderType, OrderUpdate, Side, Trade } from './domain.js';
import { epochMillis, parseBrokerDateTime, rejectReasonOf } from './wire-values.js';

/**
 * Hand-written readers for the stream's frames. They check exactly what the REST schemas check, but
 * without zod: thousands of ladder frames a second pass through here, and a schema library's unions and
 * transforms cost more than the JSON parsing itself. Each returns the domain value, or a reason string.
 */

type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Unreadable extends Error {}

function required<T>(value: T | undefined, field: string): T {
	if (value === undefined) throw new Unreadable(`${field} is missing or invalid`);
	return value;
}

function textOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value === '' ? undefined : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** A decimal, or undefined when absent ("" or null); a present value that is not a number is an error. */
function optionalDecimal(value: unknown, field: string): DecimalString | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') throw new Unreadable(`${field} is not a number`);
	return required(toDecimalString(value), field);
}

function decimal(value: unknown, field: string): DecimalString {
	return required(optionalDecimal(value, field), field);
}

const millisText = /^\d+(\.\d+)?$/;

/** Milliseconds as a number or digits, as the REST schemas read them; anything else, or past a Date's range, is absent. */
function optionalMillis(value: unknown): number | undefined {
	if (typeof value === 'number') return epochMillis(value);
	if (typeof value === 'string' && millisText.test(value)) return epochMillis(Number(value));
	return undefined;
}

const sides: Record<string, Side> = { buy: 'buy', sell: 'sell' };
const orderTypes: Record<string, OrderType> = { market: 'market', limit: 'limit' };
const statuses: Record<string, OrderStatus> = {
	open: 'open',
	closed: 'closed',
	rejected: 'rejected',
	canceled: 'canceled',
	cancelled: 'canceled',
};

function oneOf<T>(table: Record<string, T>, value: unknown): T | undefined {
	if (typeof value !== 'string') return undefined;
	const key = value.toLowerCase();
	return Object.hasOwn(table, key) ? table[key] : undefined;
}

function reading<T>(read: () => T): T | string {
	try {
		return read();
	} catch (error) {
		if (error instanceof Unreadable) return error.message;
		throw error;
	}
}

export function readTiers(levels: unknown): LadderTier[] | undefined {
	if (!Array.isArray(levels)) return undefined;
	const tiers: LadderTier[] = [];
	let sorted = true;
	let previousSize = Number.NEGATIVE_INFINITY;
	for (let index = 0; index < levels.length; index++) {
		const level: unknown = levels[index];
		if (!Array.isArray(level) || level.length < 2) return undefined;
		const rawPrice: unknown = level[0];
		const rawQuantity: unknown = level[1];
		if (typeof rawPrice !== 'number' && typeof rawPrice !== 'string') return undefined;
		if (typeof rawQuantity !== 'number' && typeof rawQuantity !== 'string') return undefined;
		const price = toDecimalString(rawPrice);
		const quantity = toDecimalString(rawQuantity);
		if (price === undefined || quantity === undefined) return undefined;
		// Sizes are compared only to order the tiers, never to compute money.
		const size = typeof rawQuantity === 'number' ? rawQuantity : Number(rawQuantity);
		if (size <= previousSize) sorted = false;
		previousSize = size;
		tiers.push({ price, quantity });
	}
	return sorted ? tiers : tiers.sort((a, b) => Number(a.quantity) - Number(b.quantity));
}

/** The ladder's time: seconds (float) in the contract, milliseconds from some servers, else the datetime. */
export function ladderTime(timestamp: unknown, datetime: unknown): number | undefined {
	const value = typeof timestamp === 'string' ? Number(timestamp) : timestamp;
	const ms = typeof value === 'number' && value > 0 ? epochMillis(value > 1e12 ? value : value * 1000) : undefined;
	if (ms !== undefined) return ms;
	return typeof datetime === 'string' ? parseBrokerDateTime(datetime) : undefined;
}

/** The PascalCase object inside a dma_order_info frame. */
export function readOrderUpdate(data: Fields): OrderUpdate | string {
	return reading(() => {
		const status = required(oneOf(statuses, data.Status), 'Status');
		return {
			id: required(textOf(data.OrderId), 'OrderId'),
			clientOrderId: textOf(data.ClientOrderId),
			symbol: required(textOf(data.Symbol), 'Symbol'),
			side: required(oneOf(sides, data.Side), 'Side'),
			type: required(oneOf(orderTypes, data.Type), 'Type'),
			status,
			timeInForce: textOf(data.TimeInForce),
			price: optionalDecimal(data.Price, 'Price'),
			average: optionalDecimal(data.Average, 'Average') ?? optionalDecimal(data.AveragePrice, 'AveragePrice'),
			amount: decimal(data.Amount, 'Amount'),
			filled: optionalDecimal(data.Filled, 'Filled'),
			remaining: optionalDecimal(data.Remaining, 'Remaining'),
			cost: optionalDecimal(data.Cost, 'Cost'),
			createdAt: optionalMillis(data.CreatedAt) ?? 0,
			updatedAt: optionalMillis(data.UpdatedAt),
			lastTradeAt: undefined,
			rejectReason: status === 'rejected' ? rejectReasonOf(textOf(data.Note)) : undefined,
		};
	});
}

/** The camelCase object inside a dma_trade_info frame. */
export function readTrade(data: Fields): Trade | string {
	return reading(() => {
		const type = data.type === undefined ? undefined : required(oneOf(orderTypes, data.type), 'type');
		return {
			id: required(textOf(data.id), 'id'),
			orderId: required(textOf(data.order), 'order'),
			symbol: required(textOf(data.symbol), 'symbol'),
			side: required(oneOf(sides, data.side), 'side'),
			type,
			price: decimal(data.price, 'price'),
			amount: decimal(data.amount, 'amount'),
			cost: optionalDecimal(data.cost, 'cost'),
			timestamp: optionalMillis(data.timestamp) ?? parseBrokerDateTime(textOf(data.datetime ?? data.datatime)) ?? 0,
			takerOrMaker: textOf(data.takerOrMaker),
		};
	});
}
