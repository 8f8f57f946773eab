import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Authenticator } from './auth.js';
import type { Endpoint, FaultPlan } from './faults.js';
import { BodyTooLarge, parseJson, readBody, sendJson } from './http-body.js';
import type { Market } from './market.js';
import type { OrderBook } from './orders.js';
import type { RateLimiter } from './rate-limit.js';
import { BadRequest, parseCreateOrder, parseCredentialCheck, parseFetchOrder, parseFetchOrders } from './requests.js';
import { createOrderBody, errorBody, snakeOrder } from './wire.js';

export interface RestDependencies {
	readonly market: Market;
	readonly book: OrderBook;
	readonly auth: Authenticator;
	readonly limiter: RateLimiter | undefined;
	readonly faults: FaultPlan;
	readonly maxBodyBytes: number;
	readonly logger: Logger;
	/** Aborted when the sandbox closes: a delayed request is then dropped, never processed. */
	readonly closing: AbortSignal;
}

interface Reply {
	readonly status: number;
	readonly body: unknown;
}

const allowedMethods: Record<Endpoint, readonly string[]> = {
	create_order: ['POST'],
	fetch_order: ['POST', 'GET'],
	fetch_orders: ['POST'],
	api_key_signature_valid: ['POST'],
};

function isEndpoint(name: string): name is Endpoint {
	return Object.hasOwn(allowedMethods, name);
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

/** `/v2/orders/<endpoint>` or, for the oldest SDKs, `/orders/<endpoint>`. */
export function endpointOf(pathname: string): Endpoint | undefined {
	const match = /^(?:\/v2)?\/orders\/([a-z_]+)\/?$/.exec(pathname);
	const name = match?.[1];
	return name !== undefined && isEndpoint(name) ? name : undefined;
}

/** Serves the contract's REST endpoints: route, read, authenticate, rate-limit, play faults, validate, act. */
export function createRestHandler(deps: RestDependencies) {
	return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
		const endpoint = endpointOf(url.pathname);
		if (!endpoint) {
			sendJson(res, 404, errorBody(404, `no such route: ${req.method} ${url.pathname.slice(0, 100)}`));
			return;
		}
		if (!allowedMethods[endpoint].includes(req.method ?? '')) {
			sendJson(res, 405, errorBody(405, `${endpoint} does not accept ${req.method}`), {
				allow: allowedMethods[endpoint].join(', '),
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

function handle(deps: RestDependencies, endpoint: Endpoint, accountId: string, body: unknown): Reply {
	switch (endpoint) {
		case 'api_key_signature_valid': {
			const { apiKey, signature } = parseCredentialCheck(body);
			if (!deps.auth.checkCredential(apiKey, signature)) {
				return { status: 401, body: errorBody(401, 'invalid api key or signature') };
			}
			return { status: 200, body: { status_code: 200, message: 'ok' } };
		}
		case 'create_order': {
			const { order, created } = deps.book.create(accountId, parseCreateOrder(deps.market, body));
			deps.logger.info({ orderId: order.id, status: order.status, created }, 'create_order');
			return { status: 200, body: createOrderBody(order) };
		}
		case 'fetch_order': {
			const order = deps.book.find(accountId, parseFetchOrder(body));
			return { status: 200, body: { order_list: order ? [snakeOrder(order)] : [], status: 'success' } };
		}
		case 'fetch_orders': {
			const filter = parseFetchOrders(deps.market, body);
			const { orders, total } = deps.book.list(accountId, filter);
			const page = { order_list: orders.map(snakeOrder), status: 'success', total, page: String(filter.page) };
			return { status: 200, body: page };
		}
	}
}
