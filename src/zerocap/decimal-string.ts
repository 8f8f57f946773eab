declare const decimalBrand: unique symbol;

/**
 * A decimal number kept as the exact text the broker sent ("1.5327", "100"). Money never passes through
 * binary floating point in this SDK; convert with `new Decimal(value)` where arithmetic is needed.
 */
export type DecimalString = string & { readonly [decimalBrand]: true };

/**
 * An exponent of at most three digits, as a JSON number's text can have: "1e9000000000000001" is not finite
 * for decimal.js, and a plain rendering of 1e9000000 would be nine million characters long.
 */
const decimalPattern = /^-?\d+(\.\d+)?([eE][-+]?\d{1,3})?$/;

/** The value as a DecimalString, or undefined when it is not a finite decimal number of sane magnitude. */
export function toDecimalString(value: string | number): DecimalString | undefined {
	// The two casts below are the brand's only constructor: a string becomes a DecimalString once it is checked here.
	if (typeof value === 'number') {
		// A JSON number is already a binary double; its shortest text form is the decimal the sender wrote.
		return Number.isFinite(value) ? (String(value) as DecimalString) : undefined;
	}
	return decimalPattern.test(value) ? (value as DecimalString) : undefined;
}
