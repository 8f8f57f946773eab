import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderPreview } from '../../src/desk/order-preview.js';
import { type OrderPlacer, placeTicketOrder } from '../../src/desk/place-order.js';
import { TicketBook } from '../../src/desk/tickets.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { UnavailableError } from '../../src/zerocap/errors.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import { countOrders, startTestSandbox } from '../support/sandbox-peer.js';
import { valuedAt } from '../support/valuations.js';
import { clientFor } from '../support/zerocap-client.js';

let sandbox: Sandbox;
beforeEach(async () => {
	sandbox = await startTestSandbox();
});
afterEach(() => sandbox.close());

function ticketFor(amount: string, type: 'market' | 'limit' = 'market', price?: string) {
	const preview: OrderPreview = {
		draft: {
			symbol: 'USDT/AUD',
			side: 'buy',
			type,
			amount: new Decimal(amount),
			price: price ? new Decimal(price) : undefined,
			priceIgnored: false,
		},
		indicativePrice: undefined,
		valuation: valuedAt(amount),
		needsRetype: false,
		limitWarning: undefined,
		approvalAbove: undefined,
	};
	return new TicketBook(30_000, () => Date.UTC(2026, 0, 5, 9, 30)).open('trader-1', preview);
}

describe('placing a ticket’s order', () => {
	it('sends it once with the ticket id as client order id, and reports the fill', async () => {
		const { client, counter } = clientFor(sandbox);
		const ticket = ticketFor('100');
		let unknown = 0;
		const placement = await placeTicketOrder(client, ticket, {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => void unknown++,
		});
		expect(placement.kind).toBe('placed');
		if (placement.kind === 'placed')
			expect(placement.order).toMatchObject({ clientOrderId: ticket.id, status: 'closed', filled: '100' });
		expect(counter.count('create_order')).toBe(1);
		expect(unknown).toBe(0);
	});

	it('reports a resting limit order as placed and open', async () => {
		const { client } = clientFor(sandbox);
		const placement = await placeTicketOrder(client, ticketFor('100', 'limit', '1.1'), {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => {},
		});
		expect(placement).toMatchObject({ kind: 'placed', order: { status: 'open', price: '1.1' } });
	});

	it('reports the broker’s rejection with its reason', async () => {
		const { client } = clientFor(sandbox);
		const placement = await placeTicketOrder(client, ticketFor('300000'), {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => {},
		});
		expect(placement).toMatchObject({ kind: 'rejected', order: { status: 'rejected' } });
		if (placement.kind === 'rejected') expect(placement.reason).toContain('larger than the largest tier');
	});

	it('tells the trader when the answer is lost, then finds the order that was placed', async () => {
		const { client, counter } = clientFor(sandbox);
		sandbox.controls.injectRestFault({ kind: 'drop', phase: 'after', count: 1, endpoint: 'create_order' });
		const steps: string[] = [];
		const placement = await placeTicketOrder(client, ticketFor('100'), {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => void steps.push('unknown'),
		});
		expect(steps).toEqual(['unknown']);
		expect(placement).toMatchObject({ kind: 'placed', order: { status: 'closed' } });
		expect(counter.count('create_order')).toBe(1);
		expect(await countOrders(sandbox)).toBe(1);
	});

	it('never says "not placed" after a 5xx: an order the broker does not show yet is "not found yet"', async () => {
		const { client, counter } = clientFor(sandbox);
		sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 1, endpoint: 'create_order' });
		const steps: string[] = [];
		const placement = await placeTicketOrder(client, ticketFor('100'), {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => void steps.push('unknown'),
		});
		expect(steps).toEqual(['unknown']);
		expect(placement).toMatchObject({ kind: 'not-found-yet', watching: true });
		if (placement.kind === 'not-found-yet') {
			expect(placement.reason).toMatch(
				/^The broker shows no order for this ticket so far \(looked up twice, last at \d\d:\d\d:\d\d AE[DS]T\)\. A delayed order can still arrive/,
			);
			expect(placement.reason).not.toContain('not placed');
		}
		expect(counter.count('create_order')).toBe(1);
		expect(counter.count('fetch_orders')).toBeGreaterThan(0);
	});

	it('says "not placed" at once when the broker refused before acting', async () => {
		const { client } = clientFor(sandbox, { secret: 'wrong-secret' });
		const placement = await placeTicketOrder(client, ticketFor('100'), {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => {},
		});
		expect(placement).toEqual({
			kind: 'not-placed',
			reason: 'The broker did not accept our credentials; an operator needs to check them.',
		});
	});

	it('stops an order that waits to leave when a halt lands meanwhile, sending nothing', async () => {
		const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1 });
		const { client, counter } = clientFor(sandbox, { limiter, realSleep: true });
		sandbox.controls.injectRestFault({ kind: 'delay', phase: 'before', ms: 300, count: 1, endpoint: 'create_order' });
		const busy = placeTicketOrder(client, ticketFor('100'), {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => {},
		});
		let halted: string | undefined;
		const placing = placeTicketOrder(client, ticketFor('100'), {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => {},
			veto: () => halted,
		});
		halted = 'The desk is halted.';
		expect(await placing).toEqual({ kind: 'not-placed', reason: 'The desk is halted.' });
		expect((await busy).kind).toBe('placed');
		expect(counter.count('create_order')).toBe(1);
		expect(await countOrders(sandbox)).toBe(1);
	});

	it('admits it does not know when the broker cannot be asked', async () => {
		const ticket = ticketFor('100');
		const placer: OrderPlacer = {
			createOrder: async () => {
				const { OutcomeUnknownError } = await import('../../src/zerocap/errors.js');
				throw new OutcomeUnknownError(
					ticket.id,
					new UnavailableError('down', { method: 'POST', endpoint: 'create_order' }),
				);
			},
			executeQuote: async () => {
				throw new Error('this ticket takes no quote');
			},
			resolveOrder: async () => {
				throw new UnavailableError('down', { method: 'POST', endpoint: 'fetch_orders' });
			},
		};
		const waits: number[] = [];
		const placement = await placeTicketOrder(placer, ticket, {
			timeZone: 'Australia/Sydney',
			onOutcomeUnknown: async () => {},
			sleep: async (ms) => void waits.push(ms),
		});
		expect(placement.kind).toBe('unresolved');
		if (placement.kind === 'unresolved') expect(placement.reason).toContain(`/order-status ${ticket.id}`);
		expect(waits).toEqual([1000, 2000]);
	});
});
