import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The project's root, where `npm start` and `npm run build` run. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The two ways to run the bot: under tsx as `npm start` does, or compiled by `npm run build`. */
export type BotBuild = 'tsx' | 'built';

const entryPoints: Record<BotBuild, readonly string[]> = {
	// What `npm start` runs, without npm's own process: tsx's CLI, which runs the bot in a child node process.
	tsx: ['node_modules/tsx/dist/cli.mjs', 'src/app/main.ts'],
	built: ['dist/src/app/main.js'],
};

export interface SpawnedBot {
	readonly child: ChildProcess;
	output(): string;
	readonly exited: Promise<number | null>;
	/** Resolves with the first match once the bot prints it; rejects if it exits first or after `timeoutMs`. */
	printed(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/**
 * The bot in the console with its console input piped, the embedded sandbox on a free port, the ops endpoints
 * on a free port, throw-away store and log files, and only the environment given (no developer's .env).
 */
export function spawnBot(build: BotBuild, env: Record<string, string> = {}): SpawnedBot {
	const folder = join(tmpdir(), `desk-ops-${randomUUID()}`);
	const child = spawn(process.execPath, entryPoints[build], {
		cwd: projectRoot,
		env: {
			PATH: process.env.PATH ?? '',
			DOTENV_CONFIG_PATH: '/nonexistent/.env',
			SANDBOX_PORT: '0',
			OPS_PORT: '0',
			CONSOLE_STORE_PATH: join(folder, 'console.sqlite'),
			CONSOLE_LOG_PATH: join(folder, 'console.log'),
			...env,
		},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout?.on('data', (data) => {
		output += data;
	});
	child.stderr?.on('data', (data) => {
		output += data;
	});
	const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
	let gone = false;
	void exited.then(() => {
		gone = true;
	});
	return {
		child,
		output: () => output,
		exited,
		async printed(pattern, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const match = pattern.exec(output);
				if (match) return match;
				if (gone) throw new Error(`the bot exited before printing ${pattern}:\n${output}`);
				if (Date.now() > deadline) throw new Error(`the bot did not print ${pattern} in time:\n${output}`);
				await delay(5);
			}
		},
	};
}

/** The URL of the ops endpoints the bot printed. */
export async function opsUrlOf(bot: SpawnedBot): Promise<string> {
	const [, url = ''] = await bot.printed(/Ops endpoints at (http:\/\/\S+): /);
	return url;
}

/** Asks /readyz every few ms until it answers 200; resolves with the time that happened (performance.now()). */
export async function readyAt(url: string, timeoutMs = 60_000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${url}/readyz`).catch(() => undefined);
		await response?.text();
		if (response?.status === 200) return performance.now();
		if (Date.now() > deadline) throw new Error('the bot never became ready');
		await delay(5);
	}
}
