import type { APIMessage } from 'discord-api-types/v10';
import { isEphemeral } from './interaction-handle.js';
import { createMessage, editMessage, type LocalMessage, type NewMessage, type UploadedFile } from './messages.js';
import type { MessageBody } from './request-bodies.js';
import { DiscordError } from './rest-replies.js';
import type { Signal } from './signal.js';

/** What happened to a message; `listen` reports each as it happens. */
export type MessageChange = 'created' | 'edited' | 'deleted';
export type MessageListener = (message: LocalMessage, change: MessageChange) => void;

/** Every message the fake keeps, by id and per channel; listeners and waiters hear of each change. */
export class MessageStore {
	private readonly byId = new Map<string, LocalMessage>();
	private readonly byChannel = new Map<string, LocalMessage[]>();
	private readonly listeners = new Set<MessageListener>();

	constructor(
		private readonly signal: Signal,
		/** Known once the server listens. */
		private readonly attachmentBase: () => string,
	) {}

	get(messageId: string): LocalMessage | undefined {
		return this.byId.get(messageId);
	}

	/** A message that exists and is not deleted; Discord's 10008 otherwise. */
	live(messageId: string): LocalMessage {
		const message = this.byId.get(messageId);
		if (!message || message.deleted) throw new DiscordError(404, 10008, 'Unknown Message');
		return message;
	}

	/** A message the tests or the console hold (stored, as its data, or its id) that the fake must have created. */
	stored(message: LocalMessage | APIMessage | string): LocalMessage {
		const id = typeof message === 'string' ? message : 'data' in message ? message.data.id : message.id;
		const stored = this.byId.get(id);
		if (!stored) throw new Error(`message ${id} was not created through the fake`);
		return stored;
	}

	/** Live, non-ephemeral messages in a channel, oldest first, interaction responses included. */
	in(channelId: string): LocalMessage[] {
		return (this.byChannel.get(channelId) ?? []).filter((message) => !message.deleted && !isEphemeral(message));
	}

	/** Calls `listener` on every message created, edited or deleted; returns the unsubscribe. */
	listen(listener: MessageListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	create(spec: Omit<NewMessage, 'attachmentBase'>): LocalMessage {
		const message = createMessage({ ...spec, attachmentBase: this.attachmentBase() });
		this.byId.set(message.data.id, message);
		const list = this.byChannel.get(message.data.channel_id) ?? [];
		list.push(message);
		this.byChannel.set(message.data.channel_id, list);
		this.changed(message, 'created');
		return message;
	}

	edit(messageId: string, body: MessageBody, uploads: readonly UploadedFile[]): LocalMessage {
		const message = this.live(messageId);
		editMessage(message, body, uploads, this.attachmentBase());
		this.changed(message, 'edited');
		return message;
	}

	delete(messageId: string): void {
		const message = this.live(messageId);
		message.deleted = true;
		this.changed(message, 'deleted');
	}

	private changed(message: LocalMessage, change: MessageChange): void {
		for (const listener of this.listeners) listener(message, change);
		this.signal.wake();
	}
}
