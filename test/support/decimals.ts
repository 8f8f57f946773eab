import { type DecimalString, toDecimalString } from '../../src/zerocap/decimal-string.js';

/** A decimal literal for test data; a typo fails loudly instead of becoming undefined. */
export function d(text: string): DecimalString {
	const value = toDecimalString(text);
	if (value === undefined) throw new Error(`not a decimal: ${text}`);
	return value;
}
