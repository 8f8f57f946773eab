import { Decimal } from 'decimal.js';
import type { OrderType, Side } from '../zerocap/domain.js';

/** An order as a trader asked for it, checked. */
export interface OrderDraft {
	readonly symbol: string;
	readonly side: Side;
	readonly type: OrderType;
	readonly amount: Decimal;
	/** The limit price; undefined for a market order. */
	readonly price: Decimal | undefined;
	/** A market order given a price: it is ignored, and the ticket says so. */
	readonly priceIgnored: boolean;
}

export interface RawOrderInput {
	readonly side: string;
	readonly symbol: string;
	readonly amount: string;
	readonly type: string;
	readonly price?: string | undefined;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const maxDecimals = 8;
const maxWholeDigits = 12;
const plainDecimal = /^\d+(\.\d+)?$/;

/** A positive decimal as a trader typed it: digits and one dot, at most 8 decimals. */
export function checkDecimal(field: string, raw: string): Checked<Decimal> {
	const text = raw.trim();
	if (!plainDecimal.test(text)) {
		return {
			ok: false,
			error: `The ${field} must be a plain number with digits and a dot, such as 1000 or 1.2345 (got "${text.slice(0, 30)}").`,
		};
	}
	const [whole = '', fraction = ''] = text.split('.');
	if (fraction.length > maxDecimals)
		return { ok: false, error: `The ${field} has more than ${maxDecimals} decimal places.` };
	if (whole.replace(/^0+/, '').length > maxWholeDigits)
		return { ok: false, error: `The ${field} is implausibly large.` };
	const value = new Decimal(text);
	if (value.lte(0)) return { ok: false, error: `The ${field} must be greater than zero.` };
	return { ok: true, value };
}

export function checkOrderInput(raw: RawOrderInput, knownSymbols: readonly string[]): Checked<OrderDraft> {
	const symbol = raw.symbol.trim().toUpperCase();
	if (!knownSymbols.includes(symbol)) {
		return { ok: false, error: `Unknown symbol "${raw.symbol.slice(0, 30)}". Known: ${knownSymbols.join(', ')}.` };
	}
	if (raw.side !== 'buy' && raw.side !== 'sell') return { ok: false, error: 'The side must be buy or sell.' };
	if (raw.type !== 'market' && raw.type !== 'limit') return { ok: false, error: 'The type must be market or limit.' };
	const amount = checkDecimal('amount', raw.amount);
	if (!amount.ok) return amount;
	const givenPrice = raw.price?.trim() ? raw.price : undefined;
	if (raw.type === 'market') {
		return {
			ok: true,
			value: {
				symbol,
				side: raw.side,
				type: 'market',
				amount: amount.value,
				price: undefined,
				priceIgnored: givenPrice !== undefined,
			},
		};
	}
	if (givenPrice === undefined) return { ok: false, error: 'A limit order needs a price.' };
	const price = checkDecimal('price', givenPrice);
	if (!price.ok) return price;
	return {
		ok: true,
		value: { symbol, side: raw.side, type: 'limit', amount: amount.value, price: price.value, priceIgnored: false },
	};
}
