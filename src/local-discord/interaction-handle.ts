import type {
	APIApplicationCommandOptionChoice,
	APIInteraction,
	APIModalInteractionResponseCallbackData,
	InteractionResponseType,
} from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import type { LocalMessage } from './messages.js';
import type { Signal } from './signal.js';

export interface InteractionCallback {
	readonly type: InteractionResponseType;
	readonly data: unknown;
}

export const isLoading = (message: LocalMessage) => ((message.data.flags ?? 0) & MessageFlags.Loading) !== 0;
export const isEphemeral = (message: LocalMessage) => ((message.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** One injected interaction and everything the bot did with it. The fake updates the public fields. */
export class InteractionHandle {
	readonly callbacks: InteractionCallback[] = [];
	readonly followUps: LocalMessage[] = [];
	modal: APIModalInteractionResponseCallbackData | undefined;
	choices: APIApplicationCommandOptionChoice[] | undefined;
	/** The ack deadline passed without a callback. */
	lapsed = false;
	/** What `@original` means: the response, or for component interactions the message the component is on. */
	originalId: string | undefined;
	readonly createdAt = Date.now();
	timer: NodeJS.Timeout | undefined;

	constructor(
		readonly payload: APIInteraction,
		readonly sourceMessageId: string | undefined,
		private readonly messages: { get(messageId: string): LocalMessage | undefined },
		private readonly signal: Signal,
	) {
		this.originalId = sourceMessageId;
	}

	get id(): string {
		return this.payload.id;
	}

	get token(): string {
		return this.payload.token;
	}

	get acknowledged(): boolean {
		return this.callbacks.length > 0;
	}

	get original(): LocalMessage | undefined {
		return this.acknowledged && this.originalId ? this.messages.get(this.originalId) : undefined;
	}

	/** The first callback: reply, defer, update, modal or autocomplete result. */
	response(timeoutMs?: number): Promise<InteractionCallback> {
		return this.signal.until(() => this.callbacks[0], `a callback to interaction ${this.id}`, timeoutMs);
	}

	/** The original message once it exists and matches; by default, once it is no longer "thinking". */
	originalMessage(
		predicate = (message: LocalMessage) => !isLoading(message),
		timeoutMs?: number,
	): Promise<LocalMessage> {
		const probe = () => (this.original && predicate(this.original) ? this.original : undefined);
		return this.signal.until(probe, `the original response of interaction ${this.id}`, timeoutMs);
	}

	followUp(predicate = (_: LocalMessage) => true, timeoutMs?: number): Promise<LocalMessage> {
		return this.signal.until(() => this.followUps.find(predicate), `a follow-up to ${this.id}`, timeoutMs);
	}

	/** Resolves when the ack deadline passes without a callback; from then on callbacks get 10062. */
	async expired(timeoutMs?: number): Promise<void> {
		await this.signal.until(() => this.lapsed || undefined, `interaction ${this.id} to expire`, timeoutMs);
	}
}

/** Every injected interaction by id, each with Discord's deadline for its first callback. */
export class InteractionHandles {
	private readonly byId = new Map<string, InteractionHandle>();

	constructor(
		private readonly signal: Signal,
		private readonly ackDeadlineMs: number,
	) {}

	get(id: string): InteractionHandle | undefined {
		return this.byId.get(id);
	}

	/** Interaction webhooks are addressed by token. */
	byToken(token: string): InteractionHandle | undefined {
		return [...this.byId.values()].find((handle) => handle.token === token);
	}

	/** Starts the ack deadline; past it without a callback the handle has `lapsed`. */
	track(handle: InteractionHandle): void {
		this.byId.set(handle.id, handle);
		handle.timer = setTimeout(() => {
			handle.lapsed = !handle.acknowledged;
			this.signal.wake();
		}, this.ackDeadlineMs);
	}

	/** Too late for a first callback: the timer fired, or its deadline passed before the timer ran. */
	late(handle: InteractionHandle): boolean {
		return handle.lapsed || Date.now() - handle.createdAt >= this.ackDeadlineMs;
	}

	stop(): void {
		for (const handle of this.byId.values()) clearTimeout(handle.timer);
	}
}
