import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerEnvironmentSecrets, registerSource } from './leak-scan.js';
import { databaseFileChunks, registerFileSource, registerTextSource } from './leak-sources.js';

export interface Running {
	readonly child: ChildProcess;
	output: string;
	readonly exited: Promise<number | null>;
}

/**
 * Runs one of the project's entry points under tsx with only the environment given. The secrets in that
 * environment are registered with the leak scan, which reads what the program prints, its console log file
 * and, once it has exited, its store.
 */
export function run(script: string, env: Record<string, string>): Running {
	const childEnv: Record<string, string> = {
		// A developer's own .env must not leak into these runs.
		PATH: process.env.PATH ?? '',
		DOTENV_CONFIG_PATH: '/nonexistent/.env',
		LOG_LEVEL: 'silent',
		SANDBOX_PORT: '0',
		STORE_PATH: join(tmpdir(), `desk-test-${randomUUID()}.sqlite`),
		CONSOLE_STORE_PATH: join(tmpdir(), `desk-console-test-${randomUUID()}`, 'console.sqlite'),
		CONSOLE_LOG_PATH: join(tmpdir(), `desk-console-test-${randomUUID()}.log`),
		...env,
	};
	registerEnvironmentSecrets(childEnv);
	const child = spawn(process.execPath, ['--import', 'tsx', script], {
		env: childEnv,
		// Kept open: without a Discord token `npm start` runs the console, which ends when its input does.
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const running: Running = {
		child,
		output: '',
		exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
	};
	child.stdout?.on('data', (data) => {
		running.output += data;
	});
	child.stderr?.on('data', (data) => {
		running.output += data;
	});
	const scanned = [
		registerTextSource(`the output of ${script}`, () => running.output),
		registerFileSource(`the console log file of ${script}`, childEnv.CONSOLE_LOG_PATH ?? ''),
		registerSource(`the stores of ${script}`, (final) =>
			final ? [childEnv.STORE_PATH, childEnv.CONSOLE_STORE_PATH].flatMap((path) => databaseFileChunks(path ?? '')) : [],
		),
	];
	// 'close' comes after the output streams have ended, so the last read sees everything printed.
	child.once('close', () => {
		for (const source of scanned) source.release();
	});
	return running;
}

/** Waits until the program has printed something matching `pattern`, and returns the match. */
export function printed(running: Running, pattern: RegExp): Promise<RegExpExecArray> {
	return new Promise((resolve, reject) => {
		const look = () => {
			const match = pattern.exec(running.output);
			if (match) {
				running.child.stdout?.off('data', look);
				resolve(match);
			}
		};
		running.child.stdout?.on('data', look);
		running.exited.then(() => reject(new Error(`exited before printing ${pattern}: ${running.output}`)));
		look();
	});
}

export async function restUrlPrinted(running: Running): Promise<string> {
	const [, url] = await printed(running, /REST\s+(http:\/\/\S+)/);
	if (!url) throw new Error('no REST URL printed');
	return url;
}
