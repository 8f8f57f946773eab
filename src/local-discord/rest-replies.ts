import type { APIEmbed } from 'discord-api-types/v10';
import type { UploadedFile } from './messages.js';

/** The REST side's replies and request bodies, shaped as Discord's. */

/** A Discord API error: answered as JSON `{message, code}` with its status. */
export class DiscordError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
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

/** Discord's embed limits: 10 embeds, 4,096 characters a description, 6,000 characters in all. */
export function embedLimitError(embeds: readonly APIEmbed[] | undefined): Reply | undefined {
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
export const noContent: Reply = { status: 204 };
/** JSON, or multipart/form-data with `payload_json` and `files[n]` parts (how discord.js sends attachments). */
export async function parseBody(raw: Buffer, contentType = ''): Promise<{ body: unknown; files: UploadedFile[] }> {
	if (raw.length === 0) return { body: undefined, files: [] };
	if (!contentType.startsWith('multipart/form-data')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
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
	return { body, files };
}
