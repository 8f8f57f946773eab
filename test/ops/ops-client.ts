import { setTimeout as delay } from 'node:timers/promises';
import { registerTextSource } from '../support/leak-sources.js';
import { type MetricsText, parseMetricsText } from './metrics-text.js';

/**
 * Reads a running bot's ops endpoints as a process manager and Prometheus would. Everything they answered is
 * kept and handed to the leak scan, so that a secret in a metric or a readiness report fails the test.
 */
export class OpsClient {
	private answered = '';
	private readonly scanned = registerTextSource('the ops endpoints', () => this.answered);

	constructor(readonly url: string) {}

	async get(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
		const response = await fetch(`${this.url}${path}`, init);
		const text = await response.text();
		this.answered += `${init.method ?? 'GET'} ${path} → ${response.status}\n${text}\n`;
		return { status: response.status, text, headers: response.headers };
	}

	async metrics(): Promise<MetricsText & { text: string }> {
		const { status, text, headers } = await this.get('/metrics');
		if (status !== 200) throw new Error(`/metrics answered ${status}`);
		if (!headers.get('content-type')?.startsWith('text/plain; version=0.0.4')) {
			throw new Error(`/metrics content type ${headers.get('content-type')}`);
		}
		return { ...parseMetricsText(text), text };
	}

	/** /readyz's status and the checks it names as not ready. */
	async readiness(): Promise<{ status: number; notReady: string[] }> {
		const { status, text } = await this.get('/readyz');
		const body: unknown = JSON.parse(text);
		const notReady =
			typeof body === 'object' && body !== null && 'notReady' in body && Array.isArray(body.notReady)
				? body.notReady.map(String)
				: undefined;
		if (!notReady) throw new Error(`/readyz answered ${text}`);
		return { status, notReady };
	}

	/** Asks /readyz until `wanted` holds, or throws after `timeoutMs` with the last answer. */
	async waitForReadiness(
		wanted: (answer: { status: number; notReady: string[] }) => boolean,
		timeoutMs = 10_000,
	): Promise<{ status: number; notReady: string[] }> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const answer = await this.readiness();
			if (wanted(answer)) return answer;
			if (Date.now() > deadline) throw new Error(`/readyz still answers ${JSON.stringify(answer)}`);
			await delay(25);
		}
	}

	/** Stops reading for the scan; call when the bot is gone. */
	release(): void {
		this.scanned.release();
	}
}

/** Scrapes until `check` holds for the metrics, or throws after `timeoutMs`. */
export async function waitForMetrics(
	ops: OpsClient,
	check: (metrics: MetricsText) => boolean,
	timeoutMs = 10_000,
): Promise<MetricsText & { text: string }> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const metrics = await ops.metrics();
		if (check(metrics)) return metrics;
		if (Date.now() > deadline) throw new Error('the metrics never showed what was expected');
		await delay(25);
	}
}
