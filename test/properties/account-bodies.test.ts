import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isZerocapError } from '../../src/zerocap/errors.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import { ZerocapRestClient } from '../../src/zerocap/rest-client.js';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { d } from '../support/decimals.js';
import { inheritedName, type Json } from '../support/prop-wire.js';

const runs = { numRuns: 200 };

function clientAnswering(body: string): ZerocapRestClient {
	return new ZerocapRestClient({
		restUrl: 'http://broker.test/v2',
		signer: new RequestSigner({ apiKey: 'k', apiSecret: 'a-secret-for-tests', scheme: 'timestamp' }),
		limiter: createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1 }),
		fetch: async () => new Response(body, { status: 200 }),
		sleep: async () => undefined,
	});
}

/** Every account call, made against a broker that answers `body`. */
const calls: Record<string, (client: ZerocapRestClient) => Promise<unknown>> = {
	get_instruments: (client) => client.getInstruments(),
	get_balances: (client) => client.getBalances(),
	get_risk: (client) => client.getRisk(),
	get_time: (client) => client.getServerTime(),
	get_transfers: (client) => client.getTransfers(),
	get_external_wallets: (client) => client.getExternalWallets(),
	request_for_quote: (client) =>
		client.requestQuote({ symbol: 'USDT/AUD', side: 'buy', amount: d('1'), clientOrderId: 'q' }),
};

const listKeys = ['instruments', 'balances', 'limits', 'transfers', 'wallets'];
const item = fc.dictionary(
	fc.oneof(fc.constantFrom('symbol', 'asset', 'name', 'id', 'asset_id', 'amount', 'direction', 'total'), inheritedName),
	fc.jsonValue({ maxDepth: 2 }),
);
/** Answers of every sort: any JSON, any text, and envelopes around lists of arbitrary items. */
const anyBody: fc.Arbitrary<string> = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.json({ maxDepth: 4 }),
	fc
		.tuple(fc.constantFrom(...listKeys), fc.array(fc.oneof(item, fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 }))
		.map(([key, items]) => JSON.stringify({ status: 'success', [key]: items })),
	fc
		.record({ timestamp: fc.jsonValue({ maxDepth: 1 }), datetime: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] })
		.map((body) => JSON.stringify(body)),
	item.map((body) => JSON.stringify({ status: 'quoted', expires_at: 1, ...body })),
);

describe('the account calls’ answers', () => {
	it('never crash the client: each call answers, or fails with one of the client’s own errors', async () => {
		await fc.assert(
			fc.asyncProperty(anyBody, fc.constantFrom(...Object.keys(calls)), async (body, name) => {
				const call = calls[name];
				if (!call) throw new Error(`no call ${name}`);
				const client = clientAnswering(body);
				const outcome = await call(client).then(
					(value) => ({ value }),
					(error: unknown) => ({ error }),
				);
				if ('error' in outcome) expect(isZerocapError(outcome.error), String(outcome.error)).toBe(true);
				const { answers, items } = client.unreadable();
				expect(answers + items).toBeGreaterThanOrEqual(0);
			}),
			runs,
		);
	});

	it('keep every field they do not know, by its camelCase name, and count only what they cannot read', async () => {
		const extraKey = fc
			.stringMatching(/^[a-z][a-zA-Z]{0,11}$/)
			.filter((key) => !['asset', 'total', 'available', 'held', 'constructor', 'toString', 'valueOf'].includes(key));
		await fc.assert(
			fc.asyncProperty(
				fc.dictionary(extraKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
				fc.nat({ max: 3 }),
				async (extra, broken) => {
					const good: Record<string, Json> = { asset: 'AUD', total: '10', ...extra };
					const bodies = [good, ...Array.from({ length: broken }, () => ({ total: '1' }))];
					const client = clientAnswering(JSON.stringify({ balances: bodies }));
					const list = await client.getBalances();
					expect(list.items).toHaveLength(1);
					// The answer crosses the wire as JSON, which has no -0: what is kept is what JSON carries.
					expect(list.items[0]?.extra).toEqual(JSON.parse(JSON.stringify(extra)));
					expect(list.unreadable).toBe(broken);
					expect(client.unreadable()).toEqual({ answers: 0, items: broken });
				},
			),
			runs,
		);
	});
});
