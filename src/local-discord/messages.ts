import type { APIAttachment, APIEmbed, APIMessage, APIUser } from 'discord-api-types/v10';
import { EmbedType, MessageFlags, MessageType } from 'discord-api-types/v10';
import type { MessageBody } from './request-bodies.js';
import { snowflake } from './snowflake.js';

/** The messages a LocalDiscord keeps: created by the bot, edited in place, with every edit's snapshot. */
export interface LocalFile {
	readonly attachmentId: string;
	readonly name: string;
	readonly contentType: string;
	readonly content: Buffer;
}

/** A message the fake created; `data` is what the bot is served and is edited in place. */
export interface LocalMessage {
	readonly data: APIMessage;
	/** Snapshots of `data` taken before each edit, oldest first. */
	readonly history: APIMessage[];
	/** Every uploaded file with its bytes, including files added by edits. */
	readonly files: LocalFile[];
	readonly nonce: string | undefined;
	readonly createdAt: number;
	/** The interaction whose response this is, if any. */
	readonly interactionId: string | undefined;
	deleted: boolean;
}

/** A file part of a multipart body: `files[n]` is attachment `n`. */
export interface UploadedFile {
	readonly index: number;
	readonly name: string;
	readonly contentType: string;
	readonly content: Buffer;
}

export interface NewMessage {
	readonly channelId: string;
	readonly author: APIUser;
	readonly body: MessageBody;
	readonly uploads: readonly UploadedFile[];
	/** Attachment URLs start with this; the fake does not serve them (tests read `LocalMessage.files`). */
	readonly attachmentBase: string;
	readonly flags?: number;
	/** For interaction responses: message type, webhook and application id, interaction metadata. */
	readonly fromInteraction?: Pick<APIMessage, 'type' | 'application_id' | 'webhook_id' | 'interaction_metadata'>;
}

export function createMessage(spec: NewMessage): LocalMessage {
	const now = Date.now();
	const files: LocalFile[] = [];
	const { body, channelId } = spec;
	const data: APIMessage = {
		id: snowflake(now),
		channel_id: channelId,
		author: spec.author,
		content: body.content ?? '',
		timestamp: new Date(now).toISOString(),
		edited_timestamp: null,
		tts: body.tts ?? false,
		mention_everyone: false,
		mentions: [],
		mention_roles: [],
		attachments: attachmentsFor(body, [], spec.uploads, channelId, spec.attachmentBase, files),
		embeds: richEmbeds(body.embeds),
		components: body.components ?? [],
		pinned: false,
		type: MessageType.Default,
		flags: spec.flags ?? body.flags ?? 0,
		...spec.fromInteraction,
	};
	if (body.nonce !== undefined) data.nonce = body.nonce;
	if (body.message_reference) data.message_reference = { channel_id: channelId, ...body.message_reference };
	const nonce = body.nonce === undefined ? undefined : String(body.nonce);
	const interactionId = spec.fromInteraction?.interaction_metadata?.id;
	return { data, history: [], files, nonce, createdAt: now, interactionId, deleted: false };
}

/** Applies an edit in place, keeping a snapshot. The ephemeral flag cannot change; the loading flag clears. */
export function editMessage(
	message: LocalMessage,
	body: MessageBody,
	uploads: readonly UploadedFile[],
	attachmentBase: string,
): void {
	const data = message.data;
	message.history.push(structuredClone(data));
	if ('content' in body) data.content = body.content ?? '';
	if ('embeds' in body) data.embeds = richEmbeds(body.embeds);
	if ('components' in body) data.components = body.components ?? [];
	const kept = body.flags ?? data.flags ?? 0;
	data.flags = (kept & ~(MessageFlags.Ephemeral | MessageFlags.Loading)) | ((data.flags ?? 0) & MessageFlags.Ephemeral);
	if ('attachments' in body || uploads.length > 0) {
		data.attachments = attachmentsFor(body, data.attachments, uploads, data.channel_id, attachmentBase, message.files);
	}
	data.edited_timestamp = new Date().toISOString();
}

function richEmbeds(embeds: readonly APIEmbed[] | null | undefined): APIEmbed[] {
	return (embeds ?? []).map((embed) => ({ type: EmbedType.Rich, ...embed }));
}

/** Attachments listed in the body keep existing ones by id and bind `files[n]` uploads to entries with id `n`. */
function attachmentsFor(
	body: MessageBody,
	existing: readonly APIAttachment[],
	uploads: readonly UploadedFile[],
	channelId: string,
	base: string,
	files: LocalFile[],
): APIAttachment[] {
	const listed = body.attachments;
	const kept = listed ? existing.filter((old) => listed.some((entry) => String(entry.id) === old.id)) : [...existing];
	for (const upload of uploads) {
		const entry = listed?.find((candidate) => String(candidate.id) === String(upload.index));
		const id = snowflake();
		const filename = entry?.filename ?? upload.name;
		files.push({ attachmentId: id, name: filename, contentType: upload.contentType, content: upload.content });
		const url = `${base}/${channelId}/${id}/${encodeURIComponent(filename)}`;
		kept.push({
			id,
			filename,
			size: upload.content.length,
			url,
			proxy_url: url,
			content_type: upload.contentType,
			...(entry?.description ? { description: entry.description } : {}),
		});
	}
	return kept;
}
