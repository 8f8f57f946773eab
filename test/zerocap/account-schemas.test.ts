import { describe, expect, it } from 'vitest';
import { clientAnswering, unreadableAnswer } from './answering-client.js';

/**
 * The account calls' answers as the client reads them, from bodies a test writes: the project's design (contract
 * §3.6) and the variants a careful client tolerates. Each body goes through the whole client, envelope included.
 */

const instrument = {
	symbol: 'USDT/AUD',
	base_asset: 'USDT',
	quote_asset: 'AUD',
	price_decimals: 4,
	price_tick: '0.0001',
	amount_decimals: 2,
	amount_step: '0.01',
	min_amount: '0.01',
	max_amount: '250000',
	status: 'trading',
};

describe('get_instruments', () => {
	it('reads the documented body', async () => {
		const list = await clientAnswering({ status: 'success', instruments: [instrument] }).getInstruments();
		expect(list).toEqual({
			items: [
				{
					symbol: 'USDT/AUD',
					baseAsset: 'USDT',
					quoteAsset: 'AUD',
					priceDecimals: 4,
					priceTick: '0.0001',
					amountDecimals: 2,
					amountStep: '0.01',
					minAmount: '0.01',
					maxAmount: '250000',
					status: 'trading',
					extra: {},
				},
			],
			unreadable: 0,
			timestamp: undefined,
			extra: { status: 'success' },
		});
	});

	it('keeps unknown fields, needs only the symbol, and reads camelCase and numbers as text', async () => {
		const client = clientAnswering({
			instruments: [
				{ symbol: 'BTC/AUD', tick_value: '0.5', venues: ['a', 'b'] },
				{ symbol: 'ETH/AUD', priceTick: 0.01, maxAmount: 500, priceDecimals: '2' },
			],
			server: 'eu-1',
		});
		const { items, extra } = await client.getInstruments();
		expect(items[0]).toMatchObject({
			symbol: 'BTC/AUD',
			baseAsset: 'BTC',
			quoteAsset: 'AUD',
			priceTick: undefined,
			maxAmount: undefined,
			extra: { tickValue: '0.5', venues: ['a', 'b'] },
		});
		expect(items[1]).toMatchObject({ priceTick: '0.01', maxAmount: '500', priceDecimals: 2 });
		expect(extra).toEqual({ server: 'eu-1' });
	});

	it('counts an instrument it cannot read, reads the others, and says so on the client', async () => {
		const client = clientAnswering({
			instruments: [instrument, { base_asset: 'BTC' }, { symbol: 'X/Y', price_tick: 'tiny' }, 'USDC/AUD'],
		});
		const list = await client.getInstruments();
		expect(list.items.map((item) => item.symbol)).toEqual(['USDT/AUD']);
		expect(list.unreadable).toBe(3);
		expect(client.unreadable()).toEqual({ answers: 0, items: 3 });
	});

	it('takes a bare list and the older {"data": …} envelope', async () => {
		expect((await clientAnswering([instrument]).getInstruments()).items).toHaveLength(1);
		expect((await clientAnswering({ data: [instrument] }).getInstruments()).items).toHaveLength(1);
		expect((await clientAnswering({ data: { instruments: [instrument] } }).getInstruments()).items).toHaveLength(1);
	});

	it.each([
		['no list', { status: 'success' }],
		['a list that is not one', { instruments: 'USDT/AUD' }],
		['not JSON', 'instruments: USDT/AUD'],
		['null', null],
	])('reports %s as an answer it cannot read, counted, never a crash', async (_case, body) => {
		const client = clientAnswering(body);
		await unreadableAnswer(client.getInstruments());
		expect(client.unreadable().answers).toBe(typeof body === 'string' ? 0 : 1);
	});
});

describe('get_balances', () => {
	it('reads each asset, with every amount optional', async () => {
		const { items, timestamp } = await clientAnswering({
			status: 'success',
			timestamp: 1767605400000,
			balances: [
				{ asset: 'AUD', total: '999846.73', available: '949846.73', held: '50000' },
				{ asset: 'BTC', total: 1.5, staked: '0.2' },
				{ asset: 'ETH', total: 'lots' },
			],
		}).getBalances();
		expect(timestamp).toBe(1767605400000);
		expect(items).toEqual([
			{ asset: 'AUD', total: '999846.73', available: '949846.73', held: '50000', extra: {} },
			{ asset: 'BTC', total: '1.5', available: undefined, held: undefined, extra: { staked: '0.2' } },
		]);
	});
});

describe('get_risk', () => {
	it('reads each limit by name, keeps names it does not know, and the currency', async () => {
		const risk = await clientAnswering({
			status: 'success',
			currency: 'AUD',
			limits: [
				{ name: 'daily_notional', limit: '5000000', used: '153.27', remaining: '4999846.73' },
				{ name: 'settlement_limit', limit: '100000', window: 'T+1' },
				{ limit: '1' },
			],
		}).getRisk();
		expect(risk).toEqual({
			items: [
				{ name: 'daily_notional', limit: '5000000', used: '153.27', remaining: '4999846.73', extra: {} },
				{ name: 'settlement_limit', limit: '100000', used: undefined, remaining: undefined, extra: { window: 'T+1' } },
			],
			unreadable: 1,
			timestamp: undefined,
			currency: 'AUD',
			extra: { status: 'success' },
		});
	});
});

describe('systems/get_time', () => {
	it.each([
		['ms', { timestamp: 1767614400000 }],
		['ms as digits', { timestamp: '1767614400000' }],
		['seconds with a fraction', { timestamp: 1767614400.0 }],
		['seconds as text', { timestamp: '1767614400' }],
		['a datetime only', { datetime: '2026-01-05 12:00:00.000' }],
		['an ISO time only', { datetime: '2026-01-05T22:00:00+10:00' }],
		['the older envelope', { data: { timestamp: 1767614400000 } }],
	])('reads %s', async (_case, body) => {
		expect((await clientAnswering(body).getServerTime()).timestamp).toBe(Date.UTC(2026, 0, 5, 12));
	});

	it.each([
		['no time', { status: 'success' }],
		['a time no date can hold', { timestamp: 9e20 }],
		['words', { timestamp: 'noon' }],
	])('refuses %s as an unreadable answer', async (_case, body) => {
		await unreadableAnswer(clientAnswering(body).getServerTime());
	});
});
