import type { IncomingMessage, ServerResponse } from 'node:http';
import { buffer } from 'node:stream/consumers';
import { DiscordError, errorReply, invalidJson, parseBody, type Reply } from './rest-replies.js';
import type { LocalRequest, Route } from './route.js';
import type { Signal } from './signal.js';

export interface InjectedResponse {
	readonly status?: number;
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
	/** Process the request normally, then reset the connection instead of answering (the client sees ECONNRESET). */
	readonly drop?: boolean;
}

export interface RestServerOptions {
	readonly token: string;
	/** Keep every request in `requests`. */
	readonly record: boolean;
}

interface Match {
	readonly route: Route;
	readonly params: ReadonlyMap<string, string>;
}

interface Injection {
	readonly predicate: (request: LocalRequest) => boolean;
	readonly response: InjectedResponse;
}

/** REST v10 under `/api`: matches a route, checks the bot token, answers, and keeps what was asked and answered. */
export class RestServer {
	readonly requests: LocalRequest[] = [];
	/** How many requests got each status, kept even when traffic is not recorded. */
	readonly statusCounts = new Map<number, number>();
	private readonly injections: Injection[] = [];

	constructor(
		private readonly routes: readonly Route[],
		private readonly signal: Signal,
		private readonly options: RestServerOptions,
	) {}

	/** The next request matching `predicate` gets `response` instead of the normal one (or, with `drop`, none). */
	respondOnce(predicate: (request: LocalRequest) => boolean, response: InjectedResponse): void {
		this.injections.push({ predicate, response });
	}

	/** For the HTTP server's `request` event; an error no route turned into a Discord error is answered 500. */
	serve(req: IncomingMessage, res: ServerResponse): void {
		this.handle(req, res).catch((error: unknown) => {
			res
				.writeHead(500, { 'content-type': 'application/json' })
				.end(JSON.stringify({ message: String(error), code: 0 }));
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://x');
		const { body, files, malformed } = await parseBody(await buffer(req), req.headers['content-type']);
		const versioned = url.pathname.startsWith('/api/v10/');
		const path = url.pathname
			.replace(/^\/api\/v10/, '')
			.split('/')
			.map(decodeURIComponent)
			.join('/');
		const method = req.method ?? 'GET';
		const match = versioned ? this.match(method, path) : undefined;
		const request: LocalRequest = {
			method,
			path,
			route: match?.route.pattern ?? path,
			query: url.searchParams,
			body,
			files,
			unhandled: !match,
			status: 0,
			dropped: false,
		};
		if (this.options.record) this.requests.push(request);
		const index = this.injections.findIndex((injection) => injection.predicate(request));
		const injected = index >= 0 ? this.injections.splice(index, 1)[0]?.response : undefined;
		const status = injected?.status ?? 500;
		const reply: Reply =
			injected && !injected.drop
				? { status, headers: injected.headers, body: injected.body ?? { message: `injected ${status}`, code: 0 } }
				: this.answer(request, match, malformed, req.headers.authorization);
		request.status = reply.status;
		this.statusCounts.set(reply.status, (this.statusCounts.get(reply.status) ?? 0) + 1);
		request.dropped = injected?.drop === true;
		if (request.dropped) {
			res.socket?.resetAndDestroy();
		} else {
			const text = reply.body === undefined ? undefined : JSON.stringify(reply.body);
			res.writeHead(reply.status, { ...(text ? { 'content-type': 'application/json' } : {}), ...reply.headers });
			res.end(text);
		}
		this.signal.wake();
	}

	private answer(request: LocalRequest, match: Match | undefined, malformed: boolean, authorization?: string): Reply {
		try {
			if (!match)
				throw new DiscordError(404, 0, `404: Not Found (the local Discord has no ${request.method} ${request.path})`);
			if (match.route.auth && authorization !== `Bot ${this.options.token}`)
				throw new DiscordError(401, 0, '401: Unauthorized');
			if (malformed) throw invalidJson();
			return match.route.handler(request, (name) => match.params.get(name) ?? '');
		} catch (error) {
			if (!(error instanceof DiscordError)) throw error;
			return errorReply(error);
		}
	}

	private match(method: string, path: string): Match | undefined {
		const segments = path.split('/');
		for (const route of this.routes) {
			const parts = route.pattern.split('/');
			if (route.method !== method || parts.length !== segments.length) continue;
			const params = new Map<string, string>();
			const same = parts.every((part, i) =>
				part.startsWith(':') ? params.set(part.slice(1), segments[i] ?? '') : part === segments[i],
			);
			if (same) return { route, params };
		}
		return undefined;
	}
}
