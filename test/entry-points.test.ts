import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';

interface Running {
	readonly child: ChildProcess;
	output: string;
	readonly exited: Promise<number | null>;
}

function run(script: string, env: Record<string, string>): Running {
	const child = spawn(process.execPath, ['--import', 'tsx', script], {
		// A developer's own .env must not leak into these runs.
		env: {
			PATH: process.env.PATH ?? '',
			DOTENV_CONFIG_PATH: '/nonexistent/.env',
			LOG_LEVEL: 'silent',
			SANDBOX_PORT: '0',
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
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
	return running;
}

function restUrlPrinted(running: Running): Promise<string> {
	return new Promise((resolve, reject) => {
		const look = () => {
			const match = /REST\s+(http:\/\/\S+)/.exec(running.output);
			if (match?.[1]) {
				running.child.stdout?.off('data', look);
				resolve(match[1]);
			}
		};
		running.child.stdout?.on('data', look);
		running.exited.then(() => reject(new Error(`exited early: ${running.output}`)));
		look();
	});
}

async function placeMarketOrder(restUrl: string, key: string, secret: string) {
	const response = await fetch(`${restUrl}/orders/create_order`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'api-key': key,
			signature: createHmac('sha256', secret).update(key).digest('hex'),
		},
		body: JSON.stringify({
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount: '100',
			client_order_id: 'entry-1',
		}),
	});
	return { status: response.status, body: await response.json() };
}

describe('entry points', () => {
	it('npm start runs the embedded sandbox by default, serves orders, and shuts down cleanly on SIGTERM', async () => {
		const bot = run('src/main.ts', {});
		const restUrl = await restUrlPrinted(bot);
		expect(bot.output).toContain('api key    sandbox-key');
		expect(bot.output).toContain('secret     sandbox-secret  (the local default)');
		const reply = await placeMarketOrder(restUrl, 'sandbox-key', 'sandbox-secret');
		expect(reply).toMatchObject({ status: 200, body: { status: 'closed' } });
		bot.child.kill('SIGTERM');
		expect(await bot.exited).toBe(0);
	});

	it('npm run sandbox uses the configured key and never prints a chosen secret', async () => {
		const sandbox = run('src/sandbox/cli.ts', { SANDBOX_API_KEY: 'desk-key', SANDBOX_API_SECRET: 'chosen-secret-123' });
		const restUrl = await restUrlPrinted(sandbox);
		expect(sandbox.output).toContain('api key    desk-key');
		expect(sandbox.output).toContain('(from SANDBOX_API_SECRET)');
		expect(sandbox.output).not.toContain('chosen-secret-123');
		expect((await placeMarketOrder(restUrl, 'desk-key', 'chosen-secret-123')).status).toBe(200);
		sandbox.child.kill('SIGINT');
		expect(await sandbox.exited).toBe(0);
	});

	it('refuses to start on bad settings, naming each key and no value', async () => {
		const bot = run('src/main.ts', {
			SANDBOX_PORT: 'not-a-port',
			ZEROCAP_ENV: 'prod',
			ZEROCAP_API_SECRET: 'hidden-value',
		});
		expect(await bot.exited).toBe(1);
		expect(bot.output).toContain('SANDBOX_PORT: must be a whole number');
		expect(bot.output).toContain('ZEROCAP_API_KEY: is required when ZEROCAP_ENV is prod');
		expect(bot.output).not.toContain('hidden-value');
	});

	it('says plainly that a remote Zerocap environment is not available in this build', async () => {
		const bot = run('src/main.ts', { ZEROCAP_ENV: 'uat', ZEROCAP_API_KEY: 'k', ZEROCAP_API_SECRET: 'hidden-value' });
		expect(await bot.exited).toBe(1);
		expect(bot.output).toContain('ZEROCAP_ENV=uat needs the Zerocap client');
		expect(bot.output).not.toContain('hidden-value');
	});
});
