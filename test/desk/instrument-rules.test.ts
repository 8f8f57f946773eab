import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { InstrumentCatalog } from '../../src/desk/instrument-catalog.js';
import { checkInstrumentRules, rulesOf } from '../../src/desk/instrument-rules.js';
import { checkOrderInput } from '../../src/desk/order-input.js';
import type { DecimalString } from '../../src/zerocap/decimal-string.js';
import type { Instrument, ReadList } from '../../src/zerocap/domain-account.js';
import { NotFoundError } from '../../src/zerocap/errors.js';

const dec = (text: string) => text as DecimalString;
const btc: Instrument = {
	symbol: 'BTC/AUD',
	baseAsset: 'BTC',
	quoteAsset: 'AUD',
	priceDecimals: 2,
	priceTick: undefined,
	amountDecimals: 6,
	amountStep: dec('0.0005'),
	minAmount: dec('0.001'),
	maxAmount: dec('20'),
	status: 'trading',
	extra: {},
};

function draft(amount: string, price?: string) {
	const input = checkOrderInput({ side: 'buy', symbol: 'BTC/AUD', amount, type: price ? 'limit' : 'market', price }, [
		'BTC/AUD',
	]);
	if (!input.ok) throw new Error(input.refusal);
	return input.value;
}

const check = (amount: string, price?: string) => checkInstrumentRules(draft(amount, price), rulesOf(btc));

describe('the broker’s rules for an instrument', () => {
	it('takes the coarser of an explicit step and the decimals as the step', () => {
		expect(rulesOf(btc).amountStep?.toFixed()).toBe('0.0005');
		expect(rulesOf({ ...btc, amountStep: undefined }).amountStep?.toFixed()).toBe('0.000001');
	});

	it('accepts an amount and price on their steps, between the smallest and largest order', () => {
		expect(check('0.001').ok).toBe(true);
		expect(check('20').ok).toBe(true);
		expect(check('1.0005', '145000.01').ok).toBe(true);
	});

	it.each([
		['0.0009', undefined, 'The smallest BTC/AUD order is 0.001 BTC; this one is 0.0009 BTC. Nothing was sent.'],
		['20.0005', undefined, 'The largest BTC/AUD order is 20 BTC; this one is 20.0005 BTC. Nothing was sent.'],
		['1.0002', undefined, 'BTC/AUD amounts go in steps of 0.0005 BTC; 1.0002 is not one. Nothing was sent.'],
		['1', '145000.001', 'BTC/AUD prices go in steps of 0.01 AUD; 145,000.001 is not one. Nothing was sent.'],
	])('refuses %s at %s with both numbers', (amount, price, sentence) => {
		const checked = check(amount, price);
		expect(checked.ok ? 'accepted' : checked.refusal).toBe(sentence);
	});

	it('checks only the rules the broker gave', () => {
		const bare: Instrument = { ...btc, amountDecimals: undefined, amountStep: undefined, minAmount: undefined };
		expect(checkInstrumentRules(draft('0.0000001'), rulesOf(bare)).ok).toBe(true);
	});
});

describe('the instrument catalog', () => {
	const list = (items: Instrument[]): ReadList<Instrument> => ({ items, unreadable: 0, timestamp: 0, extra: {} });
	const settings = (now: () => number) => ({ deadlineMs: 50, refreshAfterMs: 1000, retryAfterMs: 100, now });
	const logger = pino({ level: 'silent' });

	it('says why the rules are unknown when the broker does not answer, and tries again only after a pause', async () => {
		let now = 0;
		const read = vi.fn(async () => {
			throw new NotFoundError('no such endpoint', { method: 'GET', endpoint: 'orders/get_instruments', status: 404 });
		});
		const catalog = new InstrumentCatalog(
			read,
			settings(() => now),
			logger,
		);
		const first = await catalog.rulesFor('BTC/AUD');
		expect(first.kind).toBe('unknown');
		expect(first.kind === 'unknown' && first.reason).toMatch(/^the broker did not answer get_instruments: /);
		await catalog.rulesFor('BTC/AUD');
		expect(read).toHaveBeenCalledTimes(1);
		now = 100;
		await catalog.rulesFor('BTC/AUD');
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('keeps the rules it has while fresher ones are read, and names a symbol the broker does not list', async () => {
		let now = 0;
		const read = vi.fn(async () => list([btc]));
		const catalog = new InstrumentCatalog(
			read,
			settings(() => now),
			logger,
		);
		expect((await catalog.rulesFor('BTC/AUD')).kind).toBe('known');
		expect(await catalog.rulesFor('ETH/AUD')).toEqual({ kind: 'unknown', reason: 'the broker does not list ETH/AUD' });
		now = 1000;
		read.mockImplementation(() => new Promise(() => undefined));
		expect((await catalog.rulesFor('BTC/AUD')).kind).toBe('known');
		expect(read).toHaveBeenCalledTimes(2);
	});
});
