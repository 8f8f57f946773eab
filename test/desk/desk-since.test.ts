import { describe, expect, it } from 'vitest';
import { parseDeskSince } from '../../src/desk/desk-date.js';

/** The `since` option of /orders, /audit and /transfers: a span back from now, or a date read in the desk's zone. */
describe('since', () => {
	const now = Date.UTC(2026, 0, 10, 12);
	const sydney = 'Australia/Sydney';
	it.each([
		['30m', now - 30 * 60_000],
		['24h', now - 24 * 3_600_000],
		['7d', now - 7 * 86_400_000],
		['2w', now - 14 * 86_400_000],
		// Midnight and 09:30 in Sydney, where January is AEDT (UTC+11).
		['2026-01-05', Date.UTC(2026, 0, 4, 13)],
		['2026-01-05T09:30', Date.UTC(2026, 0, 4, 22, 30)],
	])('reads %s', (text, expected) => {
		expect(parseDeskSince(text, now, sydney)).toEqual({ ok: true, value: expected });
	});

	it.each(['yesterday', '5y', '2026-13-01', '2027-01-01', '2026-01-05T24:00', ''])('refuses %j', (text) => {
		const result = parseDeskSince(text, now, sydney);
		expect(result.ok ? 'accepted' : result.refusal).toMatch(/^The option "since" must be .+ read in Australia\/Sydney/);
	});
});
