import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkLimits, type TradingToday, usageToday } from '../../src/desk/limit-check.js';
import type { OrderFills, SentTicket } from '../../src/desk/ticket-records.js';
import { effectiveLimits } from '../../src/desk/trader-limits.js';
import { startOfTradingDay } from '../../src/desk/trading-day.js';
import { orderFills } from '../support/ticket-fixtures.js';

const defaults = {
	maxOrderValue: new Decimal(250_000),
	dailyValue: new Decimal(1_000_000),
	maxPosition: undefined,
	deskDailyValue: new Decimal(5_000_000),
};

/** Midnight in Sydney that began the day these tests trade in. */
const dayStart = Date.parse('2026-12-01T13:00:00Z');
const hour = 3_600_000;

const today = (orders: TradingToday['orders'] = []): TradingToday => ({
	orders,
	dayStart,
	deskDailyValue: new Decimal(5_000_000),
	currency: 'AUD',
});

let nextId = 0;
/** An order the trader sent: with no fills given, the broker has not spoken of it yet. */
const sentOrder = (
	order: Omit<SentTicket, 'id' | 'userId' | 'fills'> & { userId?: string },
	fills?: Partial<OrderFills>,
): SentTicket => ({
	id: `t-${++nextId}`,
	userId: 'tina',
	...order,
	fills: fills && orderFills(fills),
});
/** The broker's word that an order filled whole at `cost`, an hour into the day. */
const filledWhole = (amount: string, cost: string) => ({
	status: 'closed' as const,
	filled: amount,
	cost,
	filledAt: dayStart + hour,
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

	it('per day, counting the trader’s orders only, at what they filled for', () => {
		const limits = effectiveLimits(defaults, { dailyValue: new Decimal(50_000) }, []);
		const sent = [
			sentOrder({ symbol: 'USDT/AUD', side: 'buy', amount: '20000', value: '30600' }, filledWhole('20000', '30000')),
			sentOrder({ userId: 'tom', symbol: 'USDT/AUD', side: 'buy', amount: '90000', value: '90000' }),
		];
		expect(checkLimits(order(15_000), limits, today(sent)).ok).toBe(true);
		expect(checkLimits(order(25_000), limits, today(sent))).toEqual({
			ok: false,
			refusal:
				'Your daily limit is 50,000.00 AUD: you have traded 30,000.00 AUD today, and this order would make it 55,000.00 AUD. Nothing was sent.',
		});
	});

	it('per day, saying so when the figure includes orders still working', () => {
		const limits = effectiveLimits(defaults, { dailyValue: new Decimal(50_000) }, []);
		const sent = [sentOrder({ symbol: 'USDT/AUD', side: 'buy', amount: '20000', value: '30000' })];
		expect(checkLimits(order(25_000), limits, today(sent))).toEqual({
			ok: false,
			refusal:
				'Your daily limit is 50,000.00 AUD: you have 30,000.00 AUD traded or working today, and this order would make it 55,000.00 AUD. Nothing was sent.',
		});
	});

	it('for the whole desk', () => {
		const sent = [
			sentOrder(
				{ userId: 'tom', symbol: 'BTC/AUD', side: 'sell', amount: '30', value: '4990000' },
				filledWhole('30', '4990000'),
			),
		];
		expect(checkLimits(order(20_000), effectiveLimits(defaults, undefined, []), today(sent))).toEqual({
			ok: false,
			refusal:
				"The desk's daily limit is 5,000,000.00 AUD: the desk has traded 4,990,000.00 AUD today, and this order would make it 5,010,000.00 AUD. Nothing was sent.",
		});
		const working = [sentOrder({ userId: 'tom', symbol: 'BTC/AUD', side: 'sell', amount: '30', value: '4990000' })];
		expect(checkLimits(order(20_000), effectiveLimits(defaults, undefined, []), today(working))).toEqual({
			ok: false,
			refusal:
				"The desk's daily limit is 5,000,000.00 AUD: the desk has 4,990,000.00 AUD traded or working today, and this order would make it 5,010,000.00 AUD. Nothing was sent.",
		});
	});

	it('per asset, on the net position, only when the order makes it larger', () => {
		const limits = effectiveLimits(defaults, { maxPosition: new Decimal(100_000) }, []);
		const sent = [
			sentOrder({ symbol: 'BTC/AUD', side: 'buy', amount: '0.5', value: '75000' }, filledWhole('0.5', '74000')),
		];
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

describe('what the day counts: fills, and the remainder of orders still working at worst', () => {
	const positionLimit = effectiveLimits(defaults, { maxPosition: new Decimal(100_000) }, []);
	const dailyLimit = effectiveLimits(defaults, { dailyValue: new Decimal(100_000) }, []);

	it('does not let a resting sell that never fills make room for a larger buy', () => {
		const restingSell = sentOrder(
			{ symbol: 'BTC/AUD', side: 'sell', amount: '0.6', value: '96000' },
			{ status: 'open' },
		);
		expect(checkLimits(order(180_000, 1.2, 'buy', 'BTC/AUD'), positionLimit, today([restingSell]))).toEqual({
			ok: false,
			refusal:
				'Your net position limit is 100,000.00 AUD per asset: your BTC position today is 0 BTC, and this order would make it 1.2 BTC, worth up to 180,000.00 AUD. Nothing was sent.',
		});
	});

	it('adds working orders on the order’s own side to the position, and never subtracts those on the other', () => {
		const sent = [
			sentOrder({ symbol: 'BTC/AUD', side: 'buy', amount: '0.2', value: '30000' }, filledWhole('0.2', '29000')),
			sentOrder({ symbol: 'BTC/AUD', side: 'buy', amount: '0.3', value: '45000' }, { status: 'open' }),
			sentOrder({ symbol: 'BTC/AUD', side: 'sell', amount: '0.5', value: '80000' }, { status: 'open' }),
		];
		expect(checkLimits(order(30_000, 0.2, 'buy', 'BTC/AUD'), positionLimit, today(sent))).toEqual({
			ok: false,
			refusal:
				'Your net position limit is 100,000.00 AUD per asset: your BTC position today is 0.2 BTC, 0.5 BTC with your working buys, and this order would make it 0.7 BTC, worth up to 105,000.00 AUD. Nothing was sent.',
		});
		// A sell is checked against the fills and the working sells: 0.2 − 0.5 − 0.4 = −0.7 BTC.
		expect(checkLimits(order(60_000, 0.4, 'sell', 'BTC/AUD'), positionLimit, today(sent))).toEqual({
			ok: false,
			refusal:
				'Your net position limit is 100,000.00 AUD per asset: your BTC position today is 0.2 BTC, -0.3 BTC with your working sells, and this order would make it -0.7 BTC, worth up to 105,000.00 AUD. Nothing was sent.',
		});
	});

	it('counts a canceled order only for what it filled: nothing, when it never filled', () => {
		const resting = { symbol: 'BTC/AUD', side: 'sell', amount: '0.6', value: '96000' } as const;
		const working = [sentOrder(resting, { status: 'open' })];
		expect(checkLimits(order(10_000), dailyLimit, today(working))).toEqual({
			ok: false,
			refusal:
				'Your daily limit is 100,000.00 AUD: you have 96,000.00 AUD traded or working today, and this order would make it 106,000.00 AUD. Nothing was sent.',
		});
		const canceled = [sentOrder(resting, { status: 'canceled' })];
		expect(checkLimits(order(10_000), dailyLimit, today(canceled)).ok).toBe(true);
		const usage = usageToday('tina', today(canceled));
		expect([usage.traded.toFixed(), usage.deskTraded.toFixed(), usage.positions.get('BTC')?.toFixed()]).toEqual([
			'0',
			'0',
			undefined,
		]);
	});

	it('counts a partial fill’s filled part, and its remainder at worst only while it works', () => {
		const buy = { symbol: 'BTC/AUD', side: 'buy', amount: '1', value: '150000' } as const;
		const partly = { filled: '0.4', cost: '58000', filledAt: dayStart + hour };
		const working = usageToday('tina', today([sentOrder(buy, { status: 'open', ...partly })]));
		// 58,000 filled, and 0.6 BTC still working at 150,000 AUD a BTC at worst.
		expect(working.traded.toFixed()).toBe('148000');
		expect(working.working.toFixed()).toBe('90000');
		expect(working.positions.get('BTC')?.toFixed()).toBe('0.4');
		expect(working.workingUnits.get('BTC')?.buy.toFixed()).toBe('0.6');
		const ended = usageToday('tina', today([sentOrder(buy, { status: 'canceled', ...partly })]));
		expect([ended.traded.toFixed(), ended.working.toFixed(), ended.positions.get('BTC')?.toFixed()]).toEqual([
			'58000',
			'0',
			'0.4',
		]);
		// It reduces a position only by what filled: a sell of 0.4 brings it back to flat, within any limit.
		expect(
			checkLimits(
				order(60_000, 0.4, 'sell', 'BTC/AUD'),
				positionLimit,
				today([sentOrder(buy, { status: 'canceled', ...partly })]),
			).ok,
		).toBe(true);
	});

	it('counts a fill on the desk day it happened, whenever its order was opened', () => {
		const restingBuy = { symbol: 'BTC/AUD', side: 'buy', amount: '1', value: '150000' } as const;
		const filledYesterday = sentOrder(restingBuy, { ...filledWhole('1', '149000'), filledAt: dayStart - hour });
		const filledToday = sentOrder(restingBuy, filledWhole('1', '149000'));
		expect(usageToday('tina', today([filledYesterday])).traded.toFixed()).toBe('0');
		expect(usageToday('tina', today([filledYesterday])).positions.get('BTC')).toBeUndefined();
		expect(usageToday('tina', today([filledToday])).traded.toFixed()).toBe('149000');
		// Filled a quarter before midnight and the rest today: only today's part counts.
		const acrossMidnight = sentOrder(restingBuy, {
			...filledWhole('1', '149000'),
			filledBeforeDay: '0.25',
			costBeforeDay: '37000',
		});
		const usage = usageToday('tina', today([acrossMidnight]));
		expect([usage.traded.toFixed(), usage.positions.get('BTC')?.toFixed()]).toEqual(['112000', '0.75']);
	});

	it('values a fill quoted in another currency at its share of the order’s value at worst', () => {
		const usdtQuoted = sentOrder(
			{ symbol: 'BTC/USDT', side: 'buy', amount: '1', value: '150000' },
			{ status: 'open', filled: '0.5', cost: '47000', filledAt: dayStart + hour },
		);
		expect(usageToday('tina', today([usdtQuoted])).traded.toFixed()).toBe('150000');
		const closed = sentOrder(
			{ symbol: 'BTC/USDT', side: 'buy', amount: '1', value: '150000' },
			{ status: 'closed', filled: '0.5', cost: '47000', filledAt: dayStart + hour },
		);
		expect(usageToday('tina', today([closed])).traded.toFixed()).toBe('75000');
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
