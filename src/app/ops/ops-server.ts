import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ReadinessReport } from './readiness.js';

export interface OpsServerOptions {
	readonly host: string;
	/** 0 picks a free port; `url` then says which. */
	readonly port: number;
	readonly readiness: () => ReadinessReport;
	readonly metrics: () => Promise<{ readonly contentType: string; readonly text: string }>;
	readonly logger: Logger;
}

export interface OpsServer {
	readonly url: string;
	close(): Promise<void>;
}

type Route = (response: ServerResponse) => Promise<void> | void;

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
	response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
	response.end(body);
}

const json = (response: ServerResponse, status: number, body: unknown) =>
	send(response, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);

/**
 * GET /healthz, /readyz and /metrics, and nothing else: the request target must be one of those paths exactly
 * (no query), or 404; another method on them gets 405. Nothing is read from the request but its method and
 * target, and nothing answered carries more than the report and the registry give it.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
	const { logger } = options;
	const routes = new Map<string, Route>([
		['/healthz', (response) => json(response, 200, { status: 'ok' })],
		[
			'/readyz',
			(response) => {
				const report = options.readiness();
				json(response, report.ready ? 200 : 503, report);
			},
		],
		[
			'/metrics',
			async (response) => {
				const { contentType, text } = await options.metrics();
				send(response, 200, contentType, text);
			},
		],
	]);

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		// A body, if any, is not wanted; it is drained so that the connection can be reused.
		request.resume();
		const route = routes.get(request.url ?? '');
		if (!route) return json(response, 404, { error: 'not found' });
		if (request.method !== 'GET') {
			response.setHeader('allow', 'GET');
			return json(response, 405, { error: 'method not allowed' });
		}
		try {
			await route(response);
		} catch (error) {
			// The reason goes to the log only: an answer must not carry whatever a failing collector said.
			logger.error({ err: error instanceof Error ? error.message : String(error) }, 'ops endpoint failed');
			if (!response.headersSent) json(response, 500, { error: 'internal error' });
			else response.destroy();
		}
	};

	const server = createServer((request, response) => void handle(request, response));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	server.on('error', (error) => logger.error({ err: error.message }, 'ops server error'));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : options.port;
	const host = options.host.includes(':') ? `[${options.host}]` : options.host;
	return {
		url: `http://${host}:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				// A scraper's kept-alive connection must not hold shutdown up.
				server.closeAllConnections();
			}),
	};
}
