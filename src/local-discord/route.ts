import type { z } from 'zod';
import type { UploadedFile } from './messages.js';
import { parseRequestBody } from './request-bodies.js';
import type { Reply } from './rest-replies.js';

export interface LocalRequest {
	readonly method: string;
	/** Decoded path after `/api/v10`, e.g. `/webhooks/1/abc/messages/@original`. */
	readonly path: string;
	/** The matched pattern, e.g. `/channels/:channel/messages`; the path itself when unhandled. */
	readonly route: string;
	readonly query: URLSearchParams;
	/** Parsed JSON, or `payload_json` of a multipart body, as sent: each route parses it into its own shape. */
	readonly body: unknown;
	readonly files: readonly UploadedFile[];
	readonly unhandled: boolean;
	/** 0 until answered. */
	status: number;
	/** The request was processed but the connection was reset instead of answering. */
	dropped: boolean;
}

/** A path parameter by name, e.g. `channel` for `/channels/:channel`. */
export type Params = (name: string) => string;

export type Handler = (request: LocalRequest, param: Params) => Reply;

export interface Route {
	readonly method: string;
	readonly pattern: string;
	/** Needs `Authorization: Bot <token>`; interaction callbacks and webhooks are authorised by their token instead. */
	readonly auth: boolean;
	readonly handler: Handler;
}

export const route = (method: string, pattern: string, auth: boolean, handler: Handler): Route => ({
	method,
	pattern,
	auth,
	handler,
});

/** The route's body parsed with `schema` before `handle` runs; one that does not parse is answered 400 instead. */
export function withBody<T>(
	schema: z.ZodType<T>,
	handle: (body: T, request: LocalRequest, param: Params) => Reply,
): Handler {
	return (request, param) => handle(parseRequestBody(schema, request.body), request, param);
}
