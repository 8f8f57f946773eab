import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startSandboxFromSettings } from '../../src/app/sandbox-from-settings.js';
import { sandboxBanner } from '../../src/sandbox/banner.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { StreamPeer, staticHeaders } from '../support/sandbox-peer.js';

const folders: string[] = [];
const running: Sandbox[] = [];
afterEach(async () => {
	for (const sandbox of running.splice(0)) await sandbox.close();
	for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
	const made = mkdtempSync(join(tmpdir(), 'sandbox-settings-'));
	folders.push(made);
	return made;
}

async function startFrom(
	env: Record<string, string>,
): Promise<{ sandbox: Sandbox; config: ReturnType<typeof loadConfig> }> {
	const config = loadConfig({
		SANDBOX_PORT: '0',
		SANDBOX_API_KEY: 'test-key',
		SANDBOX_API_SECRET: 'test-secret-value',
		...env,
	});
	const sandbox = await startSandboxFromSettings(config.sandbox, pino({ level: 'silent' }));
	running.push(sandbox);
	return { sandbox, config };
}

async function placeOrder(sandbox: Sandbox): Promise<number> {
	const response = await fetch(`${sandbox.restUrl}/orders/create_order`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...staticHeaders('test-key', 'test-secret-value') },
		body: JSON.stringify({ symbol: 'USDT/AUD', side: 'buy', type: 'market', amount: '10' }),
	});
	return response.status;
}

describe('the sandbox as the settings describe it', () => {
	it('keeps its state beside the desk’s database by default: the console’s without a Discord token', async () => {
		const home = folder();
		const { sandbox, config } = await startFrom({ CONSOLE_STORE_PATH: join(home, 'console.sqlite') });
		expect(config.sandbox.statePath).toBe(join(home, 'console.sandbox.json'));
		expect(await placeOrder(sandbox)).toBe(200);
		expect(sandboxBanner(sandbox, config.sandbox)).toContain(`state      ${join(home, 'console.sandbox.json')}`);
		running.splice(0);
		await sandbox.close();
		expect(readdirSync(home)).toEqual(['console.sandbox.json']);
	});

	it('follows STORE_PATH when a Discord bot runs, and SANDBOX_STATE_PATH over both', () => {
		const withToken = loadConfig({
			DISCORD_TOKEN: 't',
			DISCORD_APPLICATION_ID: '123456789012345678',
			STORE_PATH: '/srv/desk/desk.sqlite',
		});
		expect(withToken.sandbox.statePath).toBe('/srv/desk/desk.sandbox.json');
		expect(loadConfig({ SANDBOX_STATE_PATH: '/srv/x.json' }).sandbox.statePath).toBe('/srv/x.json');
		expect(loadConfig({ CONSOLE_STORE_PATH: ':memory:' }).sandbox.statePath).toBe(':memory:');
	});

	it('keeps nothing with SANDBOX_STATE_PATH=:memory:', async () => {
		const home = folder();
		const { sandbox, config } = await startFrom({
			CONSOLE_STORE_PATH: join(home, 'console.sqlite'),
			SANDBOX_STATE_PATH: ':memory:',
		});
		expect(await placeOrder(sandbox)).toBe(200);
		expect(sandboxBanner(sandbox, config.sandbox)).toContain('state      in memory only');
		expect(existsSync(join(home, 'console.sandbox.json'))).toBe(false);
	});

	it('speaks the price frames SANDBOX_PRICE_FRAMES names', async () => {
		const { sandbox } = await startFrom({ SANDBOX_STATE_PATH: ':memory:', SANDBOX_PRICE_FRAMES: 'uat' });
		const peer = await StreamPeer.connect(sandbox, staticHeaders('test-key', 'test-secret-value'));
		try {
			peer.send({ type: 'price', symbol: 'BTC/AUD' });
			expect(await peer.next((frame) => frame.type === 'price')).toMatchObject({ symbol: 'BTC/AUD' });
		} finally {
			peer.close();
		}
		expect(() => loadConfig({ SANDBOX_PRICE_FRAMES: 'json' })).toThrow(
			/SANDBOX_PRICE_FRAMES: must be one of channel, channel-string, uat/,
		);
	});
});
