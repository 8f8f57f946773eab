import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { hmacHex, type Reply, testKey, testSecret } from '../support/sandbox-peer.js';

/**
 * Requests built the way the late Python SDK (`zerocap-api`, `env=` era) builds them, from its public source:
 * timestamp-signed headers with Content-Type on every call, GETs without a body, POST bodies written by Python's
 * json.dumps (", " and ": " separators), the SDK's defaults ("" and 0) for every filter it does not set.
 */

/** Python's json.dumps of a flat object, separators included; a float keeps its repr, as JS's shortest text. */
export function pythonJson(body: Record<string, unknown>): string {
	return `{${Object.entries(body)
		.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
		.join(', ')}}`;
}

/** The SDK's get_headers(): whole seconds signed, the same text sent. */
export function sdkHeaders(nowMs = Date.now(), key = testKey, secret = testSecret): Record<string, string> {
	const seconds = String(Math.floor(nowMs / 1000));
	return {
		'Content-Type': 'application/json',
		'api-key': key,
		signature: hmacHex(secret, seconds),
		timestamp: seconds,
	};
}

/** `path` under the REST base, e.g. `orders/get_balances` or `systems/get_time`. */
export async function sdkCall(
	sandbox: Sandbox,
	path: string,
	init: {
		method?: 'GET' | 'POST';
		body?: Record<string, unknown>;
		headers?: Record<string, string>;
		base?: string;
	} = {},
): Promise<Reply> {
	const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
	const response = await fetch(`${init.base ?? sandbox.restUrl}/${path}`, {
		method,
		headers: init.headers ?? sdkHeaders(),
		body: init.body === undefined ? undefined : pythonJson(init.body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** The SDK's get_transfers() with its defaults, overridden by `given`. */
export function transfersBody(given: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		start_datetime: 0,
		end_datetime: 0,
		asset_id: '',
		type: '',
		page: 1,
		limit: 20,
		sort_order: 'desc',
		...given,
	};
}
