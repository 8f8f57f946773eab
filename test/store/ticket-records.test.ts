import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrations.js';
import { TicketRecordsRepository } from '../../src/store/ticket-records.js';
import { hour, openedTicket, orderFills, sydneyDayStart } from '../support/ticket-fixtures.js';

const dayStart = sydneyDayStart;
const ticket = (id: string, openedAt: number) => openedTicket(id, openedAt);
const fills = orderFills;

describe('which tickets the day counts', () => {
	let database: Database.Database;
	let records: TicketRecordsRepository;
	const sentIds = () => records.sentSince(dayStart).map((sent) => sent.id);
	const place = (id: string, openedAt: number, outcome = 'placed') => {
		records.opened(ticket(id, openedAt));
		records.settled(id, outcome, `order-${id}`, openedAt);
	};

	beforeEach(() => {
		database = openDatabase(':memory:');
		records = new TicketRecordsRepository(database);
	});

	it('counts today’s sent orders, yesterday’s still working, and any filled today', () => {
		place('today-no-word', dayStart + hour);
		place('today-canceled', dayStart + hour);
		records.recordFills('today-canceled', fills({ status: 'canceled' }));
		place('yesterday-open', dayStart - hour);
		records.recordFills('yesterday-open', fills({ status: 'open' }));
		place('yesterday-filled-today', dayStart - hour);
		records.recordFills('yesterday-filled-today', fills({ status: 'closed', filled: '1', filledAt: dayStart + hour }));
		place('yesterday-filled-yesterday', dayStart - 2 * hour);
		records.recordFills(
			'yesterday-filled-yesterday',
			fills({ status: 'closed', filled: '1', filledAt: dayStart - hour }),
		);
		// Of an order the broker never spoke of, only the day it was sent knows anything.
		place('yesterday-no-word', dayStart - hour);
		place('today-not-placed', dayStart + hour, 'not-placed');
		// The broker's word wins over a ticket that thought its order was not placed.
		place('not-placed-but-filled', dayStart + hour, 'not-placed');
		records.recordFills('not-placed-but-filled', fills({ status: 'closed', filled: '1', filledAt: dayStart + hour }));
		expect(sentIds().sort()).toEqual([
			'not-placed-but-filled',
			'today-canceled',
			'today-no-word',
			'yesterday-filled-today',
			'yesterday-open',
		]);
		expect(records.sentSince(dayStart).find((sent) => sent.id === 'yesterday-open')).toEqual({
			id: 'yesterday-open',
			userId: 'tina',
			symbol: 'BTC/AUD',
			side: 'buy',
			amount: '1',
			value: '150000',
			fills: fills({ status: 'open' }),
		});
		expect(records.sentSince(dayStart).find((sent) => sent.id === 'today-no-word')?.fills).toBeUndefined();
	});

	it('reads a status it does not know as still working', () => {
		place('odd', dayStart + hour);
		records.recordFills('odd', fills({ status: 'open' }));
		// As a newer bot might have written it.
		database.prepare("UPDATE tickets SET order_status = 'partially-filled' WHERE id = 'odd'").run();
		expect(records.fillsOf('odd')?.status).toBe('open');
	});
});

describe('the migration that keeps fills', () => {
	let folder: string;
	beforeEach(() => {
		folder = mkdtempSync(join(tmpdir(), 'desk-tickets-'));
	});
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	it('leaves earlier tickets without fills, counted as before: on the day sent, at their value at worst', () => {
		const path = join(folder, 'desk.sqlite');
		const before = new Database(path);
		const valuesAdded = migrations.findIndex((step) => step.includes('ALTER TABLE tickets ADD COLUMN value'));
		for (const step of migrations.slice(0, valuesAdded + 1)) before.exec(step);
		before.pragma(`user_version = ${valuesAdded + 1}`);
		const insert = before.prepare(
			`INSERT INTO tickets (id, user_id, symbol, side, type, amount, opened_at, outcome, value)
			 VALUES (?, 'tina', 'BTC/AUD', 'buy', 'market', '1', ?, 'placed', '150000')`,
		);
		insert.run('old-today', dayStart + hour);
		insert.run('old-yesterday', dayStart - hour);
		before.close();

		const records = new TicketRecordsRepository(openDatabase(path));
		expect(records.sentSince(dayStart)).toEqual([
			{
				id: 'old-today',
				userId: 'tina',
				symbol: 'BTC/AUD',
				side: 'buy',
				amount: '1',
				value: '150000',
				fills: undefined,
			},
		]);
		expect(records.fillsOf('old-today')).toBeUndefined();
	});
});
