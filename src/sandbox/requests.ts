import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { type TransferFilter, type TransferType, transferTypes } from './ledger.js';
import type { Market } from './market.js';
import type { NewOrder, OrderFilter, OrderStatus } from './orders.js';
import type { QuoteRequest } from './quotes.js';

/** A request the sandbox refuses with 400; the message names the field. */
export class BadRequest extends Error {}

const decimalPattern = /^\d+(\.\d+)?$/;
const maxClientOrderIdLength = 128;
/**
 * Digits a price may have past the point, whatever the instrument's tick: Zerocap's own scripts send floats
 * such as 1.6852000000000003 (contract 3.1).
 */
const maxPriceDecimals = 18;
export const maxPageSize = 1000;
const defaultPageSize = 500;

const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

/**
 * An amount is text only: a JSON number is a binary double, whose text may not be the amount the sender meant,
 * and the contract and the README say amounts travel as decimal strings.
 */
const amountText = z
	.string({ error: 'amount must be a decimal string such as "100" (a JSON number is refused)' })
	.trim();

const createOrderShape = z.object({
	symbol: z.string(),
	side: z.string(),
	type: z.string(),
	amount: amountText,
	price: text.optional(),
	client_order_id: z.string().optional(),
	customer_id: text.optional(),
	coinroutes_customer_id: text.optional(),
});

const fetchOrderShape = z.object({ id: text });

const filterNumber = z.union([z.number(), z.string()]).optional();

const fetchOrdersShape = z.object({
	symbol: z.string().optional(),
	start_datetime: filterNumber,
	end_datetime: filterNumber,
	page: filterNumber,
	limit: filterNumber,
	ids: z.string().optional(),
	status: z.string().optional(),
	sort_order: z.string().optional(),
	order_type: z.string().optional(),
	side: z.string().optional(),
});

const credentialShape = z.object({ api_key: z.string(), signature: z.string() });

const quoteShape = z.object({
	symbol: z.string(),
	side: z.string(),
	amount: amountText,
	client_order_id: z.string(),
});

const transfersShape = z.object({
	start_datetime: filterNumber,
	end_datetime: filterNumber,
	asset_id: z.string().optional(),
	type: z.string().optional(),
	page: filterNumber,
	limit: filterNumber,
	sort_order: z.string().optional(),
});

function parseShape<T>(schema: z.ZodType<T>, body: unknown): T {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new BadRequest('the body must be a JSON object');
	}
	const result = schema.safeParse(body);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = issue?.path.join('.') || 'body';
	const missing = issue?.path.length === 1 && !(field in body);
	const custom = issue?.message.startsWith(`${field} `) ? issue.message : undefined;
	throw new BadRequest(missing ? `${field} is required` : (custom ?? `${field} has the wrong type`));
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
	const lower = value.toLowerCase();
	const match = allowed.find((candidate) => candidate === lower);
	if (!match) throw new BadRequest(`${field} must be one of ${allowed.join(', ')}`);
	return match;
}

function decimalField(field: string, value: string, decimals: number, allowZero: boolean): Decimal {
	if (!decimalPattern.test(value)) throw new BadRequest(`${field} must be a decimal number such as "100.5"`);
	const parsed = new Decimal(value);
	if (!allowZero && parsed.lte(0)) throw new BadRequest(`${field} must be greater than zero`);
	if (parsed.decimalPlaces() > decimals) throw new BadRequest(`${field} has more than ${decimals} decimal places`);
	return parsed;
}

export function parseCreateOrder(market: Market, body: unknown): NewOrder {
	const input = parseShape(createOrderShape, body);
	const instrument = market.instrument(input.symbol);
	if (!instrument)
		throw new BadRequest(`symbol ${JSON.stringify(input.symbol.slice(0, 40))} is not a known instrument`);
	const side = oneOf('side', input.side, ['buy', 'sell'] as const);
	const type = oneOf('type', input.type, ['market', 'limit'] as const);
	const amount = decimalField('amount', input.amount, instrument.amountDecimals, false);
	let price: Decimal | undefined;
	if (type === 'limit') {
		if (input.price === undefined || input.price === '') throw new BadRequest('price is required for a limit order');
		price = decimalField('price', input.price, maxPriceDecimals, false);
	} else if (input.price !== undefined && input.price !== '') {
		// A market order's price is informational ("0" in the SDKs); it must still be a number.
		price = decimalField('price', input.price, maxPriceDecimals, true);
	}
	const clientOrderId = checkedClientOrderId(input.client_order_id ?? '');
	const customerId = input.customer_id ?? input.coinroutes_customer_id ?? '';
	return { symbol: instrument.symbol, side, type, amount, price, clientOrderId, customerId };
}

function checkedClientOrderId(clientOrderId: string): string {
	if (clientOrderId.length > maxClientOrderIdLength) {
		throw new BadRequest(`client_order_id is longer than ${maxClientOrderIdLength} characters`);
	}
	return clientOrderId;
}

export function parseFetchOrder(body: unknown): string {
	const { id } = parseShape(fetchOrderShape, body);
	if (id === '') throw new BadRequest('id is required');
	return id;
}

/** `""` or `0` means "no filter" for every field (contract 3.3). */
function optionalInteger(field: string, value: number | string | undefined): number | undefined {
	if (value === undefined || value === '' || value === 0 || value === '0') return undefined;
	const parsed = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
	if (!Number.isSafeInteger(parsed) || parsed < 0)
		throw new BadRequest(`${field} must be a whole number, zero or more`);
	return parsed;
}

function optionalChoice<T extends string>(
	field: string,
	value: string | undefined,
	allowed: readonly T[],
): T | undefined {
	return value === undefined || value.trim() === '' ? undefined : oneOf(field, value.trim(), allowed);
}

export function parseFetchOrders(market: Market, body: unknown): OrderFilter {
	const input = parseShape(fetchOrdersShape, body);
	const symbol = input.symbol?.trim() || undefined;
	if (symbol !== undefined && !market.instrument(symbol)) {
		throw new BadRequest(`symbol ${JSON.stringify(symbol.slice(0, 40))} is not a known instrument`);
	}
	const limit = optionalInteger('limit', input.limit) ?? defaultPageSize;
	if (limit > maxPageSize) throw new BadRequest(`limit must be at most ${maxPageSize}`);
	const ids = input.ids?.trim()
		? new Set(
				input.ids
					.split(',')
					.map((id) => id.trim())
					.filter((id) => id !== ''),
			)
		: undefined;
	const statuses: readonly OrderStatus[] = ['open', 'closed', 'rejected', 'canceled'];
	return {
		symbol,
		from: optionalInteger('start_datetime', input.start_datetime),
		to: optionalInteger('end_datetime', input.end_datetime),
		page: optionalInteger('page', input.page) ?? 1,
		limit,
		ids,
		status: optionalChoice('status', input.status, statuses),
		sort: optionalChoice('sort_order', input.sort_order, ['asc', 'desc'] as const) ?? 'desc',
		type: optionalChoice('order_type', input.order_type, ['market', 'limit'] as const),
		side: optionalChoice('side', input.side, ['buy', 'sell'] as const),
	};
}

export function parseCredentialCheck(body: unknown): { apiKey: string; signature: string } {
	const input = parseShape(credentialShape, body);
	return { apiKey: input.api_key, signature: input.signature };
}

export function parseQuoteRequest(market: Market, body: unknown): QuoteRequest {
	const input = parseShape(quoteShape, body);
	const instrument = market.instrument(input.symbol);
	if (!instrument)
		throw new BadRequest(`symbol ${JSON.stringify(input.symbol.slice(0, 40))} is not a known instrument`);
	const clientOrderId = checkedClientOrderId(input.client_order_id.trim());
	// The quote is taken by a create_order with this id, so a quote without one could never be taken.
	if (clientOrderId === '')
		throw new BadRequest('client_order_id is required: the order that takes the quote carries it');
	return {
		symbol: instrument.symbol,
		side: oneOf('side', input.side, ['buy', 'sell'] as const),
		amount: decimalField('amount', input.amount, instrument.amountDecimals, false),
		clientOrderId,
	};
}

/** The SDK's defaults (`""`, `0`) mean "no filter", as for fetch_orders; its page size is 20. */
export function parseTransfers(body: unknown): TransferFilter {
	const input = parseShape(transfersShape, body);
	const limit = optionalInteger('limit', input.limit) ?? 20;
	if (limit > maxPageSize) throw new BadRequest(`limit must be at most ${maxPageSize}`);
	const type: TransferType | undefined = optionalChoice('type', input.type, transferTypes);
	return {
		from: optionalInteger('start_datetime', input.start_datetime),
		to: optionalInteger('end_datetime', input.end_datetime),
		asset: input.asset_id?.trim().toUpperCase() || undefined,
		type,
		page: optionalInteger('page', input.page) ?? 1,
		limit,
		sort: optionalChoice('sort_order', input.sort_order, ['asc', 'desc'] as const) ?? 'desc',
	};
}
