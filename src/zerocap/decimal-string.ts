declare const decimalBrand: unique symbol;

/**
 * A decimal number kept as the exact text the broker sent ("1.5327", "100"). Money never passes through
 * binary floating point in this SDK; convert with `new Decimal(value)` where arithmetic is needed.
 */
export type DecimalString = string & { readonly [decimalBrand]: true };

const decimalPattern = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** The value as a DecimalString, or undefined when it is not a finite decimal number. */
export function toDecimalString(value: string | number): DecimalString | undefined {
	if (typeof value === 'number') {
		// A JSON number is already a binary double; its shortest text form is the decimal the sender wrote.
		return Number.isFinite(value) ? (String(value) as DecimalString) : undefined;
	}
	return decimalPattern.test(value) ? (value as DecimalString) : undefined;
}
