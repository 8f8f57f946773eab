import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { call, createOrder, startTestSandbox } from '../support/sandbox-peer.js';

const startedAt = Date.UTC(2026, 0, 5, 9, 30);
let sandbox: Sandbox;
const ids: string[] = [];

const orders = [
	{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '100' },
	{ symbol: 'BTC/AUD', side: 'sell', type: 'market', amount: '0.5' },
	{ symbol: 'USDT/AUD', side: 'buy', type: 'limit', amount: '100', price: '1.0000' },
	{ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '300000' },
	{ symbol: 'ETH/AUD', side: 'sell', type: 'limit', amount: '1', price: '99999.00' },
];

beforeAll(async () => {
	sandbox = await startTestSandbox({ limitOrderTtlMs: 3_600_000 });
	for (const [index, order] of orders.entries()) {
		const reply = await createOrder(sandbox, { ...order, client_order_id: `c${index}` });
		ids.push(reply.body.id);
		sandbox.controls.stepClock(1000);
	}
});
afterAll(() => sandbox.close());

async function list(filter: Record<string, unknown>) {
	const reply = await call(sandbox, 'fetch_orders', filter);
	expect(reply.status).toBe(200);
	return { ...reply.body, ids: reply.body.order_list.map((order: { id: string }) => order.id) };
}

describe('fetch_orders', () => {
	it('lists every order newest first by default, with the total and the page as a string', async () => {
		const page = await list({});
		expect(page.status).toBe('success');
		expect(page.total).toBe(5);
		expect(page.page).toBe('1');
		expect(page.ids).toEqual([...ids].reverse());
		expect(page.order_list.map((order: { status: string }) => order.status)).toEqual([
			'open',
			'rejected',
			'open',
			'closed',
			'closed',
		]);
	});

	it('sorts ascending on request', async () => {
		expect((await list({ sort_order: 'asc' })).ids).toEqual(ids);
	});

	it('pages 1-based, with page 0 meaning 1, and counts the total across pages', async () => {
		const first = await list({ limit: 2, page: 1, sort_order: 'asc' });
		expect(first).toMatchObject({ total: 5, page: '1', ids: ids.slice(0, 2) });
		expect((await list({ limit: 2, page: 0, sort_order: 'asc' })).ids).toEqual(ids.slice(0, 2));
		expect((await list({ limit: 2, page: 2, sort_order: 'asc' })).ids).toEqual(ids.slice(2, 4));
		const last = await list({ limit: 2, page: 3, sort_order: 'asc' });
		expect(last).toMatchObject({ total: 5, page: '3', ids: ids.slice(4) });
		expect((await list({ limit: 2, page: 4 })).ids).toEqual([]);
	});

	it.each([
		['symbol', { symbol: 'USDT/AUD' }, [0, 2, 3]],
		['side', { side: 'sell' }, [1, 4]],
		['order_type', { order_type: 'limit' }, [2, 4]],
		['status', { status: 'closed' }, [0, 1]],
		['status rejected', { status: 'rejected' }, [3]],
		['ids', { ids: '' }, [0, 1, 2, 3, 4]],
		['start_datetime', { start_datetime: startedAt + 2000 }, [2, 3, 4]],
		['end_datetime', { end_datetime: startedAt + 1000 }, [0, 1]],
		['both datetimes', { start_datetime: startedAt + 1000, end_datetime: startedAt + 3000 }, [1, 2, 3]],
		['combined filters', { symbol: 'USDT/AUD', side: 'buy', order_type: 'market', status: 'closed' }, [0]],
		[
			'"" and 0 as "no filter"',
			{
				symbol: '',
				status: '',
				side: '',
				order_type: '',
				start_datetime: 0,
				end_datetime: 0,
				limit: 0,
				page: 0,
				ids: '',
			},
			[0, 1, 2, 3, 4],
		],
	])('filters by %s', async (_name, filter, expected) => {
		const page = await list({ ...filter, sort_order: 'asc' });
		expect(page.ids).toEqual(expected.map((index) => ids[index]));
		expect(page.total).toBe(expected.length);
	});

	it('filters by a comma-separated id list', async () => {
		const page = await list({ ids: `${ids[3]}, ${ids[1]},unknown`, sort_order: 'asc' });
		expect(page.ids).toEqual([ids[1], ids[3]]);
	});

	it('accepts numbers sent as strings', async () => {
		expect((await list({ start_datetime: String(startedAt + 4000), limit: '10' })).ids).toEqual([ids[4]]);
	});

	it.each([
		[{ limit: 1001 }, 'limit must be at most 1000'],
		[{ page: -1 }, 'page must be a whole number, zero or more'],
		[{ start_datetime: 'yesterday' }, 'start_datetime must be a whole number, zero or more'],
		[{ status: 'filled' }, 'status must be one of open, closed, rejected, canceled'],
		[{ sort_order: 'up' }, 'sort_order must be one of asc, desc'],
		[{ side: 'long' }, 'side must be one of buy, sell'],
		[{ order_type: 'stop' }, 'order_type must be one of market, limit'],
		[{ symbol: 'XRP/AUD' }, 'symbol "XRP/AUD" is not a known instrument'],
		[{ ids: ['a'] }, 'ids has the wrong type'],
	])('refuses %j with 400 naming the field', async (filter, message) => {
		const reply = await call(sandbox, 'fetch_orders', filter);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ error_code: '400', error_message: message });
	});
});
