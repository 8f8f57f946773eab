import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations.js';

/** The store could not be opened as it is; start-up stops with this, and nothing is recreated. */
export class StoreError extends Error {
	override readonly name = 'StoreError';
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Opens (or creates) the desk's database: WAL journal, an integrity check, then the migrations it lacks, in
 * one transaction. A corrupt, foreign or unwritable file stops start-up with a sentence saying so; it is
 * never silently replaced, since it holds the audit trail and what was already posted.
 */
export function openDatabase(path: string): Database.Database {
	let database: Database.Database;
	try {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		database = new Database(path);
	} catch (error) {
		throw new StoreError(
			`The desk database at ${path} cannot be opened (${describe(error)}). Check the path and its permissions (STORE_PATH).`,
		);
	}
	try {
		database.pragma('journal_mode = WAL');
		database.pragma('foreign_keys = ON');
		const check = database.pragma('quick_check', { simple: true });
		if (check !== 'ok') throw new Error(String(check));
		migrate(database);
		return database;
	} catch (error) {
		database.close();
		throw new StoreError(
			`The desk database at ${path} is unreadable or damaged (${describe(error)}). It was left untouched: restore it from a backup, or move it aside to start an empty one.`,
		);
	}
}

function migrate(database: Database.Database): void {
	const current = Number(database.pragma('user_version', { simple: true }));
	if (current > migrations.length) {
		throw new Error(
			`it was written by a newer version of the bot (schema ${current}, this one knows ${migrations.length})`,
		);
	}
	const apply = database.transaction(() => {
		for (let version = current; version < migrations.length; version++) database.exec(migrations[version] ?? '');
		database.pragma(`user_version = ${migrations.length}`);
	});
	apply();
}
