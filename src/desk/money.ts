import type { Decimal } from 'decimal.js';

/** Digits grouped by thousands: "1234567.5" → "1,234,567.5". */
export function groupDigits(text: string): string {
	const [whole = '', fraction] = text.split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Money as a person reads it: grouped digits, two decimals, the currency named. */
export function formatMoney(value: Decimal, currency: string): string {
	return `${groupDigits(value.toFixed(2))} ${currency}`;
}
