import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseMetricsText, sampleValue } from './metrics-text.js';
import { opsUrlOf, projectRoot, readyAt, spawnBot } from './spawned-bot.js';

/**
 * CI's end-to-end check of the production build (`npm run build` first): `node dist/src/app/main.js` with its
 * console input piped starts, becomes ready on /readyz, answers a command in the console, serves metrics that
 * parse, and exits 0 once its input ends. Prints one line; exits non-zero when anything fails.
 */
const manifest: unknown = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
const version =
	typeof manifest === 'object' && manifest !== null && 'version' in manifest ? String(manifest.version) : '';

async function check(): Promise<string> {
	if (!existsSync(join(projectRoot, 'dist/src/app/main.js'))) throw new Error('no build: run npm run build first');
	const started = performance.now();
	const bot = spawnBot('built');
	try {
		const url = await opsUrlOf(bot);
		const ready = await readyAt(url);
		const readiness = await (await fetch(`${url}/readyz`)).json();
		if (JSON.stringify(readiness) !== '{"ready":true,"notReady":[]}')
			throw new Error(`/readyz: ${JSON.stringify(readiness)}`);
		await bot.printed(/Ctrl-D, Ctrl-C or \/quit leaves/);

		bot.child.stdin?.write('/price USDT/AUD\n');
		await bot.printed(/USDT\/AUD price ladder/, 15_000);
		// /status shows the version read from package.json, which the build must still find from dist/.
		bot.child.stdin?.write('/status\n');
		await bot.printed(new RegExp(`Version ${version.replaceAll('.', '\\.')} · up`), 15_000);

		const metrics = parseMetricsText(await (await fetch(`${url}/metrics`)).text());
		if (sampleValue(metrics, 'desk_stream_status', { status: 'ready' }) !== 1)
			throw new Error('the stream is not ready in /metrics');

		bot.child.stdin?.end();
		const code = await Promise.race([bot.exited, delay(60_000, 'timeout', { ref: false })]);
		if (code !== 0) throw new Error(`exited with ${code}`);
		return `the built bot: ready in ${Math.round(ready - started)} ms, answered in the console, exited 0`;
	} catch (error) {
		bot.child.kill('SIGKILL');
		throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- its output ---\n${bot.output()}`);
	}
}

check().then(
	(line) => console.log(line),
	(error: unknown) => {
		console.error(`the built bot failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	},
);
