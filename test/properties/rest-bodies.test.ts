import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	BadResponseError,
	isZerocapError,
	NotFoundError,
	OrderRejectedError,
	OutcomeUnknownError,
} from '../../src/zerocap/errors.js';
import type { RequestLimiter } from '../../src/zerocap/limiter.js';
import { ZerocapRestClient } from '../../src/zerocap/rest-client.js';
import { createOrderResponse, listedOrder, orderListResponse } from '../../src/zerocap/rest-schemas.js';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { d } from '../support/decimals.js';
import {
	applyMutation,
	breakingMutation,
	expectWellFormedOrder,
	extraFields,
	inheritedName,
	type Json,
	type RestCase,
	restCase,
	stretchingMutation,
	wrongType,
} from '../support/prop-wire.js';

const runs = { numRuns: 300 };

const brokenBody = restCase.chain((test) =>
	breakingMutation(test.required).map((mutation) => ({ test, body: applyMutation(test.body, mutation) })),
);
const stretchedBody = restCase.chain((test) =>
	stretchingMutation(test).map((mutation) => ({ test, body: applyMutation(test.body, mutation) })),
);
/** Bodies of every sort: anything, an order broken or stretched, or an order whose trades are garbage. */
const anyBody: fc.Arbitrary<unknown> = fc.oneof(
	fc.jsonValue({ maxDepth: 4 }),
	brokenBody.map(({ body }) => body),
	stretchedBody.map(({ body }) => body),
	restCase.chain((test) => wrongType.map((trades) => ({ ...test.body, trades }) as Json)),
	restCase.chain((test) =>
		fc
			.array(
				fc.oneof(
					wrongType,
					fc.constant<Json>({ id: 't', order: 'o', symbol: 'X', side: 'buy', price: 'x', amount: '1' }),
				),
				{
					minLength: 1,
					maxLength: 2,
				},
			)
			.map((trades) => ({ ...test.body, trades }) as Json),
	),
);

/** Reads a body as create_order's answer (camelCase) or as one listed order (snake_case). */
function read(test: RestCase, body: unknown) {
	return (test.snake ? listedOrder : createOrderResponse).safeParse(body);
}

describe('REST order bodies (create_order, fetch_order, fetch_orders)', () => {
	it('read a valid order exactly, decimals as their exact text, whichever casing', () => {
		fc.assert(
			fc.property(restCase, (test) => {
				const parsed = read(test, test.body);
				if (!parsed.success) throw new Error(parsed.error.message);
				expect(parsed.data).toEqual(test.expected);
				expectWellFormedOrder(parsed.data);
			}),
			runs,
		);
	});

	it('ignore extra fields', () => {
		fc.assert(
			fc.property(
				restCase.chain((test) => fc.tuple(fc.constant(test), extraFields(test.known))),
				([test, extras]) => {
					const parsed = read(test, { ...test.body, ...extras });
					expect(parsed.success && parsed.data).toEqual(test.expected);
				},
			),
			runs,
		);
	});

	it('refuse an order whose required field is missing or of the wrong kind', () => {
		fc.assert(
			fc.property(brokenBody, ({ test, body }) => {
				expect(read(test, body).success).toBe(false);
			}),
			runs,
		);
	});

	it('read no side, type or status from a name every object inherits', () => {
		fc.assert(
			fc.property(
				restCase.chain((test) => fc.tuple(fc.constant(test), fc.constantFrom(...test.choices), inheritedName)),
				([test, field, name]) => {
					expect(read(test, { ...test.body, [field]: name }).success, `${field}: ${name}`).toBe(false);
				},
			),
			{ numRuns: 100 },
		);
	});

	it('never throw, and never yield a half-read order: an order keeps every invariant, or there is none', () => {
		fc.assert(
			fc.property(anyBody, (body) => {
				for (const schema of [createOrderResponse, listedOrder]) {
					const parsed = schema.safeParse(body);
					if (parsed.success) expectWellFormedOrder(parsed.data);
				}
			}),
			{ numRuns: 600 },
		);
	});

	it('read a field at an extreme (huge, tiny, past a date) well, or refuse the order', () => {
		fc.assert(
			fc.property(stretchedBody, ({ test, body }) => {
				const parsed = read(test, body);
				if (parsed.success) expectWellFormedOrder(parsed.data);
			}),
			{ numRuns: 600 },
		);
	});

	it('read an order list’s total and page only as whole numbers, zero or more', () => {
		const count = fc.oneof(
			fc.jsonValue({ maxDepth: 1 }),
			fc.constantFrom<Json>(-1, 1.5, 1e300, '9'.repeat(400), '12', 3),
		);
		fc.assert(
			fc.property(count, count, (total, page) => {
				const parsed = orderListResponse.safeParse({ order_list: [], total, page });
				if (!parsed.success) return;
				for (const value of [parsed.data.total, parsed.data.page]) {
					if (value !== undefined) expect(Number.isSafeInteger(value) && value >= 0, String(value)).toBe(true);
				}
			}),
			runs,
		);
	});
});

/** A limiter that runs each call at once: the properties are about bodies, not spacing. */
const immediate: RequestLimiter = {
	schedule: (task) => task(),
	waiting: () => 0,
	running: () => 0,
	stop: async () => {},
};

/** A client whose every call is answered 200 with `body` (JSON, or raw text). */
function clientAnswering(body: unknown, raw = false) {
	return new ZerocapRestClient({
		restUrl: 'http://127.0.0.1:9/v2',
		signer: new RequestSigner({ apiKey: 'key', apiSecret: 'secret', scheme: 'static' }),
		limiter: immediate,
		fetch: async () =>
			new Response(raw ? String(body) : JSON.stringify(body), {
				status: 200,
				headers: { 'content-type': 'application/json' },
			}),
		sleep: async () => {},
		resolveSettleMs: 0,
	});
}

const rawBody = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '{', 'null', '<html>', '[]'));

describe('the REST client, whatever the broker answers with a 200', () => {
	it('fetch_order gives a whole order or a typed error, never a half-read order or a crash', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					anyBody.map((order) => ({ body: { order_list: [order] } as unknown, raw: false })),
					anyBody.map((body) => ({ body, raw: false })),
					rawBody.map((body) => ({ body: body as unknown, raw: true })),
				),
				async ({ body, raw }) => {
					try {
						expectWellFormedOrder(await clientAnswering(body, raw).fetchOrder('o-1'));
					} catch (error) {
						expect(error instanceof BadResponseError || error instanceof NotFoundError, String(error)).toBe(true);
					}
				},
			),
			runs,
		);
	});

	it('fetch_orders keeps each readable order whole and counts the others as unreadable', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.oneof(
						restCase.map((test) => ({ test, body: test.body as unknown })),
						anyBody.map((body) => ({ test: undefined, body })),
					),
					{
						maxLength: 6,
					},
				),
				async (items) => {
					const page = await clientAnswering({
						order_list: items.map(({ body }) => body),
						total: items.length,
					}).fetchOrders();
					expect(page.orders.length + page.unreadable).toBe(items.length);
					for (const order of page.orders) expectWellFormedOrder(order);
					// Every valid snake_case order is among them, read exactly.
					for (const { test } of items) if (test?.snake) expect(page.orders).toContainEqual(test.expected);
				},
			),
			runs,
		);
	});

	it('create_order gives the placed order whole, or says the outcome is unknown, never a half-read order', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					restCase.map((test) => ({ body: test.body as unknown, raw: false, test: test as RestCase | undefined })),
					anyBody.map((body) => ({ body, raw: false, test: undefined })),
					rawBody.map((body) => ({ body: body as unknown, raw: true, test: undefined })),
				),
				async ({ body, raw, test }) => {
					const clientOrderId = test?.expected.clientOrderId ?? 'desk-1';
					const request = { symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: d('1'), clientOrderId } as const;
					try {
						const order = await clientAnswering(body, raw).createOrder(request);
						expectWellFormedOrder(order);
						if (test && !test.snake) expect(order).toEqual(test.expected);
					} catch (error) {
						expect(isZerocapError(error), String(error)).toBe(true);
						if (error instanceof OrderRejectedError) expectWellFormedOrder(error.order);
						else {
							expect(error, String(error)).toBeInstanceOf(OutcomeUnknownError);
							expect((error as OutcomeUnknownError).cause).toBeInstanceOf(BadResponseError);
						}
					}
				},
			),
			runs,
		);
	});
});
