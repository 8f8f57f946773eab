import { Decimal } from 'decimal.js';
import type { OrderType, Side } from '../zerocap/domain.js';
import { accept, type Checked, refuse } from './checked.js';
import { checkSymbol } from './market.js';

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
	/** The price is a dealer's firm quote for the whole size (/quote): it fills at exactly that price, or not at all. */
	readonly firmQuote?: true;
}

export interface RawOrderInput {
	readonly side: string;
	readonly symbol: string;
	readonly amount: string;
	readonly type: string;
	readonly price?: string | undefined;
}

const maxDecimals = 8;
const maxWholeDigits = 12;
const plainDecimal = /^\d+(\.\d+)?$/;

/** A positive decimal as a trader typed it: digits and one dot, at most 8 decimals. */
export function checkDecimal(field: string, raw: string): Checked<Decimal> {
	const text = raw.trim();
	if (!plainDecimal.test(text)) {
		return refuse(
			`The ${field} must be a plain number with digits and a dot, such as 1000 or 1.2345 (got "${text.slice(0, 30)}").`,
		);
	}
	const [whole = '', fraction = ''] = text.split('.');
	if (fraction.length > maxDecimals) return refuse(`The ${field} has more than ${maxDecimals} decimal places.`);
	if (whole.replace(/^0+/, '').length > maxWholeDigits) return refuse(`The ${field} is implausibly large.`);
	const value = new Decimal(text);
	if (value.lte(0)) return refuse(`The ${field} must be greater than zero.`);
	return accept(value);
}

export function checkOrderInput(raw: RawOrderInput, knownSymbols: readonly string[]): Checked<OrderDraft> {
	const checkedSymbol = checkSymbol(raw.symbol, knownSymbols);
	if (!checkedSymbol.ok) return checkedSymbol;
	const symbol = checkedSymbol.value;
	if (raw.side !== 'buy' && raw.side !== 'sell') return refuse('The side must be buy or sell.');
	if (raw.type !== 'market' && raw.type !== 'limit') return refuse('The type must be market or limit.');
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
	if (givenPrice === undefined) return refuse('A limit order needs a price.');
	const price = checkDecimal('price', givenPrice);
	if (!price.ok) return price;
	return {
		ok: true,
		value: { symbol, side: raw.side, type: 'limit', amount: amount.value, price: price.value, priceIgnored: false },
	};
}
