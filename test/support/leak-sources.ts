import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import Database from 'better-sqlite3';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { pino } from 'pino';
import { createLogger } from '../../src/app/log.js';
import { type Chunk, leakScanActive, registerSource, type ScanSource } from './leak-scan.js';

/** The kinds of text the leak scan reads (see leak-scan.ts): output, files, lists, databases, logs, errors. */

/** Text that only grows (printed output): scanned whole lines at a time, the last partial line at release. */
export function registerTextSource(label: string, text: () => string): ScanSource {
	let offset = 0;
	let line = 1;
	return registerSource(label, (final) => {
		const all = text();
		const end = final ? all.length : all.lastIndexOf('\n') + 1;
		if (end <= offset) return [];
		const chunk = { where: `from line ${line}`, text: all.slice(offset, end) };
		line += countLines(chunk.text);
		offset = end;
		return [chunk];
	});
}

/** A file that only grows (a log file): read from where the last scan stopped. */
export function registerFileSource(label: string, path: string): ScanSource {
	let offset = 0;
	return registerSource(label, (final) => {
		if (!existsSync(path)) return [];
		const bytes = readFileSync(path);
		const end = final ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
		if (end <= offset) return [];
		const chunk = { where: `${path} from byte ${offset}`, text: bytes.subarray(offset, end).toString('utf8') };
		offset = end;
		return [chunk];
	});
}

/** A list that only grows (a fake's recorded requests): each new item once. */
export function registerListSource<T>(
	label: string,
	list: readonly T[],
	describe: (item: T, index: number) => Chunk,
): ScanSource {
	let next = 0;
	return registerSource(label, () => {
		const chunks = list.slice(next).map((item, index) => describe(item, next + index));
		next = list.length;
		return chunks;
	});
}

/** Every row of every table of an open database, each row once per distinct content. */
export function registerDatabaseSource(label: string, database: Database.Database): ScanSource {
	const seen = new Set<string>();
	return registerSource(label, () => (database.open ? newRows(database, seen) : []));
}

function newRows(database: Database.Database, seen: Set<string>): Chunk[] {
	const tables = database
		.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
		.all();
	const chunks: Chunk[] = [];
	for (const { name } of tables) {
		for (const row of database.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all()) {
			const text = JSON.stringify(row, (_key, value) => (Buffer.isBuffer(value) ? value.toString('utf8') : value));
			if (seen.has(text)) continue;
			seen.add(text);
			chunks.push({ where: `table ${name}`, text });
		}
	}
	return chunks;
}

/** The rows of a database file nobody has open any more. */
export function databaseFileChunks(path: string): Chunk[] {
	if (!existsSync(path)) return [];
	// Read-write, so that a write-ahead log left by a killed process is read too.
	const database = new Database(path, { fileMustExist: true });
	try {
		return newRows(database, new Set()).map((chunk) => ({ ...chunk, where: `${path} ${chunk.where}` }));
	} finally {
		database.close();
	}
}

/** Every file under a folder: SQLite databases row by row, anything else as text. */
export function folderChunks(folder: string, skip: readonly string[] = []): Chunk[] {
	if (!existsSync(folder)) return [];
	const chunks: Chunk[] = [];
	for (const name of readdirSync(folder)) {
		const path = join(folder, name);
		if (skip.includes(path) || /-(wal|shm|journal)$/.test(name)) continue;
		if (statSync(path).isDirectory()) chunks.push(...folderChunks(path, skip));
		else if (/\.(sqlite|db)$/.test(name)) chunks.push(...databaseFileChunks(path));
		else chunks.push({ where: path, text: readFileSync(path, 'utf8') });
	}
	return chunks;
}

/** Errors as a log or a person could see them (message, stack, own properties, causes), for the scan. */
export function registerErrors(label: string, errors: readonly unknown[]): ScanSource {
	return registerListSource(label, errors, (error, index) => ({
		where: `error ${index + 1}`,
		text: inspect(error, { depth: 6, breakLength: Number.POSITIVE_INFINITY }),
	}));
}

/** Everything written with `console.*` in this process while the scan is active. */
export function scanConsole(): void {
	if (!leakScanActive()) return;
	const printed: Chunk[] = [];
	for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
		const original = console[method];
		console[method] = (...args: unknown[]) => {
			printed.push({ where: `console.${method}`, text: format(...args) });
			original.apply(console, args);
		};
	}
	registerSource('the test process console', () => printed.splice(0));
}

/** An in-memory pino destination whose lines are scanned and then dropped. */
export function memoryLogSink(label: string): DestinationStream {
	let pending: string[] = [];
	let line = 0;
	registerSource(label, () => {
		const chunks = pending.map((text) => ({ where: `line ${++line}`, text }));
		pending = [];
		return chunks;
	});
	return {
		write: (text: string) => {
			pending.push(text);
		},
	};
}

/**
 * The logger test support hands the code under test: the project's own `createLogger` (its redaction) at
 * `level`, into memory for the scan. Silent when the scan is not active (benchmarks).
 */
export function scannedLogger(label: string, level: LoggerOptions['level'] = 'trace'): Logger {
	return leakScanActive() ? createLogger(level, memoryLogSink(label)) : pino({ level: 'silent' });
}

function countLines(text: string): number {
	let count = 0;
	for (const character of text) if (character === '\n') count++;
	return count;
}
