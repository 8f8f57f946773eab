import { Decimal } from 'decimal.js';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { OrderFillRecorder } from '../../src/desk/order-fills.js';
import { openDatabase } from '../../src/store/database.js';
import { TicketRecordsRepository } from '../../src/store/ticket-records.js';
import type { Order, OrderUpdate, Trade } from '../../src/zerocap/domain.js';
import { d } from '../support/decimals.js';
import { openedTicket } from '../support/ticket-fixtures.js';

/** The broker's order updates, as the stream and the relay's catch-up deliver them, kept on the ticket's record. */

/** Midnight in Sydney that began 2 December 2026. */
const dayStart = Date.parse('2026-12-01T13:00:00Z');
const hour = 3_600_000;

let records: TicketRecordsRepository;
let heardAt: number;
let recorder: OrderFillRecorder;

beforeEach(() => {
	records = new TicketRecordsRepository(openDatabase(':memory:'));
	heardAt = dayStart + 5 * hour;
	recorder = new OrderFillRecorder({
		records,
		timeZone: 'Australia/Sydney',
		now: () => heardAt,
		logger: pino({ level: 'silent' }),
	});
	records.opened(openedTicket('ticket-1', dayStart - 2 * hour));
	records.settled('ticket-1', 'placed', 'order-1', dayStart - 2 * hour);
});

type DecimalField = 'price' | 'amount' | 'filled' | 'remaining' | 'cost';
/** An order update as the stream reads it, decimals given as text. */
const update = (
	fields: Partial<Omit<OrderUpdate, DecimalField>> & { filled?: string; cost?: string } = {},
): OrderUpdate => {
	const { filled = '0', cost = '0', ...rest } = fields;
	return {
		id: 'order-1',
		clientOrderId: 'ticket-1',
		symbol: 'BTC/AUD',
		side: 'buy',
		type: 'limit',
		status: 'open',
		timeInForce: 'GTC',
		price: d('150000'),
		average: undefined,
		amount: d('1'),
		filled: d(filled),
		remaining: d(new Decimal(1).minus(filled).toFixed()),
		cost: d(cost),
		createdAt: dayStart - 2 * hour,
		updatedAt: dayStart - 2 * hour,
		lastTradeAt: undefined,
		rejectReason: undefined,
		...rest,
	};
};

const trade = (amount: string, price: string, timestamp: number): Trade => ({
	id: `trade-${timestamp}`,
	orderId: 'order-1',
	symbol: 'BTC/AUD',
	side: 'buy',
	type: 'limit',
	price: d(price),
	amount: d(amount),
	cost: undefined,
	timestamp,
	takerOrMaker: 'maker',
});

describe('what the broker says of a ticket’s order', () => {
	it('keeps its fills and status from the order updates, by the client order id', () => {
		recorder.heard(update({}));
		expect(records.fillsOf('ticket-1')).toEqual({
			status: 'open',
			filled: '0',
			cost: '0',
			filledAt: null,
			filledBeforeDay: '0',
			costBeforeDay: null,
		});
		recorder.heard(update({ filled: '0.4', cost: '58000', updatedAt: dayStart + hour }));
		expect(records.fillsOf('ticket-1')).toMatchObject({
			status: 'open',
			filled: '0.4',
			cost: '58000',
			filledAt: dayStart + hour,
		});
		recorder.heard(update({ status: 'canceled', filled: '0.4', cost: '58000', updatedAt: dayStart + 2 * hour }));
		expect(records.fillsOf('ticket-1')).toMatchObject({ status: 'canceled', filled: '0.4', filledAt: dayStart + hour });
	});

	it('never lets an older word undo a newer one: fills only grow, and an ended order stays ended', () => {
		recorder.heard(update({ filled: '0.4', cost: '58000', updatedAt: dayStart + hour }));
		recorder.heard(update({ filled: '0.2', cost: '29000', updatedAt: dayStart }));
		expect(records.fillsOf('ticket-1')).toMatchObject({ filled: '0.4', cost: '58000' });
		recorder.heard(update({ status: 'closed', filled: '1', cost: '149000', updatedAt: dayStart + 2 * hour }));
		recorder.heard(update({ status: 'open', filled: '0.4', cost: '58000', updatedAt: dayStart + hour }));
		expect(records.fillsOf('ticket-1')).toMatchObject({ status: 'closed', filled: '1', cost: '149000' });
	});

	it('keeps apart what filled before the desk day of the latest fill', () => {
		recorder.heard(update({ filled: '0.25', cost: '37000', updatedAt: dayStart - hour }));
		recorder.heard(update({ status: 'closed', filled: '1', cost: '149000', updatedAt: dayStart + hour }));
		expect(records.fillsOf('ticket-1')).toMatchObject({
			filled: '1',
			cost: '149000',
			filledAt: dayStart + hour,
			filledBeforeDay: '0.25',
			costBeforeDay: '37000',
		});
		// A later fill the same day keeps what was before the day as it was.
		recorder.heard(update({ status: 'closed', filled: '1', cost: '149000', updatedAt: dayStart + 3 * hour }));
		expect(records.fillsOf('ticket-1')).toMatchObject({ filledBeforeDay: '0.25', costBeforeDay: '37000' });
	});

	it('takes the fill times from an order read over REST with its trades', () => {
		const order: Order = {
			...update({ status: 'closed', filled: '1', cost: '149000', updatedAt: dayStart + 4 * hour }),
			lastTradeAt: undefined,
			trades: [trade('0.25', '148000', dayStart - hour), trade('0.75', '149333.333333', dayStart + hour)],
		};
		recorder.heard(order);
		expect(records.fillsOf('ticket-1')).toMatchObject({
			status: 'closed',
			filled: '1',
			filledAt: dayStart + hour,
			filledBeforeDay: '0.25',
			costBeforeDay: '37000',
		});
	});

	it('dates a fill by the time it was heard when the update carries no time', () => {
		recorder.heard(update({ status: 'closed', filled: '1', cost: '149000', updatedAt: undefined }));
		expect(records.fillsOf('ticket-1')).toMatchObject({ filledAt: heardAt });
	});

	it('ignores orders that are not the bot’s tickets', () => {
		recorder.heard(update({ clientOrderId: 'someone-else', filled: '1', status: 'closed' }));
		recorder.heard(update({ clientOrderId: undefined, filled: '1', status: 'closed' }));
		expect(records.fillsOf('someone-else')).toBeUndefined();
		expect(records.fillsOf('ticket-1')).toBeUndefined();
	});

	it('records orders as the relay’s catch-up reads them, and hands them on unchanged', async () => {
		const order: Order = { ...update({ status: 'closed', filled: '1', cost: '149000' }), trades: [] };
		const source = {
			async *iterateOrders() {
				yield order;
			},
		};
		const read: Order[] = [];
		for await (const each of recorder.reading(source).iterateOrders({})) read.push(each);
		expect(read).toEqual([order]);
		expect(records.fillsOf('ticket-1')).toMatchObject({ status: 'closed', filled: '1' });
	});
});
