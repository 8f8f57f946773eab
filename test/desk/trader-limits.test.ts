import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkLimits, type TradingToday } from '../../src/desk/limit-check.js';
import { effectiveLimits } from '../../src/desk/trader-limits.js';
import { startOfTradingDay } from '../../src/desk/trading-day.js';

const defaults = {
	maxOrderValue: new Decimal(250_000),
	dailyValue: new Decimal(1_000_000),
	maxPosition: undefined,
	deskDailyValue: new Decimal(5_000_000),
};

const today = (orders: TradingToday['orders'] = []): TradingToday => ({
	orders,
	deskDailyValue: new Decimal(5_000_000),
	currency: 'AUD',
});

const order = (value: number, amount = value, side = 'buy', symbol = 'USDT/AUD') => ({
	userId: 'tina',
	symbol,
	side,
	amount: new Decimal(amount),
	value: new Decimal(value),
});

describe('whose limits apply', () => {
	it('takes a trader’s own, else the most restrictive of their roles’, else the desk’s', () => {
		const roles = [{ dailyValue: new Decimal(300_000) }, { dailyValue: new Decimal(200_000), symbols: ['BTC/AUD'] }];
		const fromRoles = effectiveLimits(defaults, undefined, roles);
		expect(fromRoles.dailyValue.toFixed()).toBe('200000');
		expect(fromRoles.sources.dailyValue).toBe('role');
		expect(fromRoles.symbols).toEqual(['BTC/AUD']);
		const own = effectiveLimits(defaults, { dailyValue: new Decimal(400_000) }, roles);
		expect(own.dailyValue.toFixed()).toBe('400000');
		expect(own.sources.dailyValue).toBe('trader');
		expect(effectiveLimits(defaults, undefined, []).sources).toEqual({
			maxOrderValue: 'desk',
			dailyValue: 'desk',
			maxPosition: 'desk',
			symbols: 'desk',
		});
	});

	it('never lets a trader’s per-order limit exceed the desk’s', () => {
		expect(effectiveLimits(defaults, { maxOrderValue: new Decimal(900_000) }, []).maxOrderValue.toFixed()).toBe(
			'250000',
		);
	});
});

describe('each limit refuses with its value, what is used and what the order would make it', () => {
	it('per order', () => {
		const limits = effectiveLimits(defaults, { maxOrderValue: new Decimal(10_000) }, []);
		expect(checkLimits(order(12_000), limits, today())).toEqual({
			ok: false,
			refusal:
				'This order is worth up to 12,000.00 AUD at worst, above your limit of 10,000.00 AUD per order. Nothing was sent.',
		});
	});

	it('per day, counting the trader’s orders only', () => {
		const limits = effectiveLimits(defaults, { dailyValue: new Decimal(50_000) }, []);
		const sent = [
			{ userId: 'tina', symbol: 'USDT/AUD', side: 'buy', amount: '20000', value: '30000' },
			{ userId: 'tom', symbol: 'USDT/AUD', side: 'buy', amount: '90000', value: '90000' },
		];
		expect(checkLimits(order(15_000), limits, today(sent)).ok).toBe(true);
		expect(checkLimits(order(25_000), limits, today(sent))).toEqual({
			ok: false,
			refusal:
				'Your daily limit is 50,000.00 AUD: you have traded 30,000.00 AUD today, and this order would make it 55,000.00 AUD. Nothing was sent.',
		});
	});

	it('for the whole desk', () => {
		const sent = [{ userId: 'tom', symbol: 'BTC/AUD', side: 'sell', amount: '30', value: '4990000' }];
		expect(checkLimits(order(20_000), effectiveLimits(defaults, undefined, []), today(sent))).toEqual({
			ok: false,
			refusal:
				"The desk's daily limit is 5,000,000.00 AUD: the desk has traded 4,990,000.00 AUD today, and this order would make it 5,010,000.00 AUD. Nothing was sent.",
		});
	});

	it('per asset, on the net position, only when the order makes it larger', () => {
		const limits = effectiveLimits(defaults, { maxPosition: new Decimal(100_000) }, []);
		const sent = [{ userId: 'tina', symbol: 'BTC/AUD', side: 'buy', amount: '0.5', value: '75000' }];
		const more = order(45_000, 0.3, 'buy', 'BTC/USDT');
		expect(checkLimits(more, limits, today(sent))).toEqual({
			ok: false,
			refusal:
				'Your net position limit is 100,000.00 AUD per asset: your BTC position today is 0.5 BTC, and this order would make it 0.8 BTC, worth up to 120,000.00 AUD. Nothing was sent.',
		});
		expect(checkLimits(order(45_000, 0.3, 'sell', 'BTC/AUD'), limits, today(sent)).ok).toBe(true);
	});

	it('per symbol', () => {
		const limits = effectiveLimits(defaults, { symbols: ['BTC/AUD', 'ETH/AUD'] }, []);
		expect(checkLimits(order(100), limits, today())).toEqual({
			ok: false,
			refusal: 'Your limits allow BTC/AUD, ETH/AUD; USDT/AUD is not among them. Nothing was sent.',
		});
	});
});

describe('the desk’s day', () => {
	it.each([
		['2026-12-01T20:00:00Z', 'Australia/Sydney', '2026-12-01T13:00:00.000Z'],
		['2026-12-01T12:59:00Z', 'Australia/Sydney', '2026-11-30T13:00:00.000Z'],
		// The morning daylight saving starts in Sydney, midnight was still at UTC+10.
		['2026-10-04T05:00:00Z', 'Australia/Sydney', '2026-10-03T14:00:00.000Z'],
		['2026-07-01T10:00:00Z', 'UTC', '2026-07-01T00:00:00.000Z'],
		['2026-07-01T03:00:00Z', 'America/New_York', '2026-06-30T04:00:00.000Z'],
	])('at %s in %s began at %s', (at, zone, start) => {
		expect(new Date(startOfTradingDay(Date.parse(at), zone)).toISOString()).toBe(start);
	});
});
