import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { InstanceLeaseRepository } from '../../src/store/instance-lease.js';

/** Two bot processes on one database would double every fill: one holds the lease, the other waits for it. */

let folder: string;
const opened: Database.Database[] = [];
afterEach(() => {
	for (const database of opened.splice(0)) database.close();
	rmSync(folder, { recursive: true, force: true });
});

/** Two processes' connections to one database file. */
function twoProcesses() {
	folder = mkdtempSync(join(tmpdir(), 'desk-lease-'));
	const path = join(folder, 'desk.sqlite');
	const first = openDatabase(path);
	const second = openDatabase(path);
	opened.push(first, second);
	return { a: new InstanceLeaseRepository(first), b: new InstanceLeaseRepository(second) };
}

const processA = { id: 'run-a', pid: 101, host: 'desk-1' };
const processB = { id: 'run-b', pid: 202, host: 'desk-2' };
const ttl = 30_000;

describe('the single-instance lease', () => {
	it('refuses a second process while the first holds it, naming the holder and since when', () => {
		const { a, b } = twoProcesses();
		expect(a.claim(processA, 1_000, ttl)).toEqual({ ok: true });
		expect(b.claim(processB, 5_000, ttl)).toEqual({
			ok: false,
			heldBy: { id: 'run-a', pid: 101, host: 'desk-1', since: 1_000, expiresAt: 31_000 },
		});
	});

	it('stays with a holder that renews it, and passes to the next only once it has lapsed', () => {
		const { a, b } = twoProcesses();
		a.claim(processA, 0, ttl);
		expect(a.renew('run-a', 25_000, ttl)).toBe(true);
		expect(b.claim(processB, 40_000, ttl).ok).toBe(false);
		expect(b.claim(processB, 55_000, ttl)).toEqual({ ok: true });
		expect(a.renew('run-a', 56_000, ttl)).toBe(false);
		expect(b.current()).toMatchObject({ id: 'run-b', since: 55_000 });
	});

	it('is free at once after a clean stop releases it', () => {
		const { a, b } = twoProcesses();
		a.claim(processA, 0, ttl);
		b.release('run-b');
		expect(b.claim(processB, 1, ttl).ok).toBe(false);
		a.release('run-a');
		expect(b.claim(processB, 2, ttl)).toEqual({ ok: true });
	});
});
