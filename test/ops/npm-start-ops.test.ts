import { afterEach, describe, expect, it } from 'vitest';
import { printed, type Running, run } from '../support/child-process.js';
import { sampleValue } from './metrics-text.js';
import { OpsClient, waitForMetrics } from './ops-client.js';

let bot: Running | undefined;
let ops: OpsClient | undefined;

afterEach(() => {
	if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
	ops?.release();
	bot = undefined;
	ops = undefined;
});

describe('npm start with OPS_PORT', () => {
	it('prints where the endpoints are, is ready once the console is, counts a halt, and stops on SIGTERM', async () => {
		bot = run('src/app/main.ts', { OPS_PORT: '0' });
		const [, url = ''] = await printed(
			bot,
			/Ops endpoints at (http:\/\/127\.0\.0\.1:\d+): \/healthz, \/readyz, \/metrics/,
		);
		await printed(bot, /Ctrl-D, Ctrl-C or \/quit leaves/);
		ops = new OpsClient(url);
		await ops.waitForReadiness((answer) => answer.status === 200);
		const before = await ops.metrics();
		expect(sampleValue(before, 'desk_halted')).toBe(0);
		expect(sampleValue(before, 'desk_stream_status', { status: 'ready' })).toBe(1);

		bot.child.stdin?.write('/halt "ops check"\n');
		const halted = await waitForMetrics(ops, (metrics) => sampleValue(metrics, 'desk_halted') === 1);
		expect(sampleValue(halted, 'process_resident_memory_bytes')).toBeGreaterThan(0);

		bot.child.kill('SIGTERM');
		expect(await bot.exited).toBe(0);
		await expect(fetch(`${url}/healthz`)).rejects.toThrow();
	}, 30_000);
});
