import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpsServer, startOpsServer } from '../../src/app/ops/ops-server.js';
import { Readiness, readinessChecks } from '../../src/app/ops/readiness.js';
import { registerSecret, scanForLeaks } from '../support/leak-scan.js';
import { scannedLogger } from '../support/leak-sources.js';
import { OpsClient } from './ops-client.js';

let server: OpsServer | undefined;
let client: OpsClient | undefined;

afterEach(async () => {
	await server?.close();
	client?.release();
	server = undefined;
	client = undefined;
});

async function start(
	options: { readiness?: Readiness; metrics?: () => Promise<{ contentType: string; text: string }> } = {},
) {
	const readiness = options.readiness ?? new Readiness();
	server = await startOpsServer({
		host: '127.0.0.1',
		port: 0,
		readiness: () => readiness.report(),
		metrics:
			options.metrics ??
			(async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', text: '# TYPE up gauge\nup 1\n' })),
		logger: scannedLogger('the ops server log'),
	});
	client = new OpsClient(server.url);
	return { readiness, client };
}

/** A request as written, target and all, which fetch would normalise. */
function raw(url: string, method: string, target: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const sent = request(url, { method, path: target }, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		sent.on('error', reject);
		sent.end();
	});
}

describe('the ops server', () => {
	it('binds to the host asked for, on a free port when asked for 0, and says where', async () => {
		await start();
		expect(server?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(server?.url).not.toMatch(/:0$/);
	});

	it('answers /healthz while it runs, and /readyz 503 naming every check until each holds', async () => {
		const { readiness, client } = await start();
		expect((await client.get('/healthz')).status).toBe(200);
		expect(await client.readiness()).toEqual({ status: 503, notReady: [...readinessChecks] });

		for (const name of readinessChecks) readiness.set(name, () => true);
		readiness.set('stream', () => false);
		readiness.set('lease', () => {
			throw new Error('the store is closed');
		});
		expect(await client.readiness()).toEqual({ status: 503, notReady: ['stream', 'lease'] });

		readiness.set('stream', () => true);
		readiness.set('lease', () => true);
		const ready = await client.get('/readyz');
		expect(ready.status).toBe(200);
		expect(JSON.parse(ready.text)).toEqual({ ready: true, notReady: [] });
		expect(ready.headers.get('content-type')).toBe('application/json; charset=utf-8');
	});

	it('serves the metrics with the registry’s content type', async () => {
		const { client } = await start();
		const metrics = await client.metrics();
		expect(metrics.samples).toEqual([{ name: 'up', labels: {}, value: 1 }]);
	});

	it('answers 404 to any other target, a query or a trailing slash included, and 405 to any other method', async () => {
		const { client } = await start();
		const url = server?.url ?? '';
		for (const target of ['/', '/metrics/', '/metrics?name=up', '/Healthz', '//healthz', '/readyz#x', '/../metrics']) {
			expect([target, await raw(url, 'GET', target)]).toEqual([target, 404]);
		}
		expect(await raw(url, 'GET', '*')).toBe(404);
		for (const method of ['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']) {
			for (const path of ['/healthz', '/readyz', '/metrics'])
				expect([method, path, await raw(url, method, path)]).toEqual([method, path, 405]);
		}
		const refused = await client.get('/metrics', { method: 'POST', body: 'x'.repeat(10_000) });
		expect(refused.status).toBe(405);
		expect(refused.headers.get('allow')).toBe('GET');
		expect((await client.get('/nothing')).status).toBe(404);
	});

	it('answers 500 without the reason when the metrics cannot be collected, and keeps serving', async () => {
		const { client } = await start({
			metrics: async () => {
				throw new Error('collector failed: internal detail');
			},
		});
		const failed = await client.get('/metrics');
		expect(failed.status).toBe(500);
		expect(failed.text).not.toContain('internal detail');
		expect((await client.get('/healthz')).status).toBe(200);
	});

	it('closes at once even with a scraper’s connection kept alive', async () => {
		const { client } = await start();
		await client.get('/metrics', { keepalive: true });
		const started = Date.now();
		await server?.close();
		server = undefined;
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('hands what it answered to the leak scan', async () => {
		const { client } = await start();
		registerSecret('discord token', 'planted-ops-token-value', 'a planted token');
		await client.get('/planted-ops-token-value');
		const leaks = scanForLeaks();
		expect(leaks.map((leak) => [leak.label, leak.source])).toEqual([['a planted token', 'the ops endpoints']]);
	});
});
