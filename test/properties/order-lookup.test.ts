import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOrderId, clientIdSearchLimit, lookUpOrder, type OrderReader } from '../../src/desk/order-lookup.js';
import type { Order } from '../../src/zerocap/domain.js';
import { NotFoundError } from '../../src/zerocap/errors.js';
import { d } from '../support/decimals.js';
import { anyText, expectClearSentence, leakyText } from '../support/prop-sentences.js';

const idText = fc.oneof(
	anyText,
	leakyText,
	fc.uuid(),
	fc.constantFrom('', ' ', '\t\n', 'desk-', 'x'.repeat(128), ` ${'y'.repeat(129)} `),
);

describe('an order id as typed (/order-status id)', () => {
	it('is trimmed and kept exactly, or refused in one clear sentence before the broker is asked', () => {
		fc.assert(
			fc.property(idText, (raw) => {
				const id = checkOrderId(raw);
				if (!id.ok) {
					expectClearSentence(id.refusal, [raw]);
					expect(raw.trim() === '' || raw.trim().length > 128).toBe(true);
					return;
				}
				expect(id.value).toBe(raw.trim());
				expect(id.value.length).toBeGreaterThan(0);
				expect(id.value.length).toBeLessThanOrEqual(128);
			}),
			{ numRuns: 500 },
		);
	});
});

function order(id: string, clientOrderId: string | undefined): Order {
	return {
		id,
		clientOrderId,
		symbol: 'USDT/AUD',
		side: 'buy',
		type: 'market',
		status: 'closed',
		timeInForce: undefined,
		price: undefined,
		average: undefined,
		amount: d('1'),
		filled: undefined,
		remaining: undefined,
		cost: undefined,
		createdAt: 0,
		updatedAt: undefined,
		lastTradeAt: undefined,
		rejectReason: undefined,
		trades: [],
	};
}

/** A broker holding `orders` (newest first); a careless one answers fetch_order with the first order it has. */
function reader(orders: readonly Order[], careless: boolean) {
	let listed = 0;
	const broker: OrderReader = {
		async fetchOrder(id) {
			const found = careless ? orders[0] : orders.find((candidate) => candidate.id === id);
			if (!found) throw new NotFoundError(`no order ${id}`, { method: 'POST', endpoint: 'fetch_order', status: 200 });
			return found;
		},
		async *iterateOrders() {
			for (const listedOrder of orders) {
				listed++;
				yield listedOrder;
			}
		},
	};
	return { broker, listed: () => listed };
}

const shortId = fc.oneof(fc.constantFrom('a', 'b', 'c', 'desk-1', 'desk-2', ' '), fc.string({ maxLength: 3 }));

describe('looking an order up (/order-status)', () => {
	it('finds only the order asked for, by id first, else by client order id among the latest', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(shortId, fc.option(shortId, { nil: undefined })), { maxLength: 12 }),
				shortId,
				fc.boolean(),
				async (pairs, id, careless) => {
					const orders = pairs.map(([orderId, clientOrderId]) => order(orderId, clientOrderId));
					const { broker } = reader(orders, careless);
					const found = await lookUpOrder(broker, id);
					const byId = orders.find((candidate) => candidate.id === id);
					const byClientId = orders.find((candidate) => candidate.clientOrderId === id);
					if (found === undefined) {
						// A careless broker may hide an order by its id; never by its client order id.
						if (!careless) expect(byId).toBeUndefined();
						expect(byClientId).toBeUndefined();
						return;
					}
					expect(found.id === id || found.clientOrderId === id, 'never another order').toBe(true);
					if (byId && !careless) expect(found).toBe(byId);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('searches no more than the latest orders it promises', async () => {
		const many = Array.from({ length: clientIdSearchLimit + 50 }, (_, index) => order(`o-${index}`, `c-${index}`));
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: many.length - 1 }), async (index) => {
				const { broker, listed } = reader(many, false);
				const found = await lookUpOrder(broker, `c-${index}`);
				expect(listed()).toBeLessThanOrEqual(clientIdSearchLimit);
				expect(found?.id).toBe(index < clientIdSearchLimit ? `o-${index}` : undefined);
			}),
			{ numRuns: 30 },
		);
	});
});
