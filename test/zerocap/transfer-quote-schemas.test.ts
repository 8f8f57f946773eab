import { describe, expect, it } from 'vitest';
import { QuoteRejectedError } from '../../src/zerocap/errors.js';
import { d } from '../support/decimals.js';
import { clientAnswering, unreadableAnswer } from './answering-client.js';

/**
 * The account calls' answers as the client reads them, from bodies a test writes: the project's design (contract
 * §3.6) and the variants a careful client tolerates. Each body goes through the whole client, envelope included.
 */

describe('get_transfers', () => {
	const settlement = {
		id: 'tr-1',
		asset_id: 'USDT',
		type: 'settlement',
		direction: 'in',
		amount: '100',
		status: 'completed',
		created_at: 1767605400000,
		order_id: 'o-1',
		trade_id: 't-1',
		note: 'buy 100 USDT/AUD at 1.5327',
	};

	it('reads a page, its total, and each transfer', async () => {
		const page = await clientAnswering({
			status: 'success',
			transfers: [settlement],
			total: 7,
			page: 1,
			limit: 20,
		}).getTransfers({}, 1, 20);
		expect(page).toEqual({
			items: [
				{
					id: 'tr-1',
					asset: 'USDT',
					type: 'settlement',
					direction: 'in',
					amount: '100',
					status: 'completed',
					createdAt: 1767605400000,
					orderId: 'o-1',
					tradeId: 't-1',
					note: 'buy 100 USDT/AUD at 1.5327',
					extra: {},
				},
			],
			unreadable: 0,
			timestamp: undefined,
			extra: { status: 'success', limit: 20 },
			total: 7,
			page: 1,
			limit: 20,
		});
	});

	it('leaves out, and counts, a transfer whose direction or amount it cannot read', async () => {
		const page = await clientAnswering({
			transfers: [
				{ ...settlement, direction: 'sideways' },
				{ ...settlement, amount: '' },
				{ id: 'tr-2', asset_id: 'AUD', amount: '5', created_at: '2026-01-05 09:30:00' },
			],
		}).getTransfers();
		expect(page.unreadable).toBe(2);
		expect(page.items).toEqual([
			expect.objectContaining({
				id: 'tr-2',
				direction: undefined,
				type: undefined,
				createdAt: Date.UTC(2026, 0, 5, 9, 30),
			}),
		]);
		expect(page.total).toBeUndefined();
	});
});

describe('get_external_wallets', () => {
	it('reads each wallet by id, everything else optional', async () => {
		const { items, unreadable } = await clientAnswering({
			wallets: [
				{ id: 'w-1', asset_id: 'USDT', network: 'TRON', address: 'T9', label: 'ops', status: 'approved' },
				{ id: 7 },
				{},
			],
		}).getExternalWallets();
		expect(unreadable).toBe(1);
		expect(items).toEqual([
			{ id: 'w-1', asset: 'USDT', network: 'TRON', address: 'T9', label: 'ops', status: 'approved', extra: {} },
			{
				id: '7',
				asset: undefined,
				network: undefined,
				address: undefined,
				label: undefined,
				status: undefined,
				extra: {},
			},
		]);
	});
});

describe('request_for_quote', () => {
	const quoted = {
		status: 'quoted',
		quote_id: 'q-1',
		client_order_id: 'rfq-1',
		symbol: 'USDT/AUD',
		side: 'buy',
		amount: '100',
		price: '1.5327',
		cost: '153.27',
		created_at: 1767605400000,
		expires_at: 1767605410000,
		error_message: '',
	};
	const ask = { symbol: 'USDT/AUD', side: 'buy', amount: d('100'), clientOrderId: 'rfq-1' } as const;

	it('reads a quote, taking `id` when there is no `quote_id`, and keeps what it does not know', async () => {
		const { quote_id: _quoteId, ...withoutQuoteId } = quoted;
		const quote = await clientAnswering({ ...withoutQuoteId, id: 'q-2', venue: 'otc' }).requestQuote(ask);
		expect(quote).toEqual({
			id: 'q-2',
			clientOrderId: 'rfq-1',
			symbol: 'USDT/AUD',
			side: 'buy',
			amount: '100',
			price: '1.5327',
			cost: '153.27',
			createdAt: 1767605400000,
			expiresAt: 1767605410000,
			extra: { venue: 'otc' },
		});
	});

	it.each([
		['a rejected status', { ...quoted, status: 'rejected', price: '', error_message: 'no liquidity' }, 'no liquidity'],
		['an error and no price', { error_message: 'too large' }, 'too large'],
		['a rejection that gives no reason', { status: 'REJECTED' }, 'no reason given'],
	])('reports %s as QuoteRejectedError with the reason', async (_case, body, reason) => {
		const error = await clientAnswering(body)
			.requestQuote(ask)
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(QuoteRejectedError);
		expect(error).toMatchObject({ reason });
	});

	it.each([
		['no expiry', { ...quoted, expires_at: '' }],
		['no price', { ...quoted, price: undefined }],
		['a side it does not know', { ...quoted, side: 'both' }],
	])('refuses a quote with %s: it could not be taken safely', async (_case, body) => {
		await unreadableAnswer(clientAnswering(body).requestQuote(ask));
	});
});
