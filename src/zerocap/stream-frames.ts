import { z } from 'zod';
import { type DecimalString, toDecimalString } from './decimal-string.js';
import type { Ladder, LadderTier, OrderUpdate, Trade } from './domain.js';
import { toTrade, tradeSchema } from './rest-schemas.js';
import {
	decimal,
	optionalDecimal,
	optionalMillis,
	optionalText,
	orderStatus,
	orderType,
	parseBrokerDateTime,
	side,
	text,
} from './wire-values.js';

/** One frame from the stream, read and mapped; anything unreadable becomes `malformed`, never an exception. */
export type StreamMessage =
	| { readonly kind: 'ladder'; readonly ladder: Ladder }
	| { readonly kind: 'order'; readonly order: OrderUpdate }
	| { readonly kind: 'trade'; readonly trade: Trade }
	| { readonly kind: 'notice'; readonly text: string }
	| { readonly kind: 'broker-error'; readonly code: string; readonly message: string }
	| { readonly kind: 'malformed'; readonly reason: string };

const ladderPrefix = 'dma_ladder_price_';
const tradeChannels = new Set(['dma_trade_info', 'dma_trader_info']);

const level = z.tuple([z.union([z.number(), z.string()]), z.union([z.number(), z.string()])]).rest(z.unknown());

const ladderSchema = z.object({
	symbol: z.string(),
	timestamp: z.union([z.number(), z.string()]).optional(),
	datetime: z.string().optional(),
	data: z.object({ bids: z.array(level), asks: z.array(level) }),
});

const orderUpdateSchema = z
	.object({
		OrderId: text,
		ClientOrderId: optionalText,
		Symbol: z.string(),
		Type: orderType,
		TimeInForce: optionalText,
		Side: side,
		Price: optionalDecimal,
		AveragePrice: optionalDecimal,
		Average: optionalDecimal,
		Amount: decimal,
		Filled: optionalDecimal,
		Remaining: optionalDecimal,
		Cost: optionalDecimal,
		CreatedAt: optionalMillis,
		UpdatedAt: optionalMillis,
		Status: orderStatus,
		Note: optionalText,
	})
	.transform(
		(order): OrderUpdate => ({
			id: order.OrderId,
			clientOrderId: order.ClientOrderId,
			symbol: order.Symbol,
			side: order.Side,
			type: order.Type,
			status: order.Status,
			timeInForce: order.TimeInForce,
			price: order.Price,
			average: order.Average ?? order.AveragePrice,
			amount: order.Amount,
			filled: order.Filled,
			remaining: order.Remaining,
			cost: order.Cost,
			createdAt: order.CreatedAt ?? 0,
			updatedAt: order.UpdatedAt,
			lastTradeAt: undefined,
			rejectReason: order.Status === 'rejected' ? (order.Note ?? 'no reason given') : undefined,
		}),
	);

function tiers(
	levels: ReadonlyArray<readonly [number | string, number | string, ...unknown[]]>,
): LadderTier[] | undefined {
	const result: LadderTier[] = [];
	for (const [rawPrice, rawQuantity] of levels) {
		const price = toDecimalString(rawPrice);
		const quantity = toDecimalString(rawQuantity);
		if (price === undefined || quantity === undefined) return undefined;
		result.push({ price, quantity });
	}
	// Smallest size first (contract 4.1); sizes are compared only to order them, never to compute money.
	for (let index = 1; index < result.length; index++) {
		if (Number(result[index]?.quantity) <= Number(result[index - 1]?.quantity)) {
			return result.sort((a, b) => Number(a.quantity) - Number(b.quantity));
		}
	}
	return result;
}

/** The ladder's time: seconds (float) in the contract, milliseconds from some servers, else the datetime. */
function ladderTime(timestamp: number | string | undefined, datetime: string | undefined): number | undefined {
	const value = typeof timestamp === 'string' ? Number(timestamp) : timestamp;
	if (value !== undefined && Number.isFinite(value) && value > 0)
		return Math.round(value > 1e12 ? value : value * 1000);
	return parseBrokerDateTime(datetime);
}

function readData(data: unknown): unknown {
	if (typeof data !== 'string') return data;
	return JSON.parse(data);
}

function malformed(reason: string): StreamMessage {
	return { kind: 'malformed', reason };
}

function parseLadder(data: unknown): StreamMessage {
	const parsed = ladderSchema.safeParse(data);
	if (!parsed.success) return malformed('ladder frame does not match the contract');
	const buyTiers = tiers(parsed.data.data.bids);
	const sellTiers = tiers(parsed.data.data.asks);
	const timestamp = ladderTime(parsed.data.timestamp, parsed.data.datetime);
	if (!buyTiers || !sellTiers) return malformed('ladder frame has a price or size that is not a number');
	if (timestamp === undefined) return malformed('ladder frame has no time');
	return { kind: 'ladder', ladder: { symbol: parsed.data.symbol, timestamp, buyTiers, sellTiers } };
}

export function parseStreamFrame(raw: string): StreamMessage {
	let frame: unknown;
	try {
		frame = JSON.parse(raw);
	} catch {
		return malformed('not JSON');
	}
	if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return malformed('not a JSON object');
	if ('error_code' in frame) {
		const message = 'error_message' in frame && typeof frame.error_message === 'string' ? frame.error_message : '';
		return { kind: 'broker-error', code: String(frame.error_code), message };
	}
	const channel = 'channel' in frame ? frame.channel : undefined;
	if (typeof channel === 'string') {
		let data: unknown;
		try {
			data = readData('data' in frame ? frame.data : undefined);
		} catch {
			return malformed(`${channel} data is not JSON`);
		}
		if (channel.startsWith(ladderPrefix)) return parseLadder(data);
		if (channel === 'dma_order_info') {
			const order = orderUpdateSchema.safeParse(data);
			return order.success
				? { kind: 'order', order: order.data }
				: malformed('order frame does not match the contract');
		}
		if (tradeChannels.has(channel)) {
			const trade = tradeSchema.safeParse(data);
			return trade.success
				? { kind: 'trade', trade: toTrade(trade.data) }
				: malformed('trade frame does not match the contract');
		}
		return malformed(`unknown channel ${JSON.stringify(channel.slice(0, 40))}`);
	}
	if ('message' in frame && typeof frame.message === 'string') return { kind: 'notice', text: frame.message };
	return malformed('frame has neither a channel nor a message');
}
