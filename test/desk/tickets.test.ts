import { Decimal } from 'decimal.js';
import { describe, expect, it, vi } from 'vitest';
import type { OrderPreview } from '../../src/desk/order-preview.js';
import { TicketBook, ticketRefusalText } from '../../src/desk/tickets.js';
import { valuedAt } from '../support/valuations.js';

const preview: OrderPreview = {
	draft: {
		symbol: 'USDT/AUD',
		side: 'buy',
		type: 'market',
		amount: new Decimal(100),
		price: undefined,
		priceIgnored: false,
	},
	indicativePrice: new Decimal('1.5327'),
	valuation: valuedAt('153.27', '1.5327'),
	needsRetype: false,
	limitWarning: undefined,
	approvalAbove: undefined,
};

function book() {
	let now = 1_000_000;
	let next = 0;
	const tickets = new TicketBook(
		30_000,
		() => now,
		() => `ticket-${++next}`,
	);
	return { tickets, advance: (ms: number) => (now += ms) };
}

describe('tickets', () => {
	it('are claimed once, by their owner, however many clicks race', () => {
		const { tickets } = book();
		const ticket = tickets.open('trader-1', preview);
		expect(ticket).toMatchObject({ id: 'ticket-1', userId: 'trader-1', expiresAt: 1_030_000, state: 'open' });
		const clicks = [
			tickets.claim(ticket.id, 'trader-1'),
			tickets.claim(ticket.id, 'trader-1'),
			tickets.claim(ticket.id, 'trader-1'),
		];
		expect(clicks.map((click) => click.ok)).toEqual([true, false, false]);
		expect(clicks[1]).toEqual({ ok: false, refusal: ticketRefusalText.used });
		tickets.finish(ticket.id);
		expect(tickets.claim(ticket.id, 'trader-1')).toEqual({ ok: false, refusal: ticketRefusalText.used });
	});

	it('refuse a stranger without using the ticket up', () => {
		const { tickets } = book();
		const ticket = tickets.open('trader-1', preview);
		expect(tickets.claim(ticket.id, 'stranger')).toEqual({ ok: false, refusal: ticketRefusalText['not-yours'] });
		expect(tickets.cancel(ticket.id, 'stranger')).toEqual({ ok: false, refusal: ticketRefusalText['not-yours'] });
		expect(tickets.claim(ticket.id, 'trader-1').ok).toBe(true);
	});

	it('expire after their time to live', () => {
		const { tickets, advance } = book();
		const ticket = tickets.open('trader-1', preview);
		advance(29_999);
		expect(tickets.check(ticket.id, 'trader-1').ok).toBe(true);
		advance(1);
		expect(tickets.claim(ticket.id, 'trader-1')).toEqual({ ok: false, refusal: ticketRefusalText.expired });
	});

	it('once canceled cannot be confirmed', () => {
		const { tickets } = book();
		const ticket = tickets.open('trader-1', preview);
		expect(tickets.cancel(ticket.id, 'trader-1').ok).toBe(true);
		expect(tickets.claim(ticket.id, 'trader-1')).toEqual({ ok: false, refusal: ticketRefusalText.canceled });
		expect(tickets.cancel(ticket.id, 'trader-1')).toEqual({ ok: false, refusal: ticketRefusalText.canceled });
	});

	it('refuse a large order until its amount was typed again', () => {
		const { tickets } = book();
		const large = tickets.open('trader-1', { ...preview, needsRetype: true });
		expect(tickets.claim(large.id, 'trader-1')).toEqual({ ok: false, refusal: ticketRefusalText['needs-retype'] });
		expect(tickets.claim(large.id, 'trader-1', true).ok).toBe(true);
	});

	it('can be given back unsent, and shutdown waits until none is being sent', async () => {
		const { tickets } = book();
		const first = tickets.open('trader-1', preview);
		const second = tickets.open('trader-1', preview);
		expect(await tickets.whenIdle(1000)).toBe(true);
		tickets.claim(first.id, 'trader-1');
		tickets.claim(second.id, 'trader-1');
		expect(tickets.sending()).toBe(2);
		const idle = tickets.whenIdle(5000);
		tickets.release(first.id);
		expect(tickets.check(first.id, 'trader-1').ok).toBe(true);
		tickets.finish(second.id);
		expect(await idle).toBe(true);
		tickets.claim(first.id, 'trader-1');
		expect(await tickets.whenIdle(10)).toBe(false);
	});

	it('unknown ids are refused', () => {
		expect(book().tickets.claim('nope', 'trader-1')).toEqual({ ok: false, refusal: ticketRefusalText.unknown });
	});

	it('are forgotten an hour after they closed, but never while sending', () => {
		const { tickets, advance } = book();
		const done = tickets.open('trader-1', preview);
		const sending = tickets.open('trader-1', preview);
		tickets.claim(sending.id, 'trader-1');
		advance(2 * 60 * 60_000);
		tickets.open('trader-2', preview);
		expect(tickets.check(done.id, 'trader-1')).toEqual({ ok: false, refusal: ticketRefusalText.unknown });
		expect(tickets.check(sending.id, 'trader-1')).toEqual({ ok: false, refusal: ticketRefusalText.used });
	});

	it('use a fresh client order id each', () => {
		const tickets = new TicketBook(30_000);
		const ids = new Set(Array.from({ length: 100 }, () => tickets.open('t', preview).id));
		expect(ids.size).toBe(100);
		for (const id of ids) expect(id).toMatch(/^desk-[0-9a-f-]{36}$/);
	});
});

describe('a ticket’s expiry', () => {
	it('is announced once an open ticket runs out, and not for one confirmed or canceled first', async () => {
		vi.useFakeTimers();
		try {
			let now = 0;
			const tickets = new TicketBook(30_000, () => now);
			const idle = tickets.open('trader-1', preview);
			const confirmed = tickets.open('trader-1', preview);
			const canceled = tickets.open('trader-1', preview);
			const outcomes = Promise.all([
				tickets.whenExpired(idle.id),
				tickets.whenExpired(confirmed.id),
				tickets.whenExpired(canceled.id),
			]);
			now = 10_000;
			tickets.claim(confirmed.id, 'trader-1');
			tickets.cancel(canceled.id, 'trader-1');
			now = 30_000;
			await vi.advanceTimersByTimeAsync(30_000);
			expect(await outcomes).toEqual([true, false, false]);
		} finally {
			vi.useRealTimers();
		}
	});

	it('waits for the desk’s clock, not only the timer', async () => {
		vi.useFakeTimers();
		try {
			let now = 0;
			const tickets = new TicketBook(30_000, () => now);
			const ticket = tickets.open('trader-1', preview);
			let expired: boolean | undefined;
			void tickets.whenExpired(ticket.id).then((value) => {
				expired = value;
			});
			now = 20_000;
			await vi.advanceTimersByTimeAsync(30_000);
			expect(expired).toBeUndefined();
			now = 30_000;
			await vi.advanceTimersByTimeAsync(10_000);
			expect(expired).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});
});
