import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';

/**
 * The ticket refuses what the broker would refuse, before Confirm: the instrument's sizes and steps, the desk's
 * minimum order value, a sell of more than the account holds, and an order past the broker's headroom.
 */

let desk: DeskHarness;
beforeAll(async () => {
	desk = await DeskHarness.start({
		minOrderValue: '10',
		approvalAbove: '150000',
		sandbox: {
			openingBalances: { AUD: '1000000', USDT: '500000', BTC: '0.5', ETH: '200' },
			riskLimits: { dailyNotional: new Decimal('5000000'), openExposure: new Decimal('200000') },
		},
	});
});
afterAll(() => desk.close());

async function order(options: Record<string, string>) {
	return desk.reply(desk.slash(desk.users.trader, 'order', options));
}

async function refusal(options: Record<string, string>): Promise<string> {
	const before = desk.brokerCalls.count('create_order');
	const text = messageText((await order(options)).data);
	expect(desk.brokerCalls.count('create_order')).toBe(before);
	return text;
}

describe('the instrument’s rules, from the broker’s get_instruments', () => {
	it('refuses an amount below the smallest order, with both numbers', async () => {
		expect(await refusal({ side: 'buy', symbol: 'BTC/AUD', amount: '0.00000001', type: 'market' })).toBe(
			'The smallest BTC/AUD order is 0.000001 BTC; this one is 0.00000001 BTC. Nothing was sent.',
		);
	});

	it('refuses an amount finer than the instrument’s step', async () => {
		expect(await refusal({ side: 'buy', symbol: 'BTC/AUD', amount: '0.0100005', type: 'market' })).toBe(
			'BTC/AUD amounts go in steps of 0.000001 BTC; 0.0100005 is not one. Nothing was sent.',
		);
	});

	it('refuses a limit price finer than the instrument’s tick', async () => {
		expect(await refusal({ side: 'buy', symbol: 'BTC/AUD', amount: '0.01', type: 'limit', price: '140000.005' })).toBe(
			'BTC/AUD prices go in steps of 0.01 AUD; 140,000.005 is not one. Nothing was sent.',
		);
	});

	it('refuses an amount above the largest order', async () => {
		expect(await refusal({ side: 'buy', symbol: 'USDT/AUD', amount: '250000.01', type: 'limit', price: '0.5' })).toBe(
			'The largest USDT/AUD order is 250,000 USDT; this one is 250,000.01 USDT. Nothing was sent.',
		);
	});
});

describe('the desk’s minimum order value', () => {
	it('refuses an order worth less than MIN_ORDER_VALUE, in the desk’s currency', async () => {
		expect(await refusal({ side: 'buy', symbol: 'USDT/AUD', amount: '5', type: 'limit', price: '1.5' })).toBe(
			'This order is worth 7.50 AUD, below the desk’s minimum of 10.00 AUD per order. Nothing was sent.',
		);
	});
});

describe('the account, as the broker reports it', () => {
	it('refuses a sell of more than the account holds, with the broker’s numbers', async () => {
		const text = await refusal({ side: 'sell', symbol: 'BTC/AUD', amount: '0.6', type: 'market' });
		expect(text).toMatch(
			/^The broker reports 0\.5 BTC available \(0\.5 in total, 0 held by open orders, at \d\d:\d\d:\d\d AEDT\); this order sells 0\.6 BTC\. Nothing was sent\.$/,
		);
	});

	it('shows what the account holds on a sell it allows', async () => {
		const ticket = await order({ side: 'sell', symbol: 'BTC/AUD', amount: '0.1', type: 'market' });
		expect(messageText(ticket.data)).toMatch(/Account: 0\.5 BTC available/);
	});

	it('refuses an order past the broker’s headroom, with the limit, what is used and what is left', async () => {
		const text = await refusal({ side: 'buy', symbol: 'ETH/AUD', amount: '42', type: 'limit', price: '5000' });
		expect(text).toBe(
			'The broker’s open exposure limit has 200,000.00 AUD left (limit 200,000.00 AUD, used 0.00 AUD); this order is worth up to 210,000.00 AUD. Nothing was sent.',
		);
	});

	it('says plainly on the ticket when the broker could not be asked, and still lets the broker decide', async () => {
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 404, count: 1, endpoint: 'get_balances' });
		const ticket = await order({ side: 'sell', symbol: 'BTC/AUD', amount: '0.1', type: 'market' });
		expect(messageText(ticket.data)).toMatch(
			/Account: not checked \(the broker did not answer get_balances: .+\); the broker checks it when the order arrives\./,
		);
		expect(buttonIds(ticket.data).map((id) => id.split(':')[1])).toEqual(['confirm', 'cancel']);
	});
});

describe('four eyes, said up front', () => {
	it('tells the trader on the ticket that the order needs an approver before Confirm', async () => {
		const ticket = await order({ side: 'buy', symbol: 'USDT/AUD', amount: '100000', type: 'limit', price: '1.6' });
		expect(messageText(ticket.data)).toMatch(
			/Worth more than 150,000\.00 AUD: Confirm asks an approver, and nothing is sent until another person approves it\./,
		);
		const small = await order({ side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'limit', price: '1.5' });
		expect(messageText(small.data)).not.toMatch(/asks an approver/);
	});
});
