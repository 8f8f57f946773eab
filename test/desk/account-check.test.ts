import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { AccountCheck, type AccountReads } from '../../src/desk/account-check.js';
import { checkOrderInput } from '../../src/desk/order-input.js';
import type { Valuation } from '../../src/desk/valuation.js';
import type { DecimalString } from '../../src/zerocap/decimal-string.js';
import type { Balance, RiskReport } from '../../src/zerocap/domain-account.js';
import { BusyError } from '../../src/zerocap/errors.js';

const dec = (text: string) => text as DecimalString;
const at = Date.UTC(2026, 11, 1, 3, 2, 9);

function reads(balances: Balance[], risk: Partial<RiskReport> = {}): AccountReads {
	return {
		getBalances: async () => ({ items: balances, unreadable: 0, timestamp: at, extra: {} }),
		getRisk: async () => ({ items: [], unreadable: 0, timestamp: at, extra: {}, currency: 'AUD', ...risk }),
	};
}

const btc = (available: string): Balance => ({
	asset: 'BTC',
	total: dec('2'),
	available: dec(available),
	held: dec('0'),
	extra: {},
});

function input(
	side: 'buy' | 'sell',
	amount: string,
	value: string,
	underWay: { amount: string; value: string }[] = [],
) {
	const draft = checkOrderInput({ side, symbol: 'BTC/AUD', amount, type: 'market' }, ['BTC/AUD']);
	if (!draft.ok) throw new Error(draft.refusal);
	const valuation: Valuation = {
		value: new Decimal(value),
		currency: 'AUD',
		quoteValue: new Decimal(value),
		quoteCurrency: 'AUD',
		worstPrice: new Decimal(value).dividedBy(amount),
		basis: 'market',
		conversion: undefined,
	};
	return {
		draft: draft.value,
		baseAsset: 'BTC',
		valuation,
		person: 'trader-1',
		underWay: underWay.map((order) => ({
			side: 'sell',
			baseAsset: 'BTC',
			amount: new Decimal(order.amount),
			value: new Decimal(order.value),
		})),
	};
}

const settings = { timeZone: 'Australia/Sydney', deadlineMs: 50, now: () => at };

describe('the ticket’s check against the broker’s account figures', () => {
	it('counts what orders on their way are selling against the available balance', async () => {
		const check = new AccountCheck(reads([btc('1')]), settings);
		expect((await check.check(input('sell', '0.6', '90000'))).ok).toBe(true);
		const crowded = await check.check(input('sell', '0.6', '90000', [{ amount: '0.5', value: '75000' }]));
		expect(crowded.ok ? 'allowed' : crowded.refusal).toBe(
			'The broker reports 1 BTC available (2 in total, 0 held by open orders, at 14:02:09 AEDT), less 0.5 BTC being sold by orders on their way; this order sells 0.6 BTC. Nothing was sent.',
		);
	});

	it('refuses a sell of an asset the broker reports none of', async () => {
		const check = new AccountCheck(reads([]), settings);
		const checked = await check.check(input('sell', '0.1', '15000'));
		expect(checked.ok ? 'allowed' : checked.refusal).toMatch(
			/^The broker reports 0 BTC available \(the account holds none, at 14:02:09 AEDT\); this order sells 0\.1 BTC\./,
		);
	});

	it('bounds an order by every headroom, less orders on their way, and derives a missing remainder', async () => {
		const risk = {
			items: [
				{ name: 'daily_notional', limit: dec('100000'), used: dec('40000'), remaining: undefined, extra: {} },
				{ name: 'open_exposure', limit: undefined, used: undefined, remaining: undefined, extra: {} },
			],
		};
		const check = new AccountCheck(reads([btc('2')], risk), settings);
		const allowed = await check.check(input('buy', '0.1', '50000'));
		expect(allowed.ok && allowed.value).toEqual(['Headroom left: 60,000.00 AUD of daily notional.']);
		const past = await check.check(input('buy', '0.1', '50000', [{ amount: '0.1', value: '15000' }]));
		expect(past.ok ? 'allowed' : past.refusal).toBe(
			'The broker’s daily notional limit has 60,000.00 AUD left (limit 100,000.00 AUD, used 40,000.00 AUD), less 15,000.00 AUD on orders on their way; this order is worth up to 50,000.00 AUD. Nothing was sent.',
		);
	});

	it('does not compare with limits in a currency the order is not valued in', async () => {
		const risk = {
			currency: 'USD',
			items: [{ name: 'daily', limit: dec('1'), used: dec('1'), remaining: dec('0'), extra: {} }],
		};
		const checked = await new AccountCheck(reads([], risk), settings).check(input('buy', '0.1', '15000'));
		expect(checked.ok && checked.value).toEqual([
			"Headroom: not checked (the broker's limits are in USD); the broker checks it when the order arrives.",
		]);
	});

	it('says the figures were not checked when the broker does not answer in time', async () => {
		const silent: AccountReads = {
			getBalances: () => new Promise(() => undefined),
			getRisk: () => new Promise(() => undefined),
		};
		const checked = await new AccountCheck(silent, settings).check(input('sell', '0.1', '15000'));
		expect(checked.ok && checked.value).toEqual([
			'Account: not checked (the broker did not answer get_balances within 50 ms); the broker checks it when the order arrives.',
			'Headroom: not checked (the broker did not answer get_risk within 50 ms); the broker checks it when the order arrives.',
		]);
	});

	it('lets a busy trader’s refusal through, as every read’s', async () => {
		const busy: AccountReads = {
			...reads([]),
			getRisk: async () => {
				throw new BusyError('full', { method: 'GET', endpoint: 'orders/get_risk' }, 2);
			},
		};
		await expect(new AccountCheck(busy, settings).check(input('buy', '0.1', '15000'))).rejects.toBeInstanceOf(
			BusyError,
		);
	});
});
