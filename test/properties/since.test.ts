import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeskSince } from '../../src/desk/desk-date.js';
import { anyText, expectClearSentence, leakyText, numberishText } from '../support/prop-sentences.js';

const now = Date.UTC(2026, 5, 15, 12, 34, 56, 789);
const runs = { numRuns: 500 };
const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const two = (value: number) => String(value).padStart(2, '0');

function daysIn(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Text near the accepted forms: digits, units, dashes, colons, T, spaces. */
const sinceish = fc.string({ unit: fc.constantFrom(...'0123456789-:Tt mhdwMHDWZ.+'), maxLength: 22 });

describe('the since option (/orders, /audit, /transfers)', () => {
	it('reads any text into a past instant or refuses it in one clear sentence, never throwing', () => {
		fc.assert(
			fc.property(fc.oneof(anyText, numberishText, sinceish, leakyText), (raw) => {
				const since = parseDeskSince(raw, now, 'Australia/Sydney');
				if (!since.ok) {
					expectClearSentence(since.refusal, [raw]);
					return;
				}
				expect(Number.isSafeInteger(since.value)).toBe(true);
				expect(since.value).toBeLessThanOrEqual(now);
				// Both commands print or send it as a date: it must be one.
				expect(() => new Date(since.value).toISOString()).not.toThrow();
			}),
			runs,
		);
	});

	it('takes a span back from now, exactly, in any case and spacing', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 9999 }),
				fc.constantFrom('m', 'h', 'd', 'w', 'M', 'H', 'D', 'W'),
				fc.constantFrom('', ' ', '  '),
				fc.constantFrom('', ' '),
				(count, unit, gap, pad) => {
					const since = parseDeskSince(`${pad}${count}${gap}${unit}${pad}`, now, 'Australia/Sydney');
					const ms = unitMs[unit.toLowerCase() as keyof typeof unitMs];
					expect(since).toEqual({ ok: true, value: now - count * ms });
				},
			),
			runs,
		);
	});

	it('takes a past date or date-time, read in the zone, to the exact instant it names', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(now), noInvalidDate: true }),
				fc.constantFrom('date', 'minutes', 'seconds'),
				fc.constantFrom('T', 't', ' '),
				(date, precision, separator) => {
					const iso = date.toISOString();
					const day = iso.slice(0, 10);
					const text =
						precision === 'date' ? day : `${day}${separator}${iso.slice(11, precision === 'minutes' ? 16 : 19)}`;
					const cut = precision === 'date' ? 10 : precision === 'minutes' ? 16 : 19;
					const expected = Date.parse(`${iso.slice(0, cut)}${precision === 'date' ? 'T00:00:00' : ''}Z`);
					// Read in UTC, a date names the instant its ISO text does; other zones are tested with their offsets.
					expect(parseDeskSince(text, now, 'UTC')).toEqual({ ok: true, value: expected });
				},
			),
			runs,
		);
	});

	it('refuses dates that do not exist instead of rolling them into the next month or day', () => {
		const impossible = fc.oneof(
			fc
				.tuple(fc.integer({ min: 1970, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 3 }))
				.map(([year, month, extra]) => `${year}-${two(month)}-${two(daysIn(year, month) + 1 + extra)}`)
				.filter((text) => Number(text.slice(8)) <= 99),
			fc
				.tuple(fc.integer({ min: 1970, max: 2025 }), fc.constantFrom(0, 13, 19, 99))
				.map(([year, month]) => `${year}-${two(month)}-01`),
			fc.tuple(fc.integer({ min: 1970, max: 2025 }), fc.constantFrom('00')).map(([year, day]) => `${year}-01-${day}`),
			fc
				.tuple(fc.integer({ min: 24, max: 99 }), fc.integer({ min: 0, max: 59 }))
				.map(([hour, minute]) => `2025-03-04 ${two(hour)}:${two(minute)}`),
			fc
				.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 60, max: 99 }))
				.map(([hour, minute]) => `2025-03-04T${two(hour)}:${two(minute)}`),
			fc.integer({ min: 60, max: 99 }).map((second) => `2025-03-04T10:11:${two(second)}`),
		);
		fc.assert(
			fc.property(impossible, (raw) => {
				const since = parseDeskSince(raw, now, 'Australia/Sydney');
				expect(since.ok, `${raw} is not a date`).toBe(false);
				if (!since.ok) expectClearSentence(since.refusal, [raw]);
			}),
			runs,
		);
	});

	it('refuses a date in the future', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date(now + 60_000), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
				(date) => {
					const since = parseDeskSince(date.toISOString().slice(0, 16), now, 'UTC');
					expect(since.ok).toBe(false);
				},
			),
			runs,
		);
	});
});
