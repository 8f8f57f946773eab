import { Decimal } from 'decimal.js';
import type { APIEmbed, BaseMessageOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { OrderPreview } from '../../src/desk/order-preview.js';
import { TicketBook } from '../../src/desk/tickets.js';
import { formatAmount, formatCost } from '../../src/discord/render/format.js';
import { renderOrder } from '../../src/discord/render/order.js';
import { renderOrdersPage } from '../../src/discord/render/orders-page.js';
import { renderQuote } from '../../src/discord/render/quote.js';
import { renderPlacement, renderTicket } from '../../src/discord/render/ticket.js';
import type { Order } from '../../src/zerocap/domain.js';
import { d } from '../support/decimals.js';
import { valuedAt } from '../support/valuations.js';

function embedOf(message: BaseMessageOptions): APIEmbed {
	const [embed] = message.embeds ?? [];
	if (!embed) throw new Error('no embed');
	return 'toJSON' in embed ? embed.toJSON() : embed;
}

function text(embed: APIEmbed): string {
	return [
		embed.title,
		embed.description,
		...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
		embed.footer?.text,
	].join('\n');
}

function buttons(message: BaseMessageOptions): unknown[] {
	return (message.components ?? []).flatMap((row) => {
		const json: object = 'toJSON' in row ? row.toJSON() : row;
		return 'components' in json && Array.isArray(json.components) ? json.components : [];
	});
}

const order: Order = {
	id: 'order-1',
	clientOrderId: 'desk-1',
	symbol: 'USDT/AUD',
	side: 'buy',
	type: 'market',
	status: 'closed',
	timeInForce: 'FOK',
	price: d('1.5327'),
	average: d('1.5327'),
	amount: d('1000'),
	filled: d('1000'),
	remaining: d('0'),
	cost: d('1532.7'),
	createdAt: Date.UTC(2026, 0, 5),
	updatedAt: undefined,
	lastTradeAt: undefined,
	rejectReason: undefined,
	trades: Array.from({ length: 12 }, (_, index) => ({
		id: `t-${index}`,
		orderId: 'order-1',
		symbol: 'USDT/AUD',
		side: 'buy' as const,
		type: 'market' as const,
		price: d('1.5327'),
		amount: d('83.33'),
		cost: d('127.72'),
		timestamp: Date.UTC(2026, 0, 5),
		takerOrMaker: 'taker',
	})),
};

const preview: OrderPreview = {
	draft: {
		symbol: 'USDT/AUD',
		side: 'buy',
		type: 'market',
		amount: new Decimal(1000),
		price: undefined,
		priceIgnored: true,
	},
	indicativePrice: new Decimal('1.533'),
	valuation: valuedAt('1533', '1.533'),
	needsRetype: true,
	limitWarning: undefined,
	approvalAbove: undefined,
};

describe('rendering', () => {
	it('groups thousands without touching the decimals', () => {
		expect(formatAmount('1234567.891')).toBe('1,234,567.891');
		expect(formatAmount(new Decimal('1533'), 2)).toBe('1,533.00');
	});

	it('shows a live ladder with tiers, mid, spread and the price for a size', () => {
		const ladder = {
			symbol: 'USDT/AUD',
			timestamp: 0,
			buyTiers: [{ price: d('1.5327'), quantity: d('100') }],
			sellTiers: [{ price: d('1.5313'), quantity: d('100') }],
		};
		const embed = embedOf(
			renderQuote(
				'USDT/AUD',
				{
					kind: 'live',
					ladder,
					ageMs: 400,
					mid: new Decimal('1.532'),
					spread: new Decimal('0.0014'),
					spreadBps: new Decimal('9.138'),
				},
				{ amount: new Decimal(50), buy: new Decimal('1.5327'), sell: undefined },
			),
		);
		const shown = text(embed);
		expect(shown).toContain('Buy (you pay)\nup to 100: **1.5327**');
		expect(shown).toContain('Sell (you receive)\nup to 100: **1.5313**');
		expect(shown).toContain('Mid\n1.532');
		expect(shown).toContain('0.0014 (9.1 bps)');
		expect(shown).toContain('For 50\nbuy **1.5327** · sell: larger than the largest tier');
		expect(shown).toContain('updated just now');
	});

	it.each([
		[{ kind: 'stale', ageMs: 42_000 } as const, 'is 42 s ago; it is stale and not shown as current'],
		[{ kind: 'unavailable', ageMs: 3_000 } as const, 'price stream is unavailable'],
		[{ kind: 'none' } as const, 'No price has arrived for USDT/AUD yet.'],
	])('says plainly when there is no current price (%j)', (quote, words) => {
		const embed = embedOf(renderQuote('USDT/AUD', quote));
		expect(embed.title).toBe('USDT/AUD: no current price');
		expect(text(embed)).toContain(words);
		expect(embed.fields ?? []).toEqual([]);
	});

	it('renders a ticket with what will be sent, the notes, and Confirm and Cancel', () => {
		const ticket = new TicketBook(
			30_000,
			() => 1_767_571_200_000,
			() => 'desk-abc',
		).open('trader', preview);
		const message = renderTicket(ticket);
		const shown = text(embedOf(message));
		expect(shown).toContain('BUY 1,000 USDT/AUD market');
		expect(shown).toContain('Indicative price\n1.533');
		expect(shown).toContain('Value at worst\n1,533.00 AUD\nat the market for its size');
		expect(shown).toContain('`desk-abc`');
		expect(shown).toContain('expires <t:1767571230:R>');
		expect(shown).toContain('The price you gave is ignored');
		expect(shown).toContain('type the amount again');
		expect(buttons(message)).toEqual([
			expect.objectContaining({ custom_id: 'order:confirm:desk-abc', label: 'Confirm' }),
			expect.objectContaining({ custom_id: 'order:cancel:desk-abc', label: 'Cancel' }),
		]);
	});

	it('renders each placement outcome without buttons', () => {
		const ticket = new TicketBook(
			30_000,
			() => 0,
			() => 'desk-abc',
		).open('trader', preview);
		const placed = renderPlacement(ticket, { kind: 'placed', order });
		expect(text(embedOf(placed))).toContain('Placed: filled.');
		expect(text(embedOf(placed))).toContain('Average price\n1.5327');
		expect(placed.components).toEqual([]);
		const rejected = renderPlacement(ticket, {
			kind: 'rejected',
			reason: 'too large',
			order: { ...order, status: 'rejected', rejectReason: 'too large' },
		});
		expect(text(embedOf(rejected))).toContain('Rejected by the broker: too large');
		expect(text(embedOf(renderPlacement(ticket, { kind: 'not-placed', reason: 'Refused.' })))).toContain(
			'Not placed. Refused.',
		);
		expect(text(embedOf(renderPlacement(ticket, { kind: 'unresolved', reason: 'Check it.' })))).toContain(
			'Unknown. Check it.',
		);
	});

	it('renders an order with its first ten trades and a count of the rest', () => {
		const shown = text(embedOf(renderOrder(order, 'Australia/Sydney')));
		expect(shown).toContain('Placed 2026-01-05 11:00:00 AEDT');
		expect(shown).toContain('11:00:00 AEDT 83.33 @ 1.5327 = 127.72 AUD');
		expect(shown).toContain('BUY 1,000 USDT/AUD market');
		expect(shown).toContain('Status\nfilled');
		expect(shown).toContain('Trades (12)');
		expect(shown).toContain('… and 2 more');
		expect(shown.match(/83\.33 @ 1\.5327 = 127\.72 AUD/g)).toHaveLength(10);
		expect(shown).toContain('Cost\n1,532.70 AUD');
	});

	it('names the currency of a cost and writes it to the cent, never rounding the broker’s digits away', () => {
		expect(formatCost('1532.7', 'BTC/AUD')).toBe('1,532.70 AUD');
		expect(formatCost('2000', 'BTC/USDT')).toBe('2,000.00 USDT');
		expect(formatCost('0.123456', 'ETH/AUD')).toBe('0.123456 AUD');
		expect(formatCost('12.5', 'ODD')).toBe('12.50');
	});

	it('renders a page of orders with working Previous/Next states', () => {
		const first = renderOrdersPage(
			{ orders: [order], unreadable: 0, total: 25, page: 1, limit: 10 },
			'q1',
			'All orders, newest first',
			'Australia/Sydney',
		);
		expect(text(embedOf(first))).toContain('2026-01-05 11:00:00 AEDT **BUY 1,000 USDT/AUD**');
		expect(text(embedOf(first))).toContain('Page 1 of 3 · 25 orders in all');
		expect(buttons(first)).toEqual([
			expect.objectContaining({ custom_id: 'orders:page:q1:0', disabled: true }),
			expect.objectContaining({ custom_id: 'orders:page:q1:2', disabled: false }),
		]);
		const last = renderOrdersPage({ orders: [order], unreadable: 0, total: 25, page: 3, limit: 10 }, 'q1', '', 'UTC');
		expect(buttons(last)).toEqual([
			expect.objectContaining({ disabled: false }),
			expect.objectContaining({ disabled: true }),
		]);
		expect(
			text(
				embedOf(
					renderOrdersPage({ orders: [], unreadable: 0, total: 0, page: 1, limit: 10 }, 'q', '', 'Australia/Sydney'),
				),
			),
		).toContain('No orders match.');
	});
});

describe('one vocabulary for order statuses', () => {
	const statuses = [
		['open', 'open'],
		['closed', 'filled'],
		['rejected', 'rejected'],
		['canceled', 'canceled'],
	] as const;

	it.each(statuses)('a %s order reads "%s" in /orders, /order-status and the ticket alike', (status, word) => {
		const shown = { ...order, status };
		const page = text(
			embedOf(
				renderOrdersPage({ orders: [shown], unreadable: 0, total: 1, page: 1, limit: 10 }, 'q', '', 'Australia/Sydney'),
			),
		);
		expect(page).toMatch(new RegExp(`market, ${word}\\b`));
		expect(text(embedOf(renderOrder(shown, 'Australia/Sydney')))).toContain(`Status\n${word}`);
		if (status !== 'rejected') {
			const ticket = renderPlacement(new TicketBook(1000).open('t', preview), { kind: 'placed', order: shown });
			expect(text(embedOf(ticket))).toContain(status === 'open' ? 'resting at its limit' : `Placed: ${word}.`);
		}
		if (status !== 'closed') expect(page).not.toContain('closed');
	});

	it('counts one order as "1 order"', () => {
		const page = renderOrdersPage(
			{ orders: [order], unreadable: 0, total: 1, page: 1, limit: 10 },
			'q',
			'',
			'Australia/Sydney',
		);
		expect(text(embedOf(page))).toContain('Page 1 of 1 · 1 order in all');
	});
});
