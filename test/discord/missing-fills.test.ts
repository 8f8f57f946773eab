import { describe, expect, it } from 'vitest';
import { missingFillWarnings } from '../../src/discord/render/missing-fills.js';

describe('what may be missing from a count of fills', () => {
	it('says nothing when every order was read whole', () => {
		expect(
			missingFillWarnings({ unreadableOrders: 0, incompleteOrders: [], undatedTrades: 0 }, ', so they are not marked'),
		).toEqual([]);
	});

	it('names each kind of gap, with at most three of the incomplete orders, and what became of undated fills', () => {
		const missing = { unreadableOrders: 2, incompleteOrders: ['o1', 'o2', 'o3', 'o4'], undatedTrades: 1 };
		expect(missingFillWarnings(missing, ', so they are not marked')).toEqual([
			'⚠ 2 order(s) from the broker could not be read: their fills may be missing.',
			'⚠ 4 order(s) report more filled than their trades add up to: some fills may be missing (o1, o2, o3).',
			'⚠ 1 fill(s) carry no time from the broker, so they are not marked.',
		]);
	});
});
