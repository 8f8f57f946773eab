import type { APIEmbed } from 'discord-api-types/v10';
import type { UploadedFile } from './messages.js';

/** The REST side's replies and request bodies, shaped as Discord's. */

/** A Discord API error: answered as JSON `{message, code}`, with `errors` per field for an invalid form body. */
export class DiscordError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
		readonly errors?: unknown,
	) {
		super(message);
	}
}

export interface Reply {
	readonly status: number;
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
}

export const json = (body: unknown, status = 200): Reply => ({ status, body });

export const noContent: Reply = { status: 204 };

export function errorReply(error: DiscordError): Reply {
	const errors = error.errors === undefined ? {} : { errors: error.errors };
	return json({ message: error.message, code: error.code, ...errors }, error.status);
}

export const invalidJson = () => new DiscordError(400, 50109, 'The request body contains invalid JSON.');

/** Discord's embed limits: 10 embeds, 4,096 characters a description, 6,000 characters in all. */
export function embedLimitError(embeds: readonly APIEmbed[] | null | undefined): Reply | undefined {
	if (!embeds) return undefined;
	const sizeOf = (embed: APIEmbed) =>
		(embed.title?.length ?? 0) +
		(embed.description?.length ?? 0) +
		(embed.footer?.text.length ?? 0) +
		(embed.author?.name.length ?? 0) +
		(embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
	const total = embeds.reduce((sum, embed) => sum + sizeOf(embed), 0);
	if (embeds.length <= 10 && total <= 6000 && embeds.every((embed) => (embed.description?.length ?? 0) <= 4096))
		return undefined;
	return json({ message: 'Invalid Form Body', code: 50035 }, 400);
}

export interface RequestBody {
	/** Parsed JSON, or `payload_json` of a multipart body; the routes parse it into their own shape. */
	readonly body: unknown;
	readonly files: UploadedFile[];
	/** The JSON or the multipart form did not decode. */
	readonly malformed: boolean;
}

/** JSON, or multipart/form-data with `payload_json` and `files[n]` parts (how discord.js sends attachments). */
export async function parseBody(raw: Buffer, contentType = ''): Promise<RequestBody> {
	try {
		return await decodeBody(raw, contentType);
	} catch (error) {
		// JSON.parse throws SyntaxError and Response.formData TypeError on a body that does not decode.
		if (error instanceof SyntaxError || error instanceof TypeError)
			return { body: undefined, files: [], malformed: true };
		throw error;
	}
}

async function decodeBody(raw: Buffer, contentType: string): Promise<RequestBody> {
	if (raw.length === 0) return { body: undefined, files: [], malformed: false };
	if (!contentType.startsWith('multipart/form-data')) {
		return { body: JSON.parse(raw.toString('utf8')), files: [], malformed: false };
	}
	const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
	const files: UploadedFile[] = [];
	let body: unknown;
	for (const [name, value] of form) {
		const index = /^files\[(\d+)\]$/.exec(name)?.[1];
		if (typeof value === 'string') {
			if (name === 'payload_json') body = JSON.parse(value);
		} else if (index !== undefined) {
			const content = Buffer.from(await value.arrayBuffer());
			files.push({
				index: Number(index),
				name: value.name,
				contentType: value.type || 'application/octet-stream',
				content,
			});
		}
	}
	return { body, files, malformed: false };
}
