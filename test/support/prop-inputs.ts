import fc from 'fast-check';
import { anyText, leakyText, numberishText } from './prop-sentences.js';

/** What the desk knows, as in the harness. */
export const knownSymbols = ['USDT/AUD', 'USDC/AUD', 'BTC/AUD', 'ETH/AUD', 'BTC/USDT', 'ETH/USDT'] as const;

/**
 * The exact decimal a plain number denotes, written canonically without any arithmetic: no leading zeros
 * before the units, no trailing zeros after the dot. "007.500" → "7.5".
 */
export function canonicalDecimal(text: string): string {
	const [whole = '', fraction = ''] = text.trim().split('.');
	const units = whole.replace(/^0+(?=\d)/, '');
	const decimals = fraction.replace(/0+$/, '');
	return decimals === '' ? units : `${units}.${decimals}`;
}

const digit = fc.constantFrom(...'0123456789');
const digits = (minLength: number, maxLength: number) =>
	fc.array(digit, { minLength, maxLength }).map((list) => list.join(''));
const padding = fc.constantFrom('', ' ', '  ', '\t', ' \n');

/** A positive decimal as a trader may type it: up to `wholeDigits` digits, up to 8 decimals, maybe padded. */
export function typedDecimal(wholeDigits = 12, decimals = 8) {
	return fc
		.tuple(padding, digits(1, wholeDigits), fc.option(digits(1, decimals), { nil: undefined }), padding)
		.filter(([, whole, fraction]) => /[1-9]/.test(whole + (fraction ?? '')))
		.map(
			([before, whole, fraction, after]) => `${before}${whole}${fraction === undefined ? '' : `.${fraction}`}${after}`,
		);
}

/** Text that is not a plain positive decimal with at most 8 decimals and 12 whole digits, by construction. */
export const invalidDecimal = fc.oneof(
	// Something other than digits and one dot inside: a letter, a comma, a sign, an exponent, a space.
	fc
		.tuple(
			typedDecimal(6, 4),
			fc.constantFrom('a', ',', '-', '+', 'e', 'E', '_', ' ', '$', '٣', '１', '½', '..'),
			fc.nat(8),
		)
		.map(([valid, bad, at]) => {
			const text = valid.trim();
			const index = Math.min(at, text.length);
			return `${text.slice(0, index)}${bad}${text.slice(index)}`;
		})
		.filter((text) => !/^\d+(\.\d+)?$/.test(text.trim())),
	fc.constantFrom('', ' ', '.', '.5', '5.', '1.2.3', '-1', '+1', '1e3', '0x10', 'Infinity', 'NaN', '1,000', '١٢'),
	// Zero in its spellings.
	fc
		.tuple(digits(1, 5), fc.option(digits(1, 8), { nil: undefined }))
		.map(
			([whole, fraction]) =>
				`${whole.replace(/\d/g, '0')}${fraction === undefined ? '' : `.${fraction.replace(/\d/g, '0')}`}`,
		),
	// Too precise, or implausibly large.
	fc.tuple(digits(1, 4), digits(9, 14)).map(([whole, fraction]) => `1${whole}.${fraction.slice(0, -1)}1`),
	digits(13, 30).map((whole) => `9${whole}`),
	leakyText,
);

/** Anything at all, or text near a number. */
export const arbitraryDecimalText = fc.oneof(anyText, numberishText, invalidDecimal, typedDecimal());

/** A known symbol as a person may type it: any case, maybe padded. */
export const typedSymbol = fc
	.tuple(fc.constantFrom(...knownSymbols), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), padding, padding)
	.map(
		([symbol, lower, before, after]) =>
			`${before}${[...symbol].map((char, index) => (lower[index] ? char.toLowerCase() : char)).join('')}${after}`,
	);

/** A symbol the desk does not know, by construction. */
export const unknownSymbol = fc
	.oneof(anyText, leakyText, fc.constantFrom('USDT-AUD', 'USDTAUD', 'USDT/AU', 'XRP/AUD', 'USDT /AUD', 'BTC/AUD/'))
	.filter((text) => !knownSymbols.some((symbol) => symbol === text.trim().toUpperCase()));

/** Any side or type the bot might receive: the allowed choices, near misses, or anything. */
export const sideText = fc.oneof(
	fc.constantFrom('buy', 'sell'),
	fc.constantFrom('Buy', 'SELL', ' buy', 'long', ''),
	anyText,
);
export const typeText = fc.oneof(
	fc.constantFrom('market', 'limit'),
	fc.constantFrom('Market', 'LIMIT', 'limit ', 'stop', ''),
	anyText,
);
