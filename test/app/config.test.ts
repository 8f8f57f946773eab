import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settingNames } from '../../src/app/config.js';

function problemsOf(environment: Record<string, string>): string[] {
	try {
		loadConfig(environment);
	} catch (error) {
		if (error instanceof ConfigError) return [...error.problems];
		throw error;
	}
	throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
	it('runs against the embedded sandbox with no settings at all', () => {
		const config = loadConfig({});
		expect(config.zerocap).toMatchObject({ env: 'local', signing: 'static', apiKey: undefined });
		expect(config.sandbox).toMatchObject({
			port: 8765,
			apiKey: 'sandbox-key',
			apiSecret: 'sandbox-secret',
			apiSecretIsDefault: true,
			seed: 1,
			priceFramesPerSecond: 2,
			limitOrderTtlMs: 600_000,
			rateLimitPerSecond: 20,
			controlsOverHttp: false,
		});
		expect(config.logLevel).toBe('info');
	});

	it('is frozen all the way down', () => {
		const config = loadConfig({});
		expect(Object.isFrozen(config)).toBe(true);
		expect(Object.isFrozen(config.sandbox)).toBe(true);
		expect(Object.isFrozen(config.zerocap)).toBe(true);
	});

	it('reads every setting it knows', () => {
		const config = loadConfig({
			LOG_LEVEL: 'debug',
			ZEROCAP_ENV: 'uat',
			ZEROCAP_API_KEY: 'key-1',
			ZEROCAP_API_SECRET: 'secret-1',
			ZEROCAP_SIGNING: 'timestamp',
			ZEROCAP_CUSTOMER_ID: 'desk-7',
			ZEROCAP_REST_URL: 'https://example.test/v2',
			ZEROCAP_WS_URL: 'wss://example.test/v2',
			ZEROCAP_TIMEOUT_SECONDS: '3',
			ZEROCAP_REQUESTS_PER_SECOND: '5',
			ZEROCAP_MAX_CONCURRENT: '2',
			ZEROCAP_MAX_ORDER_BACKLOG: '1',
			SANDBOX_PORT: '0',
			SANDBOX_API_KEY: 'k',
			SANDBOX_API_SECRET: 'long-enough-secret',
			SANDBOX_SEED: '42',
			SANDBOX_PRICE_RATE: '10',
			SANDBOX_ORDER_TTL_SECONDS: '5',
			SANDBOX_RATE_LIMIT: '0',
			SANDBOX_CONTROLS: 'true',
		});
		expect(config).toMatchObject({
			logLevel: 'debug',
			zerocap: {
				env: 'uat',
				apiKey: 'key-1',
				signing: 'timestamp',
				customerId: 'desk-7',
				restUrl: 'https://example.test/v2',
			},
			sandbox: {
				port: 0,
				seed: 42,
				priceFramesPerSecond: 10,
				limitOrderTtlMs: 5000,
				rateLimitPerSecond: 0,
				controlsOverHttp: true,
				apiSecretIsDefault: false,
			},
		});
	});

	it('treats an empty value as not set', () => {
		expect(loadConfig({ ZEROCAP_API_KEY: '', SANDBOX_PORT: '' }).sandbox.port).toBe(8765);
	});

	it('names every bad key and why, and never prints a value', () => {
		const problems = problemsOf({
			ZEROCAP_ENV: 'prod',
			ZEROCAP_API_SECRET: 'super-secret-value',
			ZEROCAP_SIGNING: 'super-secret-value',
			SANDBOX_PORT: '70000',
			SANDBOX_CONTROLS: 'yes',
			ZEROCAP_REST_URL: 'ftp://super-secret-value',
			SANDBOX_API_SECRET: 'short',
		});
		expect(problems).toEqual(
			expect.arrayContaining([
				'ZEROCAP_API_KEY: is required when ZEROCAP_ENV is prod',
				expect.stringMatching(/^ZEROCAP_SIGNING: /),
				'SANDBOX_PORT: must be at most 65535',
				'SANDBOX_CONTROLS: must be true or false',
				'ZEROCAP_REST_URL: must be a http or https URL',
				'SANDBOX_API_SECRET: must be at least 8 characters',
			]),
		);
		expect(problems).toHaveLength(6);
		const message = new ConfigError(problems).message;
		expect(message).not.toContain('super-secret-value');
		expect(message).not.toContain('short');
		expect(message).toMatch(/^Invalid configuration:\n {2}- /);
	});

	it('reads the Discord and desk settings', () => {
		const config = loadConfig({
			DISCORD_TOKEN: 'bot-token-value',
			DISCORD_APPLICATION_ID: '100000000000000001',
			DISCORD_GUILD_ID: '100000000000000002',
			ROLE_VIEWER_IDS: '200000000000000001, 200000000000000002',
			ROLE_TRADER_IDS: '200000000000000003',
			DESK_SYMBOLS: 'usdt/aud, BTC/AUD',
			TICKET_TTL_SECONDS: '45',
			MAX_ORDER_NOTIONAL: '1000000',
			CONFIRM_RETYPE_NOTIONAL: '250000.50',
			QUOTE_STALE_SECONDS: '5',
		});
		expect(config.discord).toEqual({
			token: 'bot-token-value',
			applicationId: '100000000000000001',
			guildId: '100000000000000002',
			apiBase: 'https://discord.com/api',
			roles: {
				view: ['200000000000000001', '200000000000000002'],
				trade: ['200000000000000003'],
				admin: [],
				approve: [],
			},
		});
		expect(config.desk).toEqual({
			symbols: ['USDT/AUD', 'BTC/AUD'],
			currency: 'AUD',
			ticketTtlMs: 45_000,
			maxNotional: '1000000',
			retypeAbove: '250000.50',
			limitFarPercent: '5',
			minOrderValue: '10',
			priceHistoryDays: 30,
			approvalAbove: '150000',
			approvalTtlMs: 300_000,
			timeZone: 'Australia/Sydney',
			traderDailyLimit: '1000000',
			traderMaxPosition: undefined,
			deskDailyLimit: '5000000',
			staleAfterMs: 5_000,
			reportMinute: 17 * 60,
			riskWarnBelowPercent: '20',
		});
	});

	it('refuses bad Discord and desk settings without printing the token', () => {
		const problems = problemsOf({
			DISCORD_TOKEN: 'bot-token-value',
			ROLE_TRADER_IDS: 'traders',
			DISCORD_GUILD_ID: '12',
			DESK_SYMBOLS: 'BTCAUD',
			MAX_ORDER_NOTIONAL: '-5',
		});
		expect(problems).toEqual(
			expect.arrayContaining([
				'DISCORD_APPLICATION_ID: is required when DISCORD_TOKEN is set',
				'ROLE_TRADER_IDS: must be Discord role ids separated by commas',
				'DISCORD_GUILD_ID: must be a Discord id (17 to 20 digits)',
				'DESK_SYMBOLS: must be symbols such as USDT/AUD separated by commas',
				'MAX_ORDER_NOTIONAL: must be a positive decimal number',
			]),
		);
		expect(new ConfigError(problems).message).not.toContain('bot-token-value');
	});

	it('refuses URL overrides that the embedded sandbox would silently ignore, and an order backlog of 0', () => {
		expect(problemsOf({ ZEROCAP_REST_URL: 'http://127.0.0.1:1/v2', ZEROCAP_MAX_ORDER_BACKLOG: '0' })).toEqual([
			'ZEROCAP_MAX_ORDER_BACKLOG: must be at least 1',
			'ZEROCAP_REST_URL: is not used with ZEROCAP_ENV=local (the embedded sandbox); to reach another server set ZEROCAP_ENV to uat, sandbox or prod',
		]);
	});

	it('refuses a port that is not a number', () => {
		expect(problemsOf({ SANDBOX_PORT: 'eighty' })).toEqual(['SANDBOX_PORT: must be a whole number']);
	});

	it('lists in .env.example exactly the settings the schema reads', () => {
		const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
		const keys = example
			.split('\n')
			.filter((line) => /^[A-Z_]+=/.test(line))
			.map((line) => line.slice(0, line.indexOf('=')));
		expect(keys.sort()).toEqual([...settingNames].sort());
		expect(() =>
			loadConfig(
				Object.fromEntries(
					example
						.split('\n')
						.filter((l) => /^[A-Z_]+=/.test(l))
						.map((l) => l.split('=')),
				),
			),
		).not.toThrow();
	});
});
