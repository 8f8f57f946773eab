import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { createRequestLimiter, type RequestLimiter } from '../../src/zerocap/limiter.js';
import { ZerocapRestClient, type ZerocapRestClientOptions } from '../../src/zerocap/rest-client.js';
import type { SigningScheme } from '../../src/zerocap/signing.js';
import { RecordingSigner, recordRequestSignature } from './leak-scan.js';
import { scannedLogger } from './leak-sources.js';
import { testKey, testSecret } from './sandbox-peer.js';

/** Counts the HTTP requests that actually leave the client, by endpoint; the leak scan learns their signatures. */
export class RequestCounter {
	readonly calls: string[] = [];
	readonly fetch: typeof fetch = (input, init) => {
		recordRequestSignature(input, init);
		const url = input instanceof Request ? input.url : String(input);
		this.calls.push(new URL(url).pathname.split('/').pop() ?? '');
		return fetch(input, init);
	};
	count(endpoint: string): number {
		return this.calls.filter((call) => call === endpoint).length;
	}
}

export interface TestClient {
	readonly client: ZerocapRestClient;
	readonly counter: RequestCounter;
	readonly sleeps: number[];
	readonly limiter: RequestLimiter;
}

/**
 * A client for the sandbox whose waits are recorded rather than slept, unless `realSleep` is set. Its signer
 * registers every signature with the leak scan, and unless `logger` is given it logs at trace for the scan.
 */
export function clientFor(
	sandbox: Sandbox,
	options: Partial<ZerocapRestClientOptions> & { scheme?: SigningScheme; secret?: string; realSleep?: boolean } = {},
): TestClient {
	const { scheme, secret, realSleep, ...clientOptions } = options;
	const counter = new RequestCounter();
	const sleeps: number[] = [];
	const limiter = options.limiter ?? createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 });
	const client = new ZerocapRestClient({
		restUrl: sandbox.restUrl,
		signer: new RecordingSigner(
			{ apiKey: testKey, apiSecret: secret ?? testSecret, scheme: scheme ?? 'static' },
			secret === undefined ? 'testSecret' : 'the secret given to clientFor',
		),
		limiter,
		fetch: counter.fetch,
		resolveSettleMs: 0,
		...(realSleep
			? {}
			: {
					sleep: async (ms: number) => {
						sleeps.push(ms);
					},
				}),
		...clientOptions,
		logger: clientOptions.logger ?? scannedLogger('the Zerocap client log'),
	});
	return { client, counter, sleeps, limiter };
}
