import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLogRepository } from '../../src/store/audit-log.js';
import { openDatabase, StoreError } from '../../src/store/database.js';
import { DeskStateRepository } from '../../src/store/desk-state.js';
import { migrations } from '../../src/store/migrations.js';
import { PriceBoardStore } from '../../src/store/price-board-store.js';

let folder: string;
beforeEach(() => {
	folder = mkdtempSync(join(tmpdir(), 'desk-store-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('the store', () => {
	it('creates its folder and file, uses WAL, and applies every migration once', () => {
		const path = join(folder, 'nested', 'desk.sqlite');
		const database = openDatabase(path);
		expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(database.pragma('user_version', { simple: true })).toBe(migrations.length);
		database.close();
		const again = openDatabase(path);
		expect(again.pragma('user_version', { simple: true })).toBe(migrations.length);
		again.close();
	});

	it('refuses a damaged file with a clear sentence and leaves it untouched', () => {
		const path = join(folder, 'desk.sqlite');
		writeFileSync(path, 'this is not a database, but somebody’s data'.repeat(200));
		expect(() => openDatabase(path)).toThrow(StoreError);
		expect(() => openDatabase(path)).toThrow(/is unreadable or damaged .* It was left untouched/);
		expect(new Database(path, { readonly: true, fileMustExist: true }).name).toBe(path);
	});

	it('refuses a path it cannot write', () => {
		const blocker = join(folder, 'a-file');
		writeFileSync(blocker, 'x');
		expect(() => openDatabase(join(blocker, 'desk.sqlite'))).toThrow(/cannot be opened .* \(STORE_PATH\)/);
	});

	it('refuses a database from a newer version of the bot', () => {
		const path = join(folder, 'desk.sqlite');
		const newer = new Database(path);
		newer.pragma(`user_version = ${migrations.length + 1}`);
		newer.close();
		expect(() => openDatabase(path)).toThrow(/written by a newer version of the bot/);
	});

	it('keeps the halt across a restart', () => {
		const path = join(folder, 'desk.sqlite');
		const first = openDatabase(path);
		const state = new DeskStateRepository(first);
		expect(state.halt()).toEqual({ halted: false, reason: undefined, changedBy: undefined, changedAt: undefined });
		state.setHalted(true, 'desk-head', 'market dislocation', 1000);
		first.close();
		const second = openDatabase(path);
		expect(new DeskStateRepository(second).halt()).toEqual({
			halted: true,
			reason: 'market dislocation',
			changedBy: 'desk-head',
			changedAt: 1000,
		});
		new DeskStateRepository(second).setHalted(false, 'desk-head', undefined, 2000);
		expect(new DeskStateRepository(second).halt().halted).toBe(false);
		second.close();
	});

	it('records audit rows and reads them back newest first, by user and time', () => {
		const database = openDatabase(join(folder, 'desk.sqlite'));
		const audit = new AuditLogRepository(database);
		const row = (at: number, userId: string, outcome: string) => ({
			at,
			userId,
			guildId: 'g',
			channelId: 'c',
			action: '/order',
			inputs: '{"side":"buy"}',
			ticketId: null,
			outcome,
			detail: null,
			latencyMs: 5,
		});
		audit.record(row(1, 'a', 'ok'));
		audit.record(row(2, 'b', 'refused'));
		audit.record(row(3, 'a', 'error'));
		expect(audit.query({ limit: 10 }).map((entry) => entry.at)).toEqual([3, 2, 1]);
		expect(audit.query({ userId: 'a', limit: 10 }).map((entry) => entry.outcome)).toEqual(['error', 'ok']);
		expect(audit.query({ since: 2, limit: 10 }).map((entry) => entry.at)).toEqual([3, 2]);
		expect(audit.query({ limit: 1 })).toEqual([row(3, 'a', 'error')]);
		database.close();
	});

	it('keeps the price board message across a restart, one at a time', () => {
		const path = join(folder, 'desk.sqlite');
		const before = openDatabase(path);
		const first = new PriceBoardStore(before);
		expect(first.current()).toBeUndefined();
		first.set({ channelId: 'c1', messageId: 'm1', postedAt: 1 });
		first.set({ channelId: 'c2', messageId: 'm2', postedAt: 2 });
		before.close();
		const database = openDatabase(path);
		const again = new PriceBoardStore(database);
		expect(again.current()).toEqual({ channelId: 'c2', messageId: 'm2', postedAt: 2 });
		again.clear();
		expect(again.current()).toBeUndefined();
		database.close();
	});
});
