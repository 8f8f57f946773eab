import { z } from 'zod';
import { type DecimalString, toDecimalString } from './decimal-string.js';
import type { OrderStatus, OrderType, Side } from './domain.js';
import { withoutSignatures } from './redaction.js';

/** Zod pieces for the broker's loosely typed values: numbers as strings or numbers, "" for empty. */

export const text = z.union([z.string(), z.number()]).transform(String);

/** An identifier: text or a number, never "" (an order or trade without an id is not one). */
export const idText = text.pipe(z.string().min(1, 'empty id'));

/** The largest distance from the epoch a Date can hold, in ms; a time beyond it cannot be shown. */
const maxEpochMs = 8.64e15;

/** Whole epoch milliseconds, or undefined when `value` is not a time a Date can hold. */
export function epochMillis(value: number): number | undefined {
	return Number.isFinite(value) && Math.abs(value) <= maxEpochMs ? Math.round(value) : undefined;
}

/** A string where "" (or null) means absent. */
export const optionalText = z
	.union([z.string(), z.number(), z.null()])
	.optional()
	.transform((value) => (value === null || value === undefined || value === '' ? undefined : String(value)));

export const decimal = z.union([z.string(), z.number()]).transform((value, context): DecimalString => {
	const parsed = toDecimalString(value);
	if (parsed === undefined) {
		context.issues.push({ code: 'custom', message: 'not a decimal number', input: value });
		return z.NEVER;
	}
	return parsed;
});

export const optionalDecimal = z
	.union([z.literal(''), z.null(), decimal])
	.optional()
	.transform((value) => (value === '' || value === null ? undefined : value));

const millisPattern = /^\d+(\.\d+)?$/;

/** Milliseconds since the epoch, as a number or a numeric string; "" means absent. */
export const optionalMillis = z
	.union([z.literal(''), z.null(), z.number(), z.string().regex(millisPattern)])
	.optional()
	.transform((value, context) => {
		if (value === '' || value === null || value === undefined) return undefined;
		const ms = epochMillis(Number(value));
		if (ms === undefined) {
			context.issues.push({ code: 'custom', message: 'not a time a date can hold', input: value });
			return z.NEVER;
		}
		return ms;
	});

const lowercase = (value: string) => value.trim().toLowerCase();

export const side = z
	.string()
	.transform(lowercase)
	.pipe(z.enum(['buy', 'sell'])) satisfies z.ZodType<Side, string>;

export const orderType = z
	.string()
	.transform(lowercase)
	.pipe(z.enum(['market', 'limit'])) satisfies z.ZodType<OrderType, string>;

const statusSpellings: Record<string, OrderStatus> = {
	open: 'open',
	closed: 'closed',
	rejected: 'rejected',
	canceled: 'canceled',
	cancelled: 'canceled',
};

export const orderStatus = z.string().transform((value, context): OrderStatus => {
	const key = lowercase(value);
	// Own keys only: "constructor" or "__proto__" must not read the object's prototype.
	const status = Object.hasOwn(statusSpellings, key) ? statusSpellings[key] : undefined;
	if (status === undefined) {
		context.issues.push({
			code: 'custom',
			message: `unknown order status ${JSON.stringify(value.slice(0, 20))}`,
			input: value,
		});
		return z.NEVER;
	}
	return status;
});

/** "YYYY-MM-DD HH:MM:SS[.mmm]" in UTC, the broker's `datatime`/`datetime`, as epoch milliseconds. */
export function parseBrokerDateTime(value: string | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	const ms = Date.parse(`${value.trim().replace(' ', 'T')}Z`);
	return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Why the broker rejected an order, as shown to the desk. A broker that echoes what it was sent must not put
 * our signature into alerts, replies or logs, so anything shaped like one is taken out here, where it enters.
 */
export function rejectReasonOf(text: string | undefined): string {
	return withoutSignatures(text ?? 'no reason given');
}
