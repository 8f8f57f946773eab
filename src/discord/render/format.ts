import type { Decimal } from 'decimal.js';
import { groupDigits } from '../../desk/money.js';

/** Exact decimal text, grouped by thousands for reading: 1234567.5 → "1,234,567.5". */
export function formatAmount(value: Decimal | string, decimals?: number): string {
	const text = typeof value === 'string' ? value : decimals === undefined ? value.toFixed() : value.toFixed(decimals);
	return groupDigits(text);
}

/**
 * The broker's cost of an order or a fill, in the symbol's quote currency: its exact digits, grouped, written to
 * at least the cent (`1,532.9` → `1,532.90 AUD`), never rounded away.
 */
export function formatCost(cost: string, symbol: string): string {
	const currency = symbol.split('/')[1];
	const cents = /^-?\d+$/.test(cost) ? `${cost}.00` : /^-?\d+\.\d$/.test(cost) ? `${cost}0` : cost;
	return currency ? `${groupDigits(cents)} ${currency}` : groupDigits(cents);
}

export function formatAge(ms: number): string {
	if (ms < 1000) return 'just now';
	if (ms < 60_000) return `${Math.round(ms / 1000)} s ago`;
	if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
	return `${Math.round(ms / 3_600_000)} h ago`;
}

/**
 * A live countdown or age ("in 30 s"), kept current by Discord for each reader. Absolute times are written in
 * the desk's zone instead (desk-time), so that everyone reads the same clock, named.
 */
export function discordRelative(ms: number): string {
	return `<t:${Math.floor(ms / 1000)}:R>`;
}

export const colours = { info: 0x3b82f6, good: 0x16a34a, warn: 0xd97706, bad: 0xdc2626, neutral: 0x6b7280 } as const;
