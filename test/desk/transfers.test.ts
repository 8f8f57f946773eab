import { describe, expect, it } from 'vitest';
import { deskDayNamed, parseDeskDate, parseDeskSince } from '../../src/desk/desk-date.js';
import { checkAsset, TransferBook, type TransferReads } from '../../src/desk/transfer-book.js';
import type { TransferPage } from '../../src/zerocap/domain-account.js';
import type { CallLane } from '../../src/zerocap/limiter.js';
import type { TransferFilter } from '../../src/zerocap/rest-client.js';
import { sydney } from './desk-fixtures.js';

function recordingBroker() {
	const calls: Array<{ filter: TransferFilter; page: number; limit: number; lane: CallLane | undefined }> = [];
	const broker: TransferReads = {
		getTransfers: async (filter, page, limit, lane) => {
			calls.push({ filter, page, limit, lane });
			const answer: TransferPage = { items: [], unreadable: 0, timestamp: undefined, extra: {}, total: 0, page, limit };
			return answer;
		},
	};
	return { broker, calls };
}

describe('the transfer book', () => {
	it('reads one page newest first, at its page size, in the person’s own lane', async () => {
		const { broker, calls } = recordingBroker();
		const book = new TransferBook(broker, 10, 60_000, () => 0);
		await book.page({ asset: 'USDT', since: 5 }, 3, 'user-1');
		expect(calls).toEqual([
			{
				filter: { asset: 'USDT', since: 5, sort: 'desc' },
				page: 3,
				limit: 10,
				lane: { kind: 'read', person: 'user-1' },
			},
		]);
	});

	it('keeps a query for the person who asked until it expires', () => {
		let now = 0;
		const book = new TransferBook(recordingBroker().broker, 10, 60_000, () => now);
		const id = book.openQuery('user-1', { asset: 'AUD' });
		expect(book.query(id, 'user-1')).toEqual({ ok: true, value: { asset: 'AUD' } });
		expect(book.query(id, 'user-2')).toEqual({
			ok: false,
			refusal: 'Only the person who ran this /transfers can page through it.',
		});
		now = 60_000;
		expect(book.query(id, 'user-1')).toEqual({
			ok: false,
			refusal: 'These buttons have expired. Run /transfers again.',
		});
	});

	it('reads an asset code, and refuses what is not one', () => {
		expect(checkAsset(' usdt ')).toEqual({ ok: true, value: 'USDT' });
		expect(checkAsset('US DT').ok).toBe(false);
	});
});

describe('dates in the desk’s time zone', () => {
	const now = Date.parse('2026-01-10T00:00:00Z');

	it('reads a since date as midnight in the desk’s zone, not UTC', () => {
		expect(parseDeskSince('2026-01-05', now, sydney)).toEqual({ ok: true, value: Date.parse('2026-01-04T13:00:00Z') });
		expect(parseDeskSince('2026-01-05 09:30', now, sydney)).toEqual({
			ok: true,
			value: Date.parse('2026-01-04T22:30:00Z'),
		});
		expect(parseDeskSince('2026-01-05', now, 'UTC')).toEqual({ ok: true, value: Date.parse('2026-01-05T00:00:00Z') });
		expect(parseDeskSince('24h', now, sydney)).toEqual({ ok: true, value: now - 86_400_000 });
	});

	it('refuses a date that does not exist or has not begun, naming the zone', () => {
		for (const text of ['2026-02-30', '2026-01-11', 'soon']) {
			const result = parseDeskSince(text, now, sydney);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.refusal).toContain('Australia/Sydney');
		}
	});

	it('knows a desk day across daylight saving: 25 hours in April, 23 in October', () => {
		const april = deskDayNamed('2026-04-05', sydney);
		const october = deskDayNamed('2026-10-04', sydney);
		expect(april && (april.end - april.start) / 3_600_000).toBe(25);
		expect(october && (october.end - october.start) / 3_600_000).toBe(23);
	});

	it('reads a date option as a desk day that has begun', () => {
		const today = parseDeskDate('today', now, sydney);
		expect(today.ok && today.value.date).toBe('2026-01-10');
		const yesterday = parseDeskDate('yesterday', now, sydney);
		expect(yesterday.ok && yesterday.value.date).toBe('2026-01-09');
		expect(parseDeskDate('2026-01-11', now, sydney).ok).toBe(false);
	});
});
