import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { balancesView, riskView } from '../../src/desk/account-views.js';
import type { Balance, ReadList, RiskLimit, RiskReport } from '../../src/zerocap/domain-account.js';
import { d } from '../support/decimals.js';
import { ratesFrom } from './desk-fixtures.js';

function balances(items: Array<Partial<Balance> & { asset: string }>, unreadable = 0): ReadList<Balance> {
	return {
		items: items.map((item) => ({
			total: undefined,
			available: undefined,
			held: undefined,
			extra: {},
			...item,
		})),
		unreadable,
		timestamp: 1_767_605_400_000,
		extra: {},
	};
}

const live = {
	'USDT/AUD': { ask: '1.54', bid: '1.52' },
	'BTC/AUD': { ask: '101000', bid: '99000' },
};

describe('balances in the desk currency', () => {
	it('values each asset at the live mid and adds them up', () => {
		const view = balancesView(
			balances([
				{ asset: 'AUD', total: d('1000'), available: d('900'), held: d('100') },
				{ asset: 'USDT', total: d('500'), available: d('500'), held: d('0') },
				{ asset: 'BTC', total: d('0.5'), available: d('0.5'), held: d('0') },
			]),
			ratesFrom(live),
			0,
		);
		const values = Object.fromEntries(
			view.lines.map((line) => [
				line.asset,
				line.value.kind === 'valued' ? line.value.value.toFixed() : line.value.kind,
			]),
		);
		expect(values).toEqual({ AUD: '1000', USDT: '765', BTC: '50000' });
		expect(view.total.toFixed()).toBe('51765');
		expect(view.leftOut).toEqual([]);
		expect(view.at).toBe(1_767_605_400_000);
	});

	it('says a stale price plainly and leaves that asset out of the total, which is then partial', () => {
		const view = balancesView(
			balances([
				{ asset: 'AUD', total: d('1000') },
				{ asset: 'BTC', total: d('1') },
			]),
			ratesFrom({ ...live, 'BTC/AUD': { ask: '101000', bid: '99000', ageMs: 42_000 } }),
			0,
		);
		const btc = view.lines.find((line) => line.asset === 'BTC');
		expect(btc?.value).toEqual({ kind: 'unpriced', reason: 'price 42 s old (BTC/AUD)' });
		expect(view.total.toFixed()).toBe('1000');
		expect(view.leftOut).toEqual(['BTC']);
	});

	it('says a missing price plainly and never guesses one', () => {
		const view = balancesView(balances([{ asset: 'ETH', total: d('2') }]), ratesFrom(live), 0);
		expect(view.lines[0]?.value).toEqual({ kind: 'unpriced', reason: 'no live price (ETH/AUD)' });
		expect(view.total.isZero()).toBe(true);
		expect(view.leftOut).toEqual(['ETH']);
	});

	it('prices an asset with no AUD pair through a bridge, naming both pairs', () => {
		const view = balancesView(
			balances([{ asset: 'SOL', total: d('10') }]),
			ratesFrom({ ...live, 'SOL/USDT': { ask: '101', bid: '99' } }, ['USDT/AUD', 'SOL/USDT']),
			0,
		);
		expect(view.lines[0]?.value).toMatchObject({ kind: 'valued', via: ['SOL/USDT', 'USDT/AUD'] });
		expect(view.total.toFixed()).toBe('1530');
	});

	it('counts a zero holding as nothing, without needing a price', () => {
		const view = balancesView(balances([{ asset: 'ETH', total: d('0') }]), ratesFrom({}), 0);
		expect(view.lines[0]?.value).toEqual({ kind: 'nothing-held' });
		expect(view.leftOut).toEqual([]);
	});

	it('works out a missing figure from the other two, and marks it', () => {
		const view = balancesView(balances([{ asset: 'AUD', total: d('1000'), held: d('250') }]), ratesFrom({}), 0);
		expect(view.lines[0]?.available).toEqual({ value: new Decimal(750), derived: true });
		expect(view.lines[0]?.total).toEqual({ value: new Decimal(1000), derived: false });
		const unknown = balancesView(balances([{ asset: 'AUD', total: d('1000') }]), ratesFrom({}), 0);
		expect(unknown.lines[0]?.available).toBeUndefined();
	});
});

function risk(limits: Array<Partial<RiskLimit> & { name: string }>): RiskReport {
	return {
		items: limits.map((limit) => ({ limit: undefined, used: undefined, remaining: undefined, extra: {}, ...limit })),
		unreadable: 0,
		timestamp: 5,
		extra: {},
		currency: 'AUD',
	};
}

describe('risk limits and headroom', () => {
	const cases: Array<{
		case: string;
		given: Partial<Record<'limit' | 'used' | 'remaining', string>>;
		limit?: string;
		used?: string;
		remaining?: string;
		percent?: string;
		derived: string[];
	}> = [
		{
			case: 'all three reported',
			given: { limit: '1000', used: '250', remaining: '750' },
			limit: '1000',
			used: '250',
			remaining: '750',
			percent: '75',
			derived: [],
		},
		{
			case: 'remaining from limit and used',
			given: { limit: '1000', used: '900' },
			limit: '1000',
			used: '900',
			remaining: '100',
			percent: '10',
			derived: ['remaining'],
		},
		{
			case: 'remaining is never below zero',
			given: { limit: '1000', used: '1200' },
			limit: '1000',
			used: '1200',
			remaining: '0',
			percent: '0',
			derived: ['remaining'],
		},
		{
			case: 'used from limit and a positive remaining',
			given: { limit: '1000', remaining: '400' },
			limit: '1000',
			used: '600',
			remaining: '400',
			percent: '40',
			derived: ['used'],
		},
		{
			case: 'used is not certain when nothing remains',
			given: { limit: '1000', remaining: '0' },
			limit: '1000',
			remaining: '0',
			percent: '0',
			derived: [],
		},
		{
			case: 'limit from used and a positive remaining',
			given: { used: '300', remaining: '200' },
			limit: '500',
			used: '300',
			remaining: '200',
			percent: '40',
			derived: ['limit'],
		},
		{
			case: 'limit is not certain when nothing remains',
			given: { used: '300', remaining: '0' },
			used: '300',
			remaining: '0',
			derived: [],
		},
		{ case: 'one figure alone says nothing more', given: { used: '300' }, used: '300', derived: [] },
	];
	for (const example of cases) {
		it(example.case, () => {
			const given = Object.fromEntries(Object.entries(example.given).map(([key, value]) => [key, d(value)]));
			const [line] = riskView(risk([{ name: 'daily_notional', ...given }]), 0).lines;
			expect(line?.limit?.value.toFixed()).toBe(example.limit);
			expect(line?.used?.value.toFixed()).toBe(example.used);
			expect(line?.remaining?.value.toFixed()).toBe(example.remaining);
			expect(line?.headroomPercent?.toFixed()).toBe(example.percent);
			const derived = (['limit', 'used', 'remaining'] as const).filter((key) => line?.[key]?.derived);
			expect(derived).toEqual(example.derived);
		});
	}
});
