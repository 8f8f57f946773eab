import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { BusyError, InvalidRequestError } from '../../src/zerocap/errors.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import type { SigningScheme } from '../../src/zerocap/signing.js';
import { d } from '../support/decimals.js';
import { startTestSandbox } from '../support/sandbox-peer.js';
import { clientFor } from '../support/zerocap-client.js';

let sandbox: Sandbox;
const marketOpen = Date.UTC(2026, 0, 5, 9, 30);

beforeEach(async () => {
	sandbox = await startTestSandbox({ limitOrderTtlMs: 3_600_000 });
});
afterEach(() => sandbox.close());

const schemes: SigningScheme[] = ['static', 'timestamp'];

describe.each(schemes)('the account calls against the sandbox, %s signing', (scheme) => {
	it('reads the instruments into one shape', async () => {
		const { client, counter } = clientFor(sandbox, { scheme });
		const { items, unreadable } = await client.getInstruments();
		expect(unreadable).toBe(0);
		expect(items.map((instrument) => instrument.symbol)).toEqual(sandbox.symbols);
		expect(items[0]).toEqual({
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
		});
		expect(counter.calls).toEqual(['get_instruments']);
	});

	it('reads balances that move with a fill', async () => {
		const { client } = clientFor(sandbox, { scheme });
		await client.createOrder({
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: d('100'),
			clientOrderId: 'b-1',
		});
		const { items, timestamp } = await client.getBalances();
		expect(timestamp).toBe(marketOpen);
		expect(items.find((balance) => balance.asset === 'USDT')).toEqual({
			asset: 'USDT',
			total: '500100',
			available: '500100',
			held: '0',
			extra: {},
		});
		expect(items.find((balance) => balance.asset === 'AUD')?.total).toBe('999846.73');
	});

	it('reads the risk limits with their currency', async () => {
		const { client } = clientFor(sandbox, { scheme });
		const risk = await client.getRisk();
		expect(risk).toEqual({
			items: [
				{ name: 'daily_notional', limit: '5000000', used: '0', remaining: '5000000', extra: {} },
				{ name: 'open_exposure', limit: '2000000', used: '0', remaining: '2000000', extra: {} },
			],
			unreadable: 0,
			timestamp: marketOpen,
			currency: 'AUD',
			extra: { status: 'success' },
		});
	});

	it('reads the server’s clock from systems/get_time, keeping the market clock as an extra', async () => {
		const { client, counter } = clientFor(sandbox, { scheme });
		const before = Date.now();
		const time = await client.getServerTime();
		expect(time.timestamp).toBeGreaterThanOrEqual(before);
		expect(time.timestamp).toBeLessThanOrEqual(Date.now());
		expect(time.extra).toEqual({ status: 'success', timezone: 'UTC', marketTimestamp: marketOpen });
		expect(counter.calls).toEqual(['get_time']);
	});

	it('pages transfers with the filters it was given, and nothing else', async () => {
		const { client } = clientFor(sandbox, { scheme });
		await client.createOrder({
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: d('100'),
			clientOrderId: 't-1',
		});
		const first = await client.getTransfers({ sort: 'asc' }, 1, 4);
		expect(first).toMatchObject({ total: 7, page: 1, limit: 4, unreadable: 0 });
		expect(first.items.map((transfer) => transfer.type)).toEqual(['deposit', 'deposit', 'deposit', 'deposit']);
		const settled = await client.getTransfers({ asset: 'USDT', type: 'settlement', since: marketOpen });
		expect(settled.items).toEqual([
			expect.objectContaining({
				asset: 'USDT',
				type: 'settlement',
				direction: 'in',
				amount: '100',
				createdAt: marketOpen,
			}),
		]);
		expect(settled.items[0]?.orderId).toEqual(expect.any(String));
		await expect(client.getTransfers({ type: 'gift' })).rejects.toBeInstanceOf(InvalidRequestError);
	});

	it('lists the external wallets, and offers no call that moves money', async () => {
		const { client } = clientFor(sandbox, { scheme });
		const wallets = await client.getExternalWallets();
		expect(wallets.items).toEqual([
			expect.objectContaining({ id: 'sandbox-wallet-account-1', asset: 'USDT', network: 'TRON', status: 'approved' }),
		]);
		expect('initiateWithdrawal' in client).toBe(false);
		expect('initiateTransfer' in client).toBe(false);
	});
});

describe('the account calls and the limiter', () => {
	it('run in the lane they are given: a person’s reads share that person’s budget', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 });
		const { client } = clientFor(sandbox, { limiter });
		sandbox.controls.injectRestFault({ kind: 'delay', ms: 200, phase: 'before', count: 2 });
		const lane = { kind: 'read', person: 'trader-1' } as const;
		const held = [client.getBalances(lane), client.getRisk(lane)];
		await expect(client.getInstruments(lane)).rejects.toBeInstanceOf(BusyError);
		await Promise.all(held);
		await limiter.stop();
	});

	it('retries a read that failed for a reason that may pass, as every read is', async () => {
		const { client, counter, sleeps } = clientFor(sandbox);
		sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 1, endpoint: 'get_balances' });
		const balances = await client.getBalances();
		expect(balances.items.length).toBeGreaterThan(0);
		expect(counter.count('get_balances')).toBe(2);
		expect(sleeps).toHaveLength(1);
	});
});
