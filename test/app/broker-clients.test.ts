import { describe, expect, it } from 'vitest';
import { brokerEndpoint } from '../../src/app/broker-clients.js';
import { loadConfig } from '../../src/app/config.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

const remote = { ZEROCAP_API_KEY: 'desk-key', ZEROCAP_API_SECRET: 'desk-secret' };

describe('which broker the client connects to', () => {
	it.each([
		['uat', 'https://dma-uat-api.defi.wiki/v2', 'wss://dma-uat-ws.defi.wiki/v2'],
		['sandbox', 'https://sandbox-api.zerocap.com/v2', 'wss://sandbox-ws.zerocap.com/v2'],
		['prod', 'https://dma-api.zerocap.com/v2', 'wss://dma-ws.zerocap.com/v2'],
	])('%s uses the contract’s URLs with the configured key', (env, restUrl, wsUrl) => {
		const config = loadConfig({ ZEROCAP_ENV: env, ...remote });
		expect(brokerEndpoint(config, undefined)).toEqual({
			restUrl,
			wsUrl,
			apiKey: 'desk-key',
			apiSecret: 'desk-secret',
		});
	});

	it('lets the URL settings override the table', () => {
		const config = loadConfig({
			ZEROCAP_ENV: 'prod',
			ZEROCAP_REST_URL: 'http://127.0.0.1:9/v2',
			ZEROCAP_WS_URL: 'ws://127.0.0.1:9/v2',
			...remote,
		});
		expect(brokerEndpoint(config, undefined)).toMatchObject({
			restUrl: 'http://127.0.0.1:9/v2',
			wsUrl: 'ws://127.0.0.1:9/v2',
		});
	});

	it('uses the embedded sandbox and its key for local', () => {
		const sandbox = { restUrl: 'http://127.0.0.1:5/v2', wsUrl: 'ws://127.0.0.1:5/v2' } as Sandbox;
		const config = loadConfig({ SANDBOX_API_KEY: 'local-key' });
		expect(brokerEndpoint(config, sandbox)).toEqual({
			restUrl: 'http://127.0.0.1:5/v2',
			wsUrl: 'ws://127.0.0.1:5/v2',
			apiKey: 'local-key',
			apiSecret: 'sandbox-secret',
		});
		expect(() => brokerEndpoint(config, undefined)).toThrow('needs the embedded sandbox');
	});
});
