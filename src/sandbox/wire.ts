import type { Decimal } from 'decimal.js';
import type { Ladder } from './market.js';
import type { SandboxOrder, SandboxTrade } from './orders.js';

/** What the sandbox sends: the contract's default variant of every body and frame, and nothing else. */

const orderFrom = 'api';

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, the contract's `datatime`. */
export function formatDateTime(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "YYYY-MM-DD HH:MM:SS.mmm" in UTC, the ladder frame's `datetime`. */
export function formatDateTimeMillis(ms: number): string {
	return `${formatDateTime(ms)}.${pad(new Date(ms).getUTCMilliseconds(), 3)}`;
}

function decimal(value: Decimal): string {
	return value.toFixed();
}

function average(order: Readonly<SandboxOrder>): string {
	return order.filled.isZero() ? '' : decimal(order.cost.dividedBy(order.filled));
}

/** The price the order was sent with, as the seed's example echoes it: a market order's fill is in `average`. */
function orderPrice(order: Readonly<SandboxOrder>): string {
	return order.requestedPrice ? decimal(order.requestedPrice) : '0';
}

function remaining(order: Readonly<SandboxOrder>): string {
	return order.status === 'open' ? decimal(order.amount.minus(order.filled)) : '0';
}

function camelTrade(trade: SandboxTrade) {
	return {
		id: trade.id,
		timestamp: String(trade.timestamp),
		datetime: formatDateTime(trade.timestamp),
		symbol: trade.symbol,
		order: trade.orderId,
		type: trade.type,
		side: trade.side,
		takerOrMaker: 'taker',
		price: decimal(trade.price),
		amount: decimal(trade.amount),
		cost: decimal(trade.cost),
		orderFrom,
	};
}

/** create_order's response: one order in camelCase. */
export function createOrderBody(order: Readonly<SandboxOrder>) {
	return {
		id: order.id,
		clientOrderId: order.clientOrderId,
		datatime: formatDateTime(order.createdAt),
		timestamp: String(order.createdAt),
		lastTradeTimestamp: order.lastTradeAt === undefined ? '' : String(order.lastTradeAt),
		status: order.status,
		symbol: order.symbol,
		type: order.type,
		timeInForce: order.timeInForce,
		side: order.side,
		price: orderPrice(order),
		average: average(order),
		amount: decimal(order.amount),
		filled: decimal(order.filled),
		remaining: remaining(order),
		cost: decimal(order.cost),
		transferId: '',
		trades: order.trades.map(camelTrade),
		error_message: order.errorMessage,
	};
}

/** fetch_order's and fetch_orders' order: snake_case. */
export function snakeOrder(order: Readonly<SandboxOrder>) {
	return {
		id: order.id,
		client_order_id: order.clientOrderId,
		datatime: formatDateTime(order.createdAt),
		timestamp: String(order.createdAt),
		last_trade_timestamp: order.lastTradeAt === undefined ? '' : String(order.lastTradeAt),
		status: order.status,
		symbol: order.symbol,
		type: order.type,
		time_in_force: order.timeInForce,
		side: order.side,
		price: orderPrice(order),
		average: average(order),
		amount: decimal(order.amount),
		filled: decimal(order.filled),
		remaining: remaining(order),
		cost: decimal(order.cost),
		transfer_id: '',
		fee: '0',
		trades: order.trades.map((trade) => ({
			id: trade.id,
			timestamp: String(trade.timestamp),
			datetime: formatDateTime(trade.timestamp),
			symbol: trade.symbol,
			order: trade.orderId,
			type: trade.type,
			side: trade.side,
			taker_or_maker: 'taker',
			price: decimal(trade.price),
			amount: decimal(trade.amount),
			cost: decimal(trade.cost),
			order_from: orderFrom,
			fee: '0',
			fees: [],
		})),
		error_message: order.errorMessage,
	};
}

/** The dma_order_info frame; its `data` is a JSON string of a PascalCase object. */
export function orderFrame(order: Readonly<SandboxOrder>): string {
	const data = {
		OrderId: order.id,
		ClientOrderId: order.clientOrderId,
		TxnAlias: '',
		TransferId: '',
		Symbol: order.symbol,
		Type: order.type,
		TimeInForce: order.timeInForce,
		Side: order.side,
		Price: orderPrice(order),
		AveragePrice: average(order),
		Amount: decimal(order.amount),
		CreatedAt: order.createdAt,
		UpdatedAt: order.updatedAt,
		AccountId: order.accountId,
		VaultId: '',
		Note: order.errorMessage,
		Status: order.status,
		Average: average(order),
		Filled: decimal(order.filled),
		Remaining: remaining(order),
		Cost: decimal(order.cost),
		ExecPrice: average(order),
		OrderFrom: orderFrom,
	};
	return JSON.stringify({ type: 'message', channel: 'dma_order_info', data: JSON.stringify(data) });
}

/** The dma_trade_info frame; its `data` is a JSON string of a camelCase trade. */
export function tradeFrame(trade: SandboxTrade): string {
	return JSON.stringify({
		type: 'message',
		pattern: null,
		channel: 'dma_trade_info',
		data: JSON.stringify(camelTrade(trade)),
	});
}

/**
 * How ladder frames are written: the seed's channel envelope with `data` as an object (`channel`) or as a JSON
 * string (`channel-string`), or the shape Zerocap's UAT test script reads (`uat`).
 */
export type PriceFrames = 'channel' | 'channel-string' | 'uat';
export const priceFrameDialects: readonly PriceFrames[] = ['channel', 'channel-string', 'uat'];

export function isPriceFrames(value: string): value is PriceFrames {
	return priceFrameDialects.some((dialect) => dialect === value);
}

const levels = (side: Ladder['buy']) => side.map((level) => [level.price.toNumber(), level.quantity.toNumber()]);

/**
 * A ladder frame, prices and sizes as JSON numbers. In the channel envelope `bids` are the client's buy prices
 * and `asks` its sell prices (contract 5.4). In the UAT shape the sides follow the market's convention, as the
 * UAT script trades by them (it sells against `bids`, buys against `asks`): `bids` are what the dealer pays, the
 * client's sell prices, and `asks` the client's buy prices.
 */
export function ladderFrame(ladder: Ladder, at: number, dialect: PriceFrames = 'channel'): string {
	const stamp = { timestamp: at / 1000, datetime: formatDateTimeMillis(at) };
	if (dialect === 'uat') {
		return JSON.stringify({
			type: 'price',
			symbol: ladder.symbol,
			...stamp,
			exchange: 'zerocap',
			data: { bids: levels(ladder.sell), asks: levels(ladder.buy) },
		});
	}
	const data = {
		...stamp,
		symbol: ladder.symbol,
		exchange: 'zerocap',
		data: { bids: levels(ladder.buy), asks: levels(ladder.sell) },
	};
	return JSON.stringify({
		type: 'message',
		channel: `dma_ladder_price_${ladder.symbol}`,
		data: dialect === 'channel-string' ? JSON.stringify(data) : data,
	});
}

export function messageFrame(message: string): string {
	return JSON.stringify({ type: 'message', message });
}

export function errorBody(status: number, message: string) {
	return { error_code: String(status), error_message: message };
}
