import { expect } from 'vitest';
import { BadResponseError } from '../../src/zerocap/errors.js';
import { createRequestLimiter } from '../../src/zerocap/limiter.js';
import { ZerocapRestClient } from '../../src/zerocap/rest-client.js';
import { RequestSigner } from '../../src/zerocap/signing.js';

/** A client whose broker answers every call with `body` (JSON, or text as given), to read answers a test writes. */
export function clientAnswering(body: unknown) {
	const answer = typeof body === 'string' ? body : JSON.stringify(body);
	const client = new ZerocapRestClient({
		restUrl: 'http://broker.test/v2',
		signer: new RequestSigner({ apiKey: 'k', apiSecret: 'a-secret-for-tests', scheme: 'static' }),
		limiter: createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 1 }),
		fetch: async () => new Response(answer, { status: 200 }),
		sleep: async () => undefined,
	});
	return client;
}

export async function unreadableAnswer(promise: Promise<unknown>): Promise<BadResponseError> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(BadResponseError);
	if (!(error instanceof BadResponseError)) throw new Error('expected a BadResponseError');
	return error;
}
