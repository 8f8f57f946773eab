import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { createOrder, marketBuy, startTestSandbox, staticHeaders } from '../support/sandbox-peer.js';
import { sdkCall, sdkHeaders, transfersBody } from './late-sdk.js';

let sandbox: Sandbox;
const marketOpen = Date.UTC(2026, 0, 5, 9, 30);
const hostNow = Date.UTC(2026, 0, 5, 12);

beforeEach(async () => {
	sandbox = await startTestSandbox({ hostNow: () => hostNow, limitOrderTtlMs: 3_600_000 });
});
afterEach(() => sandbox.close());

const headers = () => sdkHeaders(hostNow);
const get = (path: string) => sdkCall(sandbox, path, { headers: headers() });
const post = (path: string, body: Record<string, unknown>) => sdkCall(sandbox, path, { headers: headers(), body });

type Line = { asset: string; total: string; available: string; held: string };
async function balances(): Promise<Record<string, Omit<Line, 'asset'>>> {
	const reply = await get('orders/get_balances');
	expect(reply.status).toBe(200);
	return Object.fromEntries(reply.body.balances.map(({ asset, ...rest }: Line) => [asset, rest]));
}

describe('get_instruments', () => {
	it('lists every symbol with its assets, tick, decimals and size bounds', async () => {
		const reply = await get('orders/get_instruments');
		expect(reply.status).toBe(200);
		expect(reply.body.status).toBe('success');
		expect(reply.body.instruments.map((i: { symbol: string }) => i.symbol)).toEqual(sandbox.symbols);
		expect(reply.body.instruments[0]).toEqual({
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
		});
		expect(reply.body.instruments.find((i: { symbol: string }) => i.symbol === 'BTC/AUD')).toMatchObject({
			price_tick: '0.01',
			amount_step: '0.000001',
			max_amount: '20',
		});
	});

	it('is a GET, as the SDK sends it', async () => {
		const reply = await sdkCall(sandbox, 'orders/get_instruments', { method: 'POST', body: {}, headers: headers() });
		expect(reply.status).toBe(405);
		expect(reply.headers.get('allow')).toBe('GET');
	});
});

describe('get_balances', () => {
	it('starts from the opening deposit and moves with every fill', async () => {
		expect((await balances()).AUD).toEqual({ total: '1000000', available: '1000000', held: '0' });
		await marketBuy(sandbox, '100', 'buy-usdt');
		const after = await balances();
		expect(after.USDT).toEqual({ total: '500100', available: '500100', held: '0' });
		expect(after.AUD).toEqual({ total: '999846.73', available: '999846.73', held: '0' });
	});

	it('holds what resting limit orders would pay or deliver, out of what is available', async () => {
		await createOrder(sandbox, { symbol: 'BTC/AUD', side: 'buy', type: 'limit', amount: '0.5', price: '100000' });
		await createOrder(sandbox, { symbol: 'ETH/AUD', side: 'sell', type: 'limit', amount: '2', price: '9000' });
		const held = await balances();
		expect(held.AUD).toEqual({ total: '1000000', available: '950000', held: '50000' });
		expect(held.ETH).toEqual({ total: '200', available: '198', held: '2' });
	});

	it('trades on credit: a total may go below zero', async () => {
		for (let i = 0; i < 6; i++)
			await createOrder(sandbox, { symbol: 'BTC/AUD', side: 'sell', type: 'market', amount: '5' });
		expect(Number((await balances()).BTC?.total)).toBeLessThan(0);
	});
});

describe('get_risk', () => {
	it('reports each limit with what is used and what remains, in AUD', async () => {
		await marketBuy(sandbox, '100', 'aud-fill');
		await createOrder(sandbox, { symbol: 'BTC/AUD', side: 'buy', type: 'limit', amount: '1', price: '100000' });
		const reply = await get('orders/get_risk');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			status: 'success',
			timestamp: marketOpen,
			currency: 'AUD',
			limits: [
				{ name: 'daily_notional', limit: '5000000', used: '153.27', remaining: '4999846.73' },
				{ name: 'open_exposure', limit: '2000000', used: '100000', remaining: '1900000' },
			],
		});
	});

	it('values a fill in another quote currency through its market against AUD', async () => {
		const fill = await createOrder(sandbox, { symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: '1' });
		const reply = await get('orders/get_risk');
		const expected = Number(fill.body.cost) * 1.532;
		expect(Number(reply.body.limits[0].used)).toBeCloseTo(expected, 6);
	});

	it('counts only the current UTC day', async () => {
		await marketBuy(sandbox, '100', 'yesterday');
		sandbox.controls.stepClock(24 * 3_600_000);
		const reply = await get('orders/get_risk');
		expect(reply.body.limits[0].used).toBe('0');
	});
});

describe('systems/get_time', () => {
	it('answers under /systems, not /orders, with the clock that checks signatures and the market clock', async () => {
		const reply = await get('systems/get_time');
		expect(reply).toMatchObject({
			status: 200,
			body: {
				status: 'success',
				timestamp: hostNow,
				datetime: '2026-01-05 12:00:00.000',
				timezone: 'UTC',
				market_timestamp: marketOpen,
			},
		});
		expect((await get('orders/get_time')).status).toBe(404);
		expect(
			(await sdkCall(sandbox, 'systems/get_time', { headers: headers(), base: sandbox.restUrl.replace(/\/v2$/, '') }))
				.status,
		).toBe(200);
	});

	it('needs a signature like every other call', async () => {
		const reply = await sdkCall(sandbox, 'systems/get_time', { headers: {} });
		expect(reply).toMatchObject({ status: 401, body: { error_code: '401' } });
	});
});

describe('get_transfers', () => {
	it('lists the opening deposits and both legs of every fill, newest first, with the SDK’s defaults', async () => {
		const fill = await marketBuy(sandbox, '100', 'settled');
		const reply = await post('orders/get_transfers', transfersBody({ limit: 100 }));
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ status: 'success', total: 7, page: 1, limit: 100 });
		const [aud, usdt] = reply.body.transfers;
		const trade = fill.body.trades[0];
		expect(usdt).toMatchObject({
			asset_id: 'USDT',
			type: 'settlement',
			direction: 'in',
			amount: '100',
			order_id: fill.body.id,
			trade_id: trade.id,
			status: 'completed',
			created_at: marketOpen,
		});
		expect(aud).toMatchObject({ asset_id: 'AUD', type: 'settlement', direction: 'out', amount: '153.27' });
		expect(reply.body.transfers.slice(2).map((t: { type: string }) => t.type)).toEqual(Array(5).fill('deposit'));
	});

	it('filters by asset, type and time, and pages', async () => {
		await marketBuy(sandbox, '100', 'first');
		sandbox.controls.stepClock(60_000);
		await marketBuy(sandbox, '200', 'second');
		const usdt = await post('orders/get_transfers', transfersBody({ asset_id: 'USDT', type: 'settlement' }));
		expect(usdt.body.transfers.map((t: { amount: string }) => t.amount)).toEqual(['200', '100']);
		const later = await post(
			'orders/get_transfers',
			transfersBody({ start_datetime: marketOpen + 1, sort_order: 'asc' }),
		);
		expect(later.body.total).toBe(2);
		const paged = await post('orders/get_transfers', transfersBody({ page: 2, limit: 3, sort_order: 'asc' }));
		expect(paged.body).toMatchObject({ total: 9, page: 2, limit: 3 });
		expect(paged.body.transfers.map((t: { type: string }) => t.type)).toEqual(['deposit', 'deposit', 'settlement']);
	});

	it.each([
		[{ type: 'gift' }, 'type must be one of deposit, withdrawal, settlement'],
		[{ limit: 1001 }, 'limit must be at most 1000'],
		[{ page: -1 }, 'page must be a whole number, zero or more'],
	])('refuses %j with 400', async (given, message) => {
		const reply = await post('orders/get_transfers', transfersBody(given));
		expect(reply).toMatchObject({ status: 400, body: { error_code: '400', error_message: message } });
	});
});

describe('the accounts calls', () => {
	it('lists the account’s external wallets', async () => {
		const reply = await get('accounts/get_external_wallets');
		expect(reply.status).toBe(200);
		expect(reply.body.wallets).toEqual([
			expect.objectContaining({ id: 'sandbox-wallet-account-1', asset_id: 'USDT', status: 'approved' }),
		]);
	});

	it.each([
		[
			'initiate_withdrawal',
			{
				asset_id: 'USDT',
				amount: '10',
				note: '',
				external_wallet_id: 'sandbox-wallet-account-1',
				from_account: 'custody',
			},
		],
		['initiate_transfer', { asset_id: 'USDT', amount: '10', note: '', from_account: 'custody' }],
	])('refuses %s with a clear 403 and moves nothing', async (call, body) => {
		const before = await post('orders/get_transfers', transfersBody({ limit: 100 }));
		const reply = await post(`accounts/${call}`, body);
		expect(reply).toEqual({
			status: 403,
			headers: expect.anything(),
			body: {
				error_code: '403',
				error_message: `this api key has no withdrawal rights: ${call} is refused and nothing was moved`,
			},
		});
		expect(await post('orders/get_transfers', transfersBody({ limit: 100 }))).toMatchObject({ body: before.body });
	});

	it('checks the signature before refusing a withdrawal', async () => {
		const reply = await sdkCall(sandbox, 'accounts/initiate_withdrawal', { headers: {}, body: { amount: '1' } });
		expect(reply.status).toBe(401);
	});
});

describe('the rate limit covers every call', () => {
	it('answers 429 with Retry-After once the window is used, whatever the call', async () => {
		const limited = await startTestSandbox({ hostNow: () => hostNow, rateLimit: { limit: 3, windowMs: 1000 } });
		try {
			const paths = ['orders/get_balances', 'systems/get_time', 'accounts/get_external_wallets'];
			for (const path of paths) expect((await sdkCall(limited, path, { headers: headers() })).status).toBe(200);
			const refused = await sdkCall(limited, 'accounts/initiate_withdrawal', { headers: headers(), body: {} });
			expect(refused).toMatchObject({ status: 429, body: { error_code: '429', error_message: 'rate limit exceeded' } });
			expect(refused.headers.get('retry-after')).toBe('1');
		} finally {
			await limited.close();
		}
	});

	it('serves the old static headers on the new calls too', async () => {
		const reply = await sdkCall(sandbox, 'orders/get_balances', { headers: staticHeaders() });
		expect(reply.status).toBe(200);
	});
});
