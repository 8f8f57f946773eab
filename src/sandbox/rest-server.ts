import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Authenticator } from './auth.js';
import { allowedMethods, type Endpoint, endpointOf, moneyMovingEndpoints } from './endpoints.js';
import type { FaultPlan } from './faults.js';
import { BodyTooLarge, parseJson, readBody, sendJson } from './http-body.js';
import type { RateLimiter } from './rate-limit.js';
import { BadRequest } from './requests.js';
import { type ExchangeParts, handle, type Reply } from './rest-actions.js';
import { errorBody } from './wire.js';

export interface RestDependencies extends ExchangeParts {
	readonly auth: Authenticator;
	readonly limiter: RateLimiter | undefined;
	readonly faults: FaultPlan;
	readonly maxBodyBytes: number;
	readonly logger: Logger;
	/** Aborted when the sandbox closes: a delayed request is then dropped, never processed. */
	readonly closing: AbortSignal;
}

/** Waits `ms`; false when the sandbox closed meanwhile. */
async function waited(ms: number, closing: AbortSignal): Promise<boolean> {
	try {
		await delay(ms, undefined, { signal: closing });
		return true;
	} catch {
		return false;
	}
}

/**
 * Serves the contract's REST endpoints: route, read, authenticate, rate-limit, refuse what moves money, play
 * faults, validate, act.
 */
export function createRestHandler(deps: RestDependencies) {
	return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
		const endpoint = endpointOf(url.pathname);
		if (!endpoint) {
			sendJson(res, 404, errorBody(404, `no such route: ${req.method} ${url.pathname.slice(0, 100)}`));
			return;
		}
		if (!allowedMethods(endpoint).includes(req.method ?? '')) {
			sendJson(res, 405, errorBody(405, `${endpoint} does not accept ${req.method}`), {
				allow: allowedMethods(endpoint).join(', '),
			});
			return;
		}

		let text: string;
		try {
			text = await readBody(req, deps.maxBodyBytes);
		} catch (error) {
			if (!(error instanceof BodyTooLarge)) throw error;
			sendJson(res, 413, errorBody(413, `the body is larger than ${deps.maxBodyBytes} bytes`), { connection: 'close' });
			return;
		}

		let accountId = '';
		if (endpoint !== 'api_key_signature_valid') {
			const auth = deps.auth.authenticate(req.headers);
			if (!auth.ok) {
				sendJson(res, 401, errorBody(401, auth.reason));
				return;
			}
			const decision = deps.limiter?.take(auth.credential.apiKey);
			if (decision && !decision.allowed) {
				sendJson(res, 429, errorBody(429, 'rate limit exceeded'), {
					'retry-after': String(decision.retryAfterSeconds),
				});
				return;
			}
			accountId = auth.credential.accountId;
		}
		if (moneyMovingEndpoints.has(endpoint)) {
			// Refused before anything else can happen to it: no fault, no validation, nothing moved.
			sendJson(
				res,
				403,
				errorBody(403, `this api key has no withdrawal rights: ${endpoint} is refused and nothing was moved`),
			);
			return;
		}

		const fault = deps.faults.take(endpoint);
		if (fault?.kind === 'status') {
			const retryAfter =
				fault.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(fault.retryAfterSeconds) };
			sendJson(res, fault.status, errorBody(fault.status, fault.message ?? 'injected failure'), retryAfter);
			return;
		}
		if (fault?.kind === 'drop' && fault.phase === 'before') {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'delay' && fault.phase === 'before' && !(await waited(fault.ms, deps.closing))) {
			req.socket.destroy();
			return;
		}

		const reply = act(deps, endpoint, accountId, req.method === 'GET' ? Object.fromEntries(url.searchParams) : text);

		if (fault?.kind === 'drop') {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'delay' && fault.phase === 'after' && !(await waited(fault.ms, deps.closing))) {
			req.socket.destroy();
			return;
		}
		sendJson(res, reply.status, reply.body);
	};
}

/** `input` is the query of a GET, or the raw body text of a POST. */
function act(
	deps: RestDependencies,
	endpoint: Endpoint,
	accountId: string,
	input: Record<string, string> | string,
): Reply {
	let body: unknown = input;
	if (typeof input === 'string') {
		const parsed = parseJson(input);
		if (!parsed.ok) return { status: 400, body: errorBody(400, 'the body is not valid JSON') };
		body = parsed.value;
	}
	try {
		return handle(deps, endpoint, accountId, body);
	} catch (error) {
		if (error instanceof BadRequest) return { status: 400, body: errorBody(400, error.message) };
		throw error;
	}
}
