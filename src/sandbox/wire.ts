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

/** The order's price: the limit, or for a filled market order the price it got. */
function orderPrice(order: Readonly<SandboxOrder>): string {
	if (order.type === 'limit' && order.requestedPrice) return decimal(order.requestedPrice);
	return average(order) || (order.requestedPrice ? decimal(order.requestedPrice) : '0');
}

function remaining(order: Readonly<SandboxOrder>): string {
	return order.status === 'open' ? decimal(order.amount.minus(order.filled)) : '0';
}

function timeInForce(order: Readonly<SandboxOrder>): string {
	return order.type === 'market' ? 'FOK' : 'GTC';
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
		timeInForce: timeInForce(order),
		side: order.side,
		price: orderPrice(order),
		average: average(order),
		amount: decimal(order.amount),
		filled: decimal(order.filled),
		remaining: remaining(order),
		cost: decimal(order.cost),
		transferId: '',
		trades: order.trades.map(camelTrade),
		...(order.status === 'rejected' ? { error_message: order.errorMessage } : {}),
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
		time_in_force: timeInForce(order),
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
		...(order.status === 'rejected' ? { error_message: order.errorMessage } : {}),
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
		TimeInForce: timeInForce(order),
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

/** A ladder frame: `bids` are the client's buy prices and `asks` its sell prices, as JSON numbers. */
export function ladderFrame(ladder: Ladder, at: number): string {
	const levels = (side: Ladder['buy']) => side.map((level) => [level.price.toNumber(), level.quantity.toNumber()]);
	return JSON.stringify({
		type: 'message',
		channel: `dma_ladder_price_${ladder.symbol}`,
		data: {
			timestamp: at / 1000,
			datetime: formatDateTimeMillis(at),
			symbol: ladder.symbol,
			exchange: 'zerocap',
			data: { bids: levels(ladder.buy), asks: levels(ladder.sell) },
		},
	});
}

export function messageFrame(message: string): string {
	return JSON.stringify({ type: 'message', message });
}

export function errorBody(status: number, message: string) {
	return { error_code: String(status), error_message: message };
}
