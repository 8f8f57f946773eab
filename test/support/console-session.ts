import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/app/config.js';
import { type RunningDesk, runDesk } from '../../src/app/run-desk.js';
import { leakScanActive, registerEnvironmentSecrets, registerSource, type ScanSource } from './leak-scan.js';
import { folderChunks, registerFileSource, registerTextSource } from './leak-sources.js';

/**
 * The whole desk in console mode, in this process: `runDesk` as `npm start` calls it without a Discord token,
 * its console reading from an input stream the test types into and writing to an output the test reads.
 */
export class ConsoleSession {
	private constructor(
		readonly desk: RunningDesk,
		readonly folder: string,
		readonly input: PassThrough,
		private readonly printed: PrintedText,
		private readonly scanned: readonly ScanSource[] = [],
	) {}

	/**
	 * `env` adds to or overrides the settings; `folder` keeps the console's files across two sessions. The
	 * desk logs at trace (unless `env` says otherwise) and its output, log file and folder go to the leak scan.
	 */
	static async start(
		env: Record<string, string> = {},
		options: { terminal?: boolean; folder?: string } = {},
	): Promise<ConsoleSession> {
		const folder = options.folder ?? mkdtempSync(join(tmpdir(), 'desk-console-'));
		const config = loadConfig({
			LOG_LEVEL: leakScanActive() ? 'trace' : 'silent',
			SANDBOX_PORT: '0',
			STORE_PATH: join(folder, `unused-${randomUUID()}.sqlite`),
			CONSOLE_STORE_PATH: join(folder, 'console.sqlite'),
			CONSOLE_LOG_PATH: join(folder, 'console.log'),
			...env,
		});
		const input = new PassThrough();
		const printed = new PrintedText();
		const io = { stdin: input, stdout: printed.stream, terminal: options.terminal ?? false, colour: false };
		registerEnvironmentSecrets(env);
		const scanned = [
			registerTextSource('the console output', () => printed.text),
			registerFileSource('the console log file', config.console.logPath),
		];
		const session = new ConsoleSession(await runDesk(config, io), folder, input, printed, [
			...scanned,
			// At the end, every other file the console keeps: its store, history and saved attachments.
			registerSource('the console folder', (final) => (final ? folderChunks(folder, [config.console.logPath]) : [])),
		]);
		await session.waitFor(/Ctrl-D, Ctrl-C or \/quit leaves/);
		return session;
	}

	get output(): string {
		return this.printed.text;
	}

	/** Where the output ends now; pass it to `waitFor` to look only at what comes after. */
	mark(): number {
		return this.output.length;
	}

	/** Raw keys, as a terminal sends them: `\r` for Enter, `\x1b[A` for Up, `\t` for Tab, `\x03` for Ctrl-C. */
	keys(keys: string): number {
		const from = this.mark();
		this.input.write(keys);
		return from;
	}

	type(line: string): number {
		const from = this.mark();
		this.input.write(`${line}\n`);
		return from;
	}

	/** The output from `from` on once it matches, or an error after `timeoutMs` showing what was printed. */
	waitFor(pattern: RegExp | string, from = 0, timeoutMs = 10_000): Promise<string> {
		return this.printed.waitFor(pattern, from, timeoutMs);
	}

	/** The number shown for a button, e.g. `[3] Confirm`, in the output from `from` on. */
	async buttonNumber(label: string, from = 0): Promise<string> {
		const text = await this.waitFor(new RegExp(`\\[(\\d+)\\] ${label}`), from);
		const found = new RegExp(`\\[(\\d+)\\] ${label}`).exec(text)?.[1];
		if (!found) throw new Error(`no ${label} button`);
		return found;
	}

	/** Ends the input (Ctrl-D), then waits for the shutdown that follows. */
	async close(): Promise<void> {
		this.input.end();
		await this.desk.ended;
		await this.desk.stop();
		this.releaseScan();
	}

	async dispose(): Promise<void> {
		this.input.end();
		await this.desk.stop();
		this.releaseScan();
		rmSync(this.folder, { recursive: true, force: true });
	}

	/** The leak scan reads the output, log and folder one last time, before the folder goes. */
	private releaseScan(): void {
		for (const source of this.scanned) source.release();
	}
}

/** Everything written to a stream, with waits that wake on each write. */
export class PrintedText {
	text = '';
	readonly stream = new PassThrough();
	private readonly watchers = new Set<() => void>();

	constructor() {
		this.stream.on('data', (chunk: Buffer) => {
			this.text += chunk.toString('utf8');
			for (const watcher of [...this.watchers]) watcher();
		});
	}

	waitFor(pattern: RegExp | string, from: number, timeoutMs: number): Promise<string> {
		return new Promise((resolve, reject) => {
			const check = () => {
				const text = this.text.slice(from);
				if (typeof pattern === 'string' ? !text.includes(pattern) : !pattern.test(text)) return;
				finish();
				resolve(text);
			};
			const finish = () => {
				clearTimeout(timer);
				this.watchers.delete(check);
			};
			const timer = setTimeout(() => {
				finish();
				reject(new Error(`timed out waiting for ${pattern}; the console printed:\n${this.text.slice(from)}`));
			}, timeoutMs);
			this.watchers.add(check);
			check();
		});
	}
}
