import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printed, restUrlPrinted, run } from '../support/child-process.js';
import { startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';

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
		const bot = run('src/app/main.ts', {});
		const restUrl = await restUrlPrinted(bot);
		await printed(bot, /Zerocap stream ready/);
		expect(bot.output).toContain('Zerocap (local): credentials accepted');
		expect(bot.output).toContain('api key    sandbox-key');
		expect(bot.output).toContain('secret     sandbox-secret  (the local default)');
		const reply = await placeMarketOrder(restUrl, 'sandbox-key', 'sandbox-secret');
		expect(reply).toMatchObject({ status: 200, body: { status: 'closed' } });
		bot.child.kill('SIGTERM');
		expect(await bot.exited).toBe(0);
	});

	it('npm start without a Discord token opens the console, runs the bot in it, and leaves cleanly when input ends', async () => {
		const bot = run('src/app/main.ts', {});
		await printed(bot, /Ctrl-D, Ctrl-C or \/quit leaves/);
		bot.child.stdin?.write('/price USDT/AUD\n');
		await printed(bot, /USDT\/AUD price ladder/);
		bot.child.stdin?.write('/order buy USDT/AUD 10 market\n');
		await printed(bot, /\[1\] Confirm/);
		bot.child.stdin?.write('1\n');
		await printed(bot, /#fills · desk-bot/);
		bot.child.stdin?.end();
		expect(await bot.exited).toBe(0);
		expect(bot.output).not.toMatch(/Error|at .*\.ts:\d+/);
	});

	it('npm run sandbox uses the configured key and never prints a chosen secret', async () => {
		const sandbox = run('src/app/sandbox-cli.ts', {
			SANDBOX_API_KEY: 'desk-key',
			SANDBOX_API_SECRET: 'chosen-secret-123',
		});
		const restUrl = await restUrlPrinted(sandbox);
		expect(sandbox.output).toContain('api key    desk-key');
		expect(sandbox.output).toContain('(from SANDBOX_API_SECRET)');
		expect(sandbox.output).not.toContain('chosen-secret-123');
		expect((await placeMarketOrder(restUrl, 'desk-key', 'chosen-secret-123')).status).toBe(200);
		sandbox.child.kill('SIGINT');
		expect(await sandbox.exited).toBe(0);
	});

	it('refuses to start on a damaged or unusable database, and leaves the file as it was', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'desk-db-'));
		try {
			const damaged = join(folder, 'desk.sqlite');
			writeFileSync(damaged, 'not a database '.repeat(500));
			const bot = run('src/app/main.ts', { CONSOLE_STORE_PATH: damaged });
			expect(await bot.exited).toBe(1);
			expect(bot.output).toContain(`The desk database at ${damaged} is unreadable or damaged`);
			expect(readFileSync(damaged, 'utf8')).toBe('not a database '.repeat(500));

			const blocked = join(damaged, 'inside', 'desk.sqlite');
			const second = run('src/app/main.ts', { CONSOLE_STORE_PATH: blocked });
			expect(await second.exited).toBe(1);
			expect(second.output).toContain(`The desk database at ${blocked} cannot be opened`);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('refuses a second bot on the same database, naming the one that holds it, and lets one start after a clean stop', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'desk-lease-'));
		try {
			const store = { CONSOLE_STORE_PATH: join(folder, 'console.sqlite') };
			const first = run('src/app/main.ts', store);
			await printed(first, /Ctrl-D, Ctrl-C or \/quit leaves/);
			const second = run('src/app/main.ts', store);
			expect(await second.exited).toBe(1);
			expect(second.output).toContain(`Another desk bot already runs on the database at ${store.CONSOLE_STORE_PATH}`);
			expect(second.output).toContain(`process ${first.child.pid} on `);
			expect(second.output).toMatch(/since \d\d:\d\d:\d\d AE[DS]T/);

			first.child.stdin?.end();
			expect(await first.exited).toBe(0);
			const third = run('src/app/main.ts', store);
			await printed(third, /Ctrl-D, Ctrl-C or \/quit leaves/);
			third.child.stdin?.end();
			expect(await third.exited).toBe(0);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('refuses to start on bad settings, naming each key and no value', async () => {
		const bot = run('src/app/main.ts', {
			SANDBOX_PORT: 'not-a-port',
			ZEROCAP_ENV: 'prod',
			ZEROCAP_API_SECRET: 'hidden-value',
		});
		expect(await bot.exited).toBe(1);
		expect(bot.output).toContain('SANDBOX_PORT: must be a whole number');
		expect(bot.output).toContain('ZEROCAP_API_KEY: is required when ZEROCAP_ENV is prod');
		expect(bot.output).not.toContain('hidden-value');
	});

	it('connects to a remote environment through the URL settings, and refuses credentials the broker rejects', async () => {
		const broker = await startTestSandbox({ frozenClockAt: undefined });
		try {
			const remote = { ZEROCAP_ENV: 'uat', ZEROCAP_REST_URL: broker.restUrl, ZEROCAP_WS_URL: broker.wsUrl };
			const bot = run('src/app/main.ts', {
				...remote,
				ZEROCAP_API_KEY: testKey,
				ZEROCAP_API_SECRET: testSecret,
				ZEROCAP_SIGNING: 'timestamp',
			});
			await printed(bot, /Zerocap stream ready at ws:/);
			expect(bot.output).toContain(`Zerocap (uat): credentials accepted at ${broker.restUrl}`);
			expect(bot.output).not.toContain('Zerocap sandbox exchange');
			bot.child.kill('SIGTERM');
			expect(await bot.exited).toBe(0);

			const refused = run('src/app/main.ts', {
				...remote,
				ZEROCAP_API_KEY: testKey,
				ZEROCAP_API_SECRET: 'hidden-wrong-secret',
			});
			expect(await refused.exited).toBe(1);
			expect(refused.output).toContain('Zerocap (uat) did not accept the api key and secret');
			expect(refused.output).not.toContain('hidden-wrong-secret');
		} finally {
			await broker.close();
		}
	});
});
