import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdInstanceLease } from '../../src/app/instance-lease.js';
import { openDatabase } from '../../src/store/database.js';
import { InstanceLeaseRepository } from '../../src/store/instance-lease.js';

let folder: string | undefined;
afterEach(() => {
	vi.useRealTimers();
	if (folder) rmSync(folder, { recursive: true, force: true });
	folder = undefined;
});

describe('holding the single-instance lease', () => {
	it('stops this process when it stalled past its lease and another took the database over', async () => {
		vi.useFakeTimers();
		folder = mkdtempSync(join(tmpdir(), 'desk-lease-'));
		const path = join(folder, 'desk.sqlite');
		const ours = openDatabase(path);
		const theirs = openDatabase(path);
		try {
			let now = 0;
			const onLost = vi.fn();
			const lease = holdInstanceLease(ours, path, 'Australia/Sydney', pino({ level: 'silent' }), onLost, () => now);
			await vi.advanceTimersByTimeAsync(10_000);
			expect(onLost).not.toHaveBeenCalled();

			// This process stalls for a minute: its lease lapses and a new process takes the database.
			now = 70_000;
			expect(new InstanceLeaseRepository(theirs).claim({ id: 'new', pid: 9, host: 'h' }, now, 30_000)).toEqual({
				ok: true,
			});
			await vi.advanceTimersByTimeAsync(10_000);
			expect(onLost).toHaveBeenCalledTimes(1);
			lease.release();
			expect(new InstanceLeaseRepository(theirs).current()).toMatchObject({ id: 'new' });
		} finally {
			ours.close();
			theirs.close();
		}
	});

	it('refuses to start while another process holds it', () => {
		folder = mkdtempSync(join(tmpdir(), 'desk-lease-'));
		const path = join(folder, 'desk.sqlite');
		const ours = openDatabase(path);
		const theirs = openDatabase(path);
		try {
			new InstanceLeaseRepository(theirs).claim({ id: 'other', pid: 4242, host: 'desk-2' }, Date.now(), 30_000);
			expect(() =>
				holdInstanceLease(ours, path, 'Australia/Sydney', pino({ level: 'silent' }), () => undefined),
			).toThrow(
				/^Another desk bot already runs on the database at .*: process 4242 on desk-2, since \d\d:\d\d:\d\d AE[DS]T\./,
			);
		} finally {
			ours.close();
			theirs.close();
		}
	});
});
