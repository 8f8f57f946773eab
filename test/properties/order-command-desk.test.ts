import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount } from '../../src/discord/render/format.js';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import type { FakeMessage } from '../support/fake-discord.js';
import { canonicalDecimal, invalidDecimal, typedDecimal, typedSymbol, unknownSymbol } from '../support/prop-inputs.js';
import { anyText, expectClearSentence } from '../support/prop-sentences.js';
import { call } from '../support/sandbox-peer.js';

/**
 * /order through the whole desk (fake Discord → real bot → real client → sandbox exchange): generated
 * inputs, valid and not. An invalid one never opens a ticket nor reaches the exchange, and is answered with
 * one clear private sentence; a valid one that opens a ticket is confirmed, and the exchange receives
 * exactly the decimals typed.
 */

let desk: DeskHarness;
beforeAll(async () => {
	desk = await DeskHarness.start();
});
afterAll(() => desk.close());

const tagged =
	<T>(valid: boolean) =>
	(value: T) => ({ value, valid });

/** Options as Discord sends them, each field tagged with whether it is valid by construction. */
const orderOptions = fc
	.record({
		side: fc.oneof(
			{ weight: 4, arbitrary: fc.constantFrom('buy', 'sell').map(tagged<string>(true)) },
			{
				weight: 1,
				arbitrary: fc
					.oneof(fc.constantFrom('Buy', 'long', ''), anyText)
					.filter((text) => text !== 'buy' && text !== 'sell')
					.map(tagged<string>(false)),
			},
		),
		type: fc.oneof(
			{ weight: 4, arbitrary: fc.constantFrom('market', 'limit').map(tagged<string>(true)) },
			{
				weight: 1,
				arbitrary: fc
					.oneof(fc.constantFrom('Limit', 'stop', ''), anyText)
					.filter((text) => text !== 'market' && text !== 'limit')
					.map(tagged<string>(false)),
			},
		),
		symbol: fc.oneof(
			{ weight: 3, arbitrary: typedSymbol.map(tagged<string>(true)) },
			{ weight: 1, arbitrary: unknownSymbol.map(tagged<string>(false)) },
		),
		amount: fc.oneof(
			{ weight: 3, arbitrary: typedDecimal(3, 2).map(tagged<string>(true)) },
			{ weight: 1, arbitrary: typedDecimal(5, 8).map(tagged<string>(true)) },
			{ weight: 2, arbitrary: invalidDecimal.map(tagged<string>(false)) },
		),
		price: fc.oneof(
			{ weight: 1, arbitrary: fc.constant({ value: undefined as string | undefined, valid: false }) },
			{
				weight: 3,
				arbitrary: typedDecimal(2, 4).map((value) => ({ value: value as string | undefined, valid: true })),
			},
			{
				weight: 1,
				arbitrary: invalidDecimal
					.filter((text) => text.trim() !== '')
					.map((value) => ({ value: value as string | undefined, valid: false })),
			},
		),
	})
	.map(({ side, type, symbol, amount, price }) => {
		const options: Record<string, string> = {
			side: side.value,
			symbol: symbol.value,
			amount: amount.value,
			type: type.value,
			...(price.value === undefined ? {} : { price: price.value }),
		};
		const priceOk = type.value === 'market' || price.valid;
		return { options, valid: side.valid && type.valid && symbol.valid && amount.valid && priceOk };
	});

async function ordersAtExchange(clientOrderId: string): Promise<{ amount: string; price: string; type: string }[]> {
	const reply = await call(desk.sandbox, 'fetch_orders', { limit: 500 });
	return reply.body.order_list.filter((order: { client_order_id: string }) => order.client_order_id === clientOrderId);
}

async function exchangeTotal(): Promise<number> {
	return (await call(desk.sandbox, 'fetch_orders', {})).body.total;
}

const settled = (text: string) => /Placed|Rejected by the broker|Not placed|Unknown\./.test(text);

/** Confirms a ticket as its trader, acknowledging a far limit and typing the amount again when the desk asks. */
async function confirm(message: FakeMessage, ticketId: string, amount: string) {
	let ticket = message;
	if (buttonIds(message.data).includes(`order:acknowledge:${ticketId}`)) {
		const acknowledging = desk.click(desk.users.trader, message, `order:acknowledge:${ticketId}`);
		ticket = await desk.reply(acknowledging, (text) => text.includes('Acknowledged'));
	}
	const click = desk.click(desk.users.trader, ticket, `order:confirm:${ticketId}`);
	await click.response();
	if (click.modal) {
		const form = desk.submitModal(desk.users.trader, ticket, `order:retype:${ticketId}`, { amount });
		return desk.reply(form, settled);
	}
	return desk.reply(click, settled);
}

describe('/order with generated inputs, through the whole desk', () => {
	it('sends nothing for an invalid input and says why in one clear sentence; sends exactly what was typed otherwise', async () => {
		let tickets = 0;
		let refusals = 0;
		await fc.assert(
			fc.asyncProperty(orderOptions, async ({ options, valid }) => {
				const ordersBefore = desk.brokerCalls.count('create_order');
				const totalBefore = await exchangeTotal();
				const reply = await desk.reply(desk.slash(desk.users.trader, 'order', options));
				const confirmId = buttonIds(reply.data).find((id) => id.startsWith('order:confirm:'));
				if (confirmId === undefined) {
					refusals++;
					// One private sentence: a single embed with only a description, no buttons, no content.
					expect(reply.data.content).toBe('');
					expect(reply.data.components ?? []).toEqual([]);
					expect(reply.data.embeds).toHaveLength(1);
					expect(reply.data.embeds[0]?.title).toBeUndefined();
					expectClearSentence(messageText(reply.data), Object.values(options));
					expect(desk.brokerCalls.count('create_order'), 'nothing was sent').toBe(ordersBefore);
					expect(await exchangeTotal(), 'nothing reached the exchange').toBe(totalBefore);
					return;
				}
				expect(valid, `a ticket for an invalid input ${JSON.stringify(options)}`).toBe(true);
				tickets++;
				const ticketId = confirmId.slice('order:confirm:'.length);
				const amount = canonicalDecimal(options.amount ?? '');
				const symbol = (options.symbol ?? '').trim().toUpperCase();
				expect(messageText(reply.data)).toContain(
					`${options.side?.toUpperCase()} ${formatAmount(amount)} ${symbol} ${options.type}`,
				);
				await confirm(reply, ticketId, amount);
				expect(desk.brokerCalls.count('create_order'), 'one confirm, at most one order').toBeLessThanOrEqual(
					ordersBefore + 1,
				);
				for (const order of await ordersAtExchange(ticketId)) {
					expect(order.amount, 'the exchange got the amount typed, exactly').toBe(amount);
					if (options.type === 'limit') expect(order.price).toBe(canonicalDecimal(options.price ?? ''));
				}
			}),
			{ numRuns: 80 },
		);
		// The run must have covered both paths to say anything about either.
		expect(tickets).toBeGreaterThan(0);
		expect(refusals).toBeGreaterThan(0);
	}, 30_000);
});

/** Text near what /orders since and /order-status id accept, and anything at all. */
const sinceText = fc.oneof(
	fc.constantFrom('24h', '7d', ' 30 m ', '2026-01-05', '2025-02-29', '2025-13-01', '2025-01-05 24:00', 'soon', ''),
	fc.string({ unit: fc.constantFrom(...'0123456789-: tmhdw'), maxLength: 16 }),
	anyText,
);
const idText = fc.oneof(fc.constantFrom(' ', '\t', 'nothing-here', 'desk-x'), fc.uuid(), anyText);

describe('/orders since and /order-status id with generated text, through the whole desk', () => {
	it('answers with the orders asked for or one clear sentence, asking the broker nothing for text it refused', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					sinceText.map((text) => ({ since: text })),
					idText.map((text) => ({ id: text })),
				),
				async (input) => {
					const endpoint = 'since' in input ? 'fetch_orders' : 'fetch_order';
					const before = desk.brokerCalls.count(endpoint);
					const handle =
						'since' in input
							? desk.slash(desk.users.viewer, 'orders', { since: input.since })
							: desk.slash(desk.users.viewer, 'order-status', { id: input.id });
					const reply = await desk.reply(handle);
					const [embed] = reply.data.embeds;
					if (embed?.title === undefined) {
						expectClearSentence(messageText(reply.data), Object.values(input));
						expect(desk.brokerCalls.count(endpoint), 'a refused input asks the broker nothing').toBe(before);
						return;
					}
					expect(['Orders', 'No such order']).toContain(embed.title);
					expect(desk.brokerCalls.count(endpoint)).toBeGreaterThan(before);
				},
			),
			{ numRuns: 40 },
		);
	}, 30_000);
});
