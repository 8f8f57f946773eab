import { stringify } from 'csv-stringify/sync';
import type { BlotterReport, ValuedFill } from './blotter.js';
import { deskDateTime } from './desk-time.js';
import type { FillValue } from './fill-value.js';

export const blotterCsvColumns = [
	'time_desk',
	'time_utc',
	'trader_id',
	'symbol',
	'side',
	'amount',
	'price',
	'quote_value',
	'quote_currency',
	'desk_value',
	'desk_currency',
	'conversion',
	'conversion_rate',
	'order_id',
	'client_order_id',
	'trade_id',
] as const;

/** A spreadsheet reads a cell starting with = + - @ as a formula; such cells are quoted with a leading ' (as the audit CSV does). */
function cell(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function conversionWords(value: FillValue, timeZone: string): string {
	switch (value.kind) {
		case 'direct':
			return 'none needed';
		case 'at-time':
			return `${value.symbol} trade at ${deskDateTime(value.rateAt, timeZone)}`;
		case 'live':
			return `live ${value.via.join(' × ')} mid`;
		case 'none':
			return `not valued: ${value.reason}`;
	}
}

function rateOf(value: FillValue): string {
	return value.kind === 'at-time' || value.kind === 'live' ? value.rate.toSignificantDigits(12).toFixed() : '';
}

function row(fill: ValuedFill, report: BlotterReport): string[] {
	const { value } = fill;
	return [
		deskDateTime(fill.at, report.timeZone),
		new Date(fill.at).toISOString(),
		fill.trader,
		fill.symbol,
		fill.side,
		fill.amount.toFixed(),
		fill.price.toFixed(),
		fill.amount.times(fill.price).toFixed(),
		fill.quoteAsset,
		// Not rounded to the cent: the column then adds up to the blotter's totals, which sum the exact values.
		value.kind === 'none' ? '' : value.value.toDecimalPlaces(8).toFixed(),
		report.currency,
		conversionWords(value, report.timeZone),
		rateOf(value),
		fill.orderId,
		fill.ticketId,
		fill.tradeId,
	].map(cell);
}

/** Every fill of the blotter, oldest first, one header line; amounts and prices exact as the broker sent them. */
export function blotterCsv(report: BlotterReport): string {
	return stringify([[...blotterCsvColumns], ...report.fills.map((fill) => row(fill, report))]);
}

/** The attachment's name: `blotter-2026-01-05.csv`. */
export function blotterCsvName(report: BlotterReport): string {
	return `blotter-${report.day.date}.csv`;
}
