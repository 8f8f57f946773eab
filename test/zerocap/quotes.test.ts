import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
	InvalidRequestError,
	OrderRejectedError,
	OrderVetoedError,
	OutcomeUnknownError,
	QuoteRejectedError,
	type ZerocapError,
} from '../../src/zerocap/errors.js';
import type { QuoteRequest } from '../../src/zerocap/rest-client.js';
import { d } from '../support/decimals.js';
import { startTestSandbox } from '../support/sandbox-peer.js';
import { clientFor } from '../support/zerocap-client.js';

let sandbox: Sandbox;
const marketOpen = Date.UTC(2026, 0, 5, 9, 30);

beforeEach(async () => {
	sandbox = await startTestSandbox();
});
afterEach(() => sandbox.close());

const request = (clientOrderId: string, amount = '100'): QuoteRequest => ({
	symbol: 'USDT/AUD',
	side: 'buy',
	amount: d(amount),
	clientOrderId,
});

async function failure(promise: Promise<unknown>): Promise<ZerocapError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof Error && 'kind' in error) return error as ZerocapError;
		throw error;
	}
	throw new Error('expected the call to fail');
}

describe('requestQuote and executeQuote against the sandbox', () => {
	it('gets a firm quote and takes it: one create_order, filled whole at the quoted price', async () => {
		const { client, counter } = clientFor(sandbox, { scheme: 'timestamp' });
		const quote = await client.requestQuote(request('rfq-1'));
		expect(quote).toEqual({
			id: expect.any(String),
			clientOrderId: 'rfq-1',
			symbol: 'USDT/AUD',
			side: 'buy',
			amount: '100',
			price: '1.5327',
			cost: '153.27',
			createdAt: marketOpen,
			expiresAt: marketOpen + 10_000,
			extra: {},
		});
		sandbox.controls.setMid('USDT/AUD', '1.70');
		const order = await client.executeQuote(quote);
		expect(order).toMatchObject({
			clientOrderId: 'rfq-1',
			status: 'closed',
			type: 'limit',
			timeInForce: 'FOK',
			average: '1.5327',
			filled: '100',
		});
		expect(counter.calls).toEqual(['request_for_quote', 'create_order']);
	});

	it('reports an expired quote as the broker’s rejection, with its reason', async () => {
		const { client } = clientFor(sandbox);
		const quote = await client.requestQuote(request('late'));
		sandbox.controls.stepClock(10_001);
		const error = await failure(client.executeQuote(quote));
		expect(error).toBeInstanceOf(OrderRejectedError);
		expect((error as OrderRejectedError).reason).toMatch(/^quote .* expired at 2026-01-05T09:30:10.000Z/);
		expect((error as OrderRejectedError).order.filled).toBe('0');
	});

	it('reports the dealer’s last look as a rejection after the accept', async () => {
		const { client } = clientFor(sandbox);
		const quote = await client.requestQuote(request('looked'));
		sandbox.controls.declineQuotes(1, 'market moved');
		const error = await failure(client.executeQuote(quote));
		expect(error).toBeInstanceOf(OrderRejectedError);
		expect(error.userMessage).toBe('The broker rejected the order: last look: market moved');
	});

	it('takes a quote through the order path: the veto is asked, and nothing is ever resent', async () => {
		const { client, counter } = clientFor(sandbox, { timeoutMs: 300 });
		const vetoed = await client.requestQuote(request('vetoed'));
		expect(await failure(client.executeQuote(vetoed, { veto: () => 'the desk is halted' }))).toBeInstanceOf(
			OrderVetoedError,
		);
		expect(counter.count('create_order')).toBe(0);

		const lost = await client.requestQuote(request('lost'));
		sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 1, endpoint: 'create_order' });
		const error = await failure(client.executeQuote(lost));
		expect(error).toBeInstanceOf(OutcomeUnknownError);
		expect(counter.count('create_order')).toBe(1);
		// As for any order of unknown fate, its client order id settles it; the 503 processed nothing.
		expect(await client.resolveOrder('lost', { symbol: 'USDT/AUD', since: marketOpen })).toMatchObject({
			found: false,
		});
	});

	it('reports a size the dealer will not quote as QuoteRejectedError, and a bad request as the broker’s 400', async () => {
		const { client } = clientFor(sandbox);
		const refused = await failure(client.requestQuote(request('huge', '300000')));
		expect(refused).toBeInstanceOf(QuoteRejectedError);
		expect(refused.kind).toBe('rejected');
		expect(refused.userMessage).toBe(
			'The broker gave no quote: amount 300000 is larger than the largest tier (250000) for USDT/AUD',
		);
		const invalid = await failure(client.requestQuote({ ...request('bad'), symbol: 'NOPE/AUD' }));
		expect(invalid).toBeInstanceOf(InvalidRequestError);
		await expect(client.requestQuote(request(' '))).rejects.toBeInstanceOf(TypeError);
	});

	it('retries a quote request whose answer was lost: asking again replaces the quote, so one remains', async () => {
		const { client, counter } = clientFor(sandbox, { timeoutMs: 300 });
		sandbox.controls.injectRestFault({ kind: 'drop', phase: 'after', count: 1, endpoint: 'request_for_quote' });
		const quote = await client.requestQuote(request('retried'));
		expect(counter.count('request_for_quote')).toBe(2);
		expect(sandbox.controls.state().quotesOutstanding).toBe(1);
		expect((await client.executeQuote(quote)).status).toBe('closed');
	});
});
