import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { deskClock } from '../desk/desk-time.js';
import { type HeldLease, InstanceLeaseRepository } from '../store/instance-lease.js';

/**
 * A lease lapses this long after its holder last renewed it. Long enough that a busy process keeps it, short
 * enough that a crashed one frees its database within half a minute; renewed three times a lease.
 */
const leaseTtlMs = 30_000;
const renewEveryMs = 10_000;

function heldBy(lease: HeldLease, path: string, timeZone: string): string {
	return [
		`Another desk bot already runs on the database at ${path}: process ${lease.pid} on ${lease.host}, since ${deskClock(lease.since, timeZone)}.`,
		'Two bots on one database would post every fill twice, so this one does not start.',
		`Stop the other one first (a clean stop frees the database at once); if it died, its lease lapses at ${deskClock(lease.expiresAt, timeZone)} and this one can then start.`,
	].join(' ');
}

export interface InstanceLease {
	/** Gives the lease up; call it last, before the database closes. */
	release(): void;
}

/**
 * Takes the single-instance lease on the database, or throws a sentence naming who holds it and since when.
 * Renews it while the process runs; a lease lost (this process stalled past its lapse and another took over)
 * calls `onLost`, which must stop this process from posting anything more.
 */
export function holdInstanceLease(
	database: Database.Database,
	path: string,
	/** The desk's zone, for the times in the refusal. */
	timeZone: string,
	logger: Logger,
	onLost: () => void,
	now: () => number = Date.now,
): InstanceLease {
	const leases = new InstanceLeaseRepository(database);
	const holder = { id: randomUUID(), pid: process.pid, host: hostname() };
	const claim = leases.claim(holder, now(), leaseTtlMs);
	if (!claim.ok) throw new Error(heldBy(claim.heldBy, path, timeZone));
	logger.info({ pid: holder.pid, host: holder.host }, 'single-instance lease taken');
	const timer = setInterval(() => {
		let renewed = false;
		try {
			renewed = leases.renew(holder.id, now(), leaseTtlMs);
		} catch (error) {
			// A database too busy to renew this time is tried again; the lease still has two renewals of slack.
			logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'lease not renewed this time');
			return;
		}
		if (renewed) return;
		clearInterval(timer);
		logger.fatal({ taker: leases.current() }, 'single-instance lease lost to another process; stopping');
		onLost();
	}, renewEveryMs);
	timer.unref();
	return {
		release: () => {
			clearInterval(timer);
			try {
				leases.release(holder.id);
			} catch (error) {
				logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'lease not released');
			}
		},
	};
}
