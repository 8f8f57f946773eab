import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import {
	call,
	countOrders,
	createOrder,
	isOrderFrame,
	isTradeFrame,
	StreamPeer,
	startTestSandbox,
} from '../support/sandbox-peer.js';

let sandbox: Sandbox;
const marketOpen = Date.UTC(2026, 0, 5, 9, 30);

beforeEach(async () => {
	sandbox = await startTestSandbox({ controlsOverHttp: true });
});
afterEach(() => sandbox.close());

function requestQuote(body: Record<string, unknown>) {
	return call(sandbox, 'request_for_quote', body);
}

const quoteFor = (clientOrderId: string, amount = '100', side = 'buy') =>
	requestQuote({ symbol: 'USDT/AUD', side, amount, client_order_id: clientOrderId });

/** The create_order that takes a quote: a limit at the quoted price, for the same size, with its client order id. */
function take(quote: { symbol: string; side: string; amount: string; price: string; client_order_id: string }) {
	return createOrder(sandbox, {
		symbol: quote.symbol,
		side: quote.side,
		type: 'limit',
		amount: quote.amount,
		price: quote.price,
		client_order_id: quote.client_order_id,
	});
}

describe('request_for_quote', () => {
	it('gives a firm price for the whole size, at the ladder’s tier, good for 10 s', async () => {
		const reply = await quoteFor('rfq-1', '5000');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			status: 'quoted',
			quote_id: expect.any(String),
			client_order_id: 'rfq-1',
			symbol: 'USDT/AUD',
			side: 'buy',
			amount: '5000',
			// Mid 1.5320 plus 9 bp for the 10,000 tier, rounded up.
			price: '1.5334',
			cost: '7667',
			created_at: marketOpen,
			expires_at: marketOpen + 10_000,
			error_message: '',
		});
	});

	it('answers a size above the largest tier in-band, as create_order does, with no price', async () => {
		const reply = await quoteFor('too-big', '300000');
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({
			status: 'rejected',
			quote_id: '',
			price: '',
			error_message: 'amount 300000 is larger than the largest tier (250000) for USDT/AUD',
		});
	});

	it('quotes a block past the ladder when the dealer takes blocks: the largest tier widened per tier size, filled whole', async () => {
		const dealer = await startTestSandbox({ blockQuotes: { upToTiers: 4, premiumBps: 5 } });
		try {
			const ask = (clientOrderId: string, amount: string, side = 'buy') =>
				call(dealer, 'request_for_quote', { symbol: 'USDT/AUD', side, amount, client_order_id: clientOrderId });
			const edge = new Decimal((await ask('edge', '250000')).body.price);
			const block = (await ask('block', '600000')).body;
			// 600,000 spans three 250,000 tiers: 15 bp over the largest tier's price, rounded up to the tick.
			expect(block).toMatchObject({ status: 'quoted', amount: '600000' });
			expect(block.price).toBe(edge.times('1.0015').toDecimalPlaces(4, Decimal.ROUND_CEIL).toFixed());
			const sellEdge = new Decimal((await ask('sell-edge', '250000', 'sell')).body.price);
			const sellBlock = (await ask('sell-block', '500000', 'sell')).body;
			expect(sellBlock.price).toBe(sellEdge.times('0.999').toDecimalPlaces(4, Decimal.ROUND_FLOOR).toFixed());

			const taken = await createOrder(dealer, {
				symbol: 'USDT/AUD',
				side: 'buy',
				type: 'limit',
				amount: '600000',
				price: block.price,
				client_order_id: 'block',
			});
			expect(taken.body).toMatchObject({ status: 'closed', filled: '600000', average: block.price });
			expect((await ask('too-big', '1000000.01')).body).toMatchObject({
				status: 'rejected',
				error_message: 'amount 1000000.01 is larger than the largest block quoted (1000000) for USDT/AUD',
			});
		} finally {
			await dealer.close();
		}
	});

	it.each([
		[
			{ symbol: 'USDT/AUD', side: 'buy', amount: '100', client_order_id: '' },
			'client_order_id is required: the order that takes the quote carries it',
		],
		[{ symbol: 'USDT/AUD', side: 'buy', amount: '100' }, 'client_order_id is required'],
		[
			{ symbol: 'USDT/AUD', side: 'buy', amount: 100, client_order_id: 'n' },
			'amount must be a decimal string such as "100" (a JSON number is refused)',
		],
		[
			{ symbol: 'NOPE/AUD', side: 'buy', amount: '100', client_order_id: 'n' },
			'symbol "NOPE/AUD" is not a known instrument',
		],
		[{ symbol: 'USDT/AUD', side: 'hold', amount: '100', client_order_id: 'n' }, 'side must be one of buy, sell'],
		[
			{ symbol: 'USDT/AUD', side: 'buy', amount: '1.001', client_order_id: 'n' },
			'amount has more than 2 decimal places',
		],
	])('refuses %j with 400', async (body, message) => {
		expect(await requestQuote(body)).toMatchObject({
			status: 400,
			body: { error_code: '400', error_message: message },
		});
		expect(sandbox.controls.state().quotesOutstanding).toBe(0);
	});

	it('refuses a client order id that an order already carries', async () => {
		await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: '1',
			client_order_id: 'used',
		});
		expect((await quoteFor('used')).body).toEqual({
			error_code: '400',
			error_message: 'client_order_id used is already used by an order',
		});
	});
});

describe('taking a quote with create_order', () => {
	it('fills whole at the quoted price, fill-or-kill, however the market moved since', async () => {
		const quote = (await quoteFor('take-me')).body;
		sandbox.controls.setMid('USDT/AUD', '1.70');
		const reply = await take(quote);
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({
			clientOrderId: 'take-me',
			status: 'closed',
			type: 'limit',
			timeInForce: 'FOK',
			price: '1.5327',
			average: '1.5327',
			filled: '100',
			error_message: '',
		});
		// Sent again, it is the same order: the client order id is still the idempotency key.
		expect((await take(quote)).body.id).toBe(reply.body.id);
		expect(await countOrders(sandbox)).toBe(1);
	});

	it('pushes the fill and the order on the stream as any fill', async () => {
		const peer = await StreamPeer.connect(sandbox);
		try {
			peer.send({ type: 'orders' });
			const quote = (await quoteFor('streamed')).body;
			const from = peer.frames.length;
			await take(quote);
			const [trade] = await peer.collect(isTradeFrame, 1, from);
			const [order] = await peer.collect(isOrderFrame, 1, from);
			expect(JSON.parse(trade.data)).toMatchObject({ price: '1.5327', amount: '100' });
			expect(JSON.parse(order.data)).toMatchObject({ ClientOrderId: 'streamed', Status: 'closed', TimeInForce: 'FOK' });
		} finally {
			peer.close();
		}
	});

	it('rejects in-band, with the reason, a quote taken after it expired', async () => {
		const quote = (await quoteFor('late')).body;
		sandbox.controls.stepClock(10_001);
		const reply = await take(quote);
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ status: 'rejected', filled: '0', trades: [] });
		expect(reply.body.error_message).toBe(
			`quote ${quote.quote_id} expired at 2026-01-05T09:30:10.000Z; ask for a new quote`,
		);
	});

	it('can still be taken at the last millisecond of its life', async () => {
		const quote = (await quoteFor('just-in-time')).body;
		sandbox.controls.stepClock(10_000);
		expect((await take(quote)).body.status).toBe('closed');
	});

	it('rejects an order that carries the quote’s id but not its terms, and the quote is gone', async () => {
		const quote = (await quoteFor('mismatch')).body;
		const reply = await take({ ...quote, amount: '99' });
		expect(reply.body).toMatchObject({ status: 'rejected' });
		expect(reply.body.error_message).toBe(
			`client_order_id mismatch belongs to quote ${quote.quote_id}: take it with a limit order to buy 100 USDT/AUD at 1.5327`,
		);
		const market = await createOrder(sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: '100',
			client_order_id: 'mismatch',
		});
		expect(market.body.id).toBe(reply.body.id);
		expect(sandbox.controls.state().quotesOutstanding).toBe(0);
	});

	it('declines at last look when the control says so, then fills the next', async () => {
		sandbox.controls.declineQuotes(1, 'price moved');
		const declined = await take((await quoteFor('looked-at')).body);
		expect(declined.body).toMatchObject({ status: 'rejected', error_message: 'last look: price moved' });
		expect((await take((await quoteFor('second-try')).body)).body.status).toBe('closed');
	});

	it('serves last look over HTTP as /__sandbox/last-look', async () => {
		const base = sandbox.restUrl.replace(/\/v2$/, '');
		const answer = await fetch(`${base}/__sandbox/last-look`, { method: 'POST', body: JSON.stringify({ count: 2 }) });
		expect(answer.status).toBe(200);
		for (const id of ['a', 'b']) {
			expect((await take((await quoteFor(id)).body)).body.error_message).toBe(
				'last look: the dealer declined the trade',
			);
		}
		expect((await take((await quoteFor('c')).body)).body.status).toBe('closed');
		const bad = await fetch(`${base}/__sandbox/last-look`, { method: 'POST', body: JSON.stringify({ count: 0 }) });
		expect(bad.status).toBe(400);
	});

	it('replaces a quote asked again with the same client order id: only the latest can be taken', async () => {
		const first = (await quoteFor('requote')).body;
		sandbox.controls.setMid('USDT/AUD', '1.60');
		const second = (await quoteFor('requote')).body;
		expect(second.price).not.toBe(first.price);
		expect((await take(first)).body.status).toBe('rejected');
		expect(sandbox.controls.state().quotesOutstanding).toBe(0);
	});
});
