import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settingNames } from '../src/config.js';

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
			ZEROCAP_MAX_ORDER_BACKLOG: '0',
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

	it('refuses a port that is not a number', () => {
		expect(problemsOf({ SANDBOX_PORT: 'eighty' })).toEqual(['SANDBOX_PORT: must be a whole number']);
	});

	it('lists in .env.example exactly the settings the schema reads', () => {
		const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
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
