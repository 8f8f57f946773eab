import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { InteractionHandle, LocalMessage } from '../local-discord/local-discord.js';
import type { ConsoleScreen } from './console-screen.js';

/**
 * Longer than the slowest read the bot retries with the default broker settings (three tries of 10 s each), so
 * an answer is called missing only once the bot has given up on it.
 */
const defaultWaitMs = 60_000;

/**
 * The answers the bot deferred ("thinking") and has not given yet, watched until they come, so that the console
 * can say which one did not and the end of the input can wait for them.
 */
export class DeferredAnswers {
	/** What was asked, by the watch that settles once its answer has come or been called missing. */
	private readonly pending = new Map<Promise<void>, string>();
	private abandoned = false;
	private resolveAbandoned: () => void = () => undefined;
	/** Settles once the console stops showing messages, so that nothing waits for an answer it cannot show. */
	private readonly stoppedShowing = new Promise<void>((resolve) => {
		this.resolveAbandoned = resolve;
	});

	constructor(
		private readonly screen: ConsoleScreen,
		/** How long a deferred answer may take before the console says it did not come. */
		private readonly waitMs: number = defaultWaitMs,
	) {}

	/**
	 * For a deferred answer, settles once it has come or the console has said that it did not; undefined for an
	 * answer that was not deferred. `editsBefore` is how many times the pressed message had been edited before.
	 */
	watch(
		handle: InteractionHandle,
		type: InteractionResponseType,
		what: string,
		editsBefore: number,
	): Promise<void> | undefined {
		const { waitMs } = this;
		let arrived: Promise<unknown>;
		if (type === InteractionResponseType.DeferredChannelMessageWithSource) {
			arrived = handle.originalMessage((message) => message.deleted || !isThinking(message), waitMs);
		} else if (type === InteractionResponseType.DeferredMessageUpdate) {
			// A deferred update shows as an edit of the pressed message, or as a follow-up if the bot refuses.
			arrived = handle.originalMessage(
				(message) => message.deleted || message.history.length > editsBefore || handle.followUps.length > 0,
				waitMs,
			);
		} else {
			return undefined;
		}
		const settled = arrived.then(
			() => undefined,
			() => {
				if (this.abandoned) return;
				const seconds = Math.round(waitMs / 1000);
				const after = this.screen.isOpen ? '; if it comes later, it is shown then' : '; the console leaves without it';
				this.screen.print(
					this.screen.style('red', `✖ The bot’s answer to ${what} did not come within ${seconds} s${after}.`),
				);
			},
		);
		const coming = Promise.race([settled, this.stoppedShowing]);
		this.pending.set(coming, what);
		void coming.then(() => this.pending.delete(coming));
		return coming;
	}

	/** Every answer still coming, once the input has ended, so that none is lost with the shutdown. */
	async waitForAll(): Promise<void> {
		if (this.pending.size === 0 || this.abandoned) return;
		this.screen.print(`Waiting for the bot’s answer to ${[...this.pending.values()].join(', ')} before leaving…`);
		await Promise.all(this.pending.keys());
	}

	/** The console stops showing messages: each answer still coming is named as lost, and nothing waits for it. */
	abandon(): void {
		this.abandoned = true;
		for (const what of this.pending.values()) {
			this.screen.print(this.screen.style('red', `✖ The console closed before the bot’s answer to ${what} came.`));
		}
		this.resolveAbandoned();
	}
}

function isThinking(message: LocalMessage): boolean {
	return ((message.data.flags ?? 0) & MessageFlags.Loading) !== 0;
}
