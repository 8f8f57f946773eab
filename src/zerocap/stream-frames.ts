import type { RawData } from 'ws';
import type { Ladder, OrderUpdate, Trade } from './domain.js';
import { isFields, ladderTime, readOrderUpdate, readTiers, readTrade } from './stream-readers.js';

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

function malformed(reason: string): StreamMessage {
	return { kind: 'malformed', reason };
}

function parseLadder(data: unknown): StreamMessage {
	if (!isFields(data) || typeof data.symbol !== 'string' || data.symbol === '' || !isFields(data.data)) {
		return malformed('ladder frame does not match the contract');
	}
	const buyTiers = readTiers(data.data.bids);
	const sellTiers = readTiers(data.data.asks);
	if (!buyTiers || !sellTiers) return malformed('ladder frame has a price or size that is not a number');
	const timestamp = ladderTime(data.timestamp, data.datetime ?? data.datatime);
	if (timestamp === undefined) return malformed('ladder frame has no time');
	return { kind: 'ladder', ladder: { symbol: data.symbol, timestamp, buyTiers, sellTiers } };
}

/**
 * The shape Zerocap's UAT test script reads: `{"type":"price", …, "data":{"bids":[…],"asks":[…]}}`. Only
 * `data.bids`, `data.asks` and a price at `[0]` are attested; the symbol is read beside `type` or inside `data`,
 * and the time where the seed's ladder has it, else the frame is stamped when it arrived. The sides follow the
 * market's convention the script trades by (it sells against `bids`, buys against `asks`), the reverse of the
 * seed's channel frames: `asks` are what we pay to buy, `bids` what we receive when selling.
 */
function parsePriceFrame(frame: Record<string, unknown>, receivedAt: number): StreamMessage {
	let data: unknown;
	try {
		data = channelData(frame);
	} catch {
		return malformed('price data is not JSON');
	}
	if (!isFields(data)) return malformed('price frame has no data object');
	const symbol = typeof frame.symbol === 'string' ? frame.symbol : data.symbol;
	if (typeof symbol !== 'string' || symbol === '') return malformed('price frame has no symbol');
	const buyTiers = readTiers(data.asks);
	const sellTiers = readTiers(data.bids);
	if (!buyTiers || !sellTiers) return malformed('price frame has a price or size that is not a number');
	// No dealer pays more than it asks: sides that read that way are read backwards, and are not shown as prices.
	if (Number(buyTiers[0]?.price) < Number(sellTiers[0]?.price)) {
		return malformed('price frame quotes a buy price below its sell price');
	}
	const timestamp =
		ladderTime(frame.timestamp ?? data.timestamp, frame.datetime ?? frame.datatime ?? data.datetime ?? data.datatime) ??
		receivedAt;
	return { kind: 'ladder', ladder: { symbol, timestamp, buyTiers, sellTiers } };
}

/** `data` is a JSON string in the contract, an object on some servers. */
function channelData(frame: Record<string, unknown>): unknown {
	return typeof frame.data === 'string' ? JSON.parse(frame.data) : frame.data;
}

/** Reads one frame; `receivedAt` stamps a price frame that carries no time of its own. */
export function parseStreamFrame(raw: string, receivedAt = Date.now()): StreamMessage {
	let frame: unknown;
	try {
		frame = JSON.parse(raw);
	} catch {
		return malformed('not JSON');
	}
	if (!isFields(frame)) return malformed('not a JSON object');
	if (frame.error_code !== undefined) {
		const code = frame.error_code;
		if (typeof code !== 'string' && typeof code !== 'number') return malformed('error frame has no readable code');
		return {
			kind: 'broker-error',
			code: String(code),
			message: typeof frame.error_message === 'string' ? frame.error_message : '',
		};
	}
	const channel = frame.channel;
	if (typeof channel === 'string') {
		let data: unknown;
		try {
			data = channelData(frame);
		} catch {
			return malformed(`${channel} data is not JSON`);
		}
		if (channel.startsWith(ladderPrefix)) return parseLadder(data);
		const isOrder = channel === 'dma_order_info';
		if (!isOrder && !tradeChannels.has(channel))
			return malformed(`unknown channel ${JSON.stringify(channel.slice(0, 40))}`);
		if (!isFields(data)) return malformed(`${channel} data is not an object`);
		if (isOrder) {
			const order = readOrderUpdate(data);
			return typeof order === 'string' ? malformed(`order frame: ${order}`) : { kind: 'order', order };
		}
		const trade = readTrade(data);
		return typeof trade === 'string' ? malformed(`trade frame: ${trade}`) : { kind: 'trade', trade };
	}
	if (frame.type === 'price' && frame.data !== undefined) return parsePriceFrame(frame, receivedAt);
	if (typeof frame.message === 'string') return { kind: 'notice', text: frame.message };
	return malformed('frame has neither a channel nor a message');
}

/** A text frame's UTF-8, whichever of its shapes `ws` delivers it in. */
export function frameText(data: RawData): string {
	if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
	return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
