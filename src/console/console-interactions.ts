import {
	type APIApplicationCommand,
	type APIMessageTopLevelComponent,
	ComponentType,
	InteractionResponseType,
} from 'discord-api-types/v10';
import type { InteractionHandle } from '../local-discord/local-discord.js';
import type { ButtonBoard } from './button-board.js';
import { InputError, toInvocation } from './command-line.js';
import type { ConsoleScreen } from './console-screen.js';
import type { ConsoleWorld } from './console-world.js';
import type { DeferredAnswers } from './deferred-answers.js';
import { ModalForm } from './modal-form.js';

export interface ConsoleInteractionsOptions {
	readonly world: ConsoleWorld;
	readonly screen: ConsoleScreen;
	readonly buttons: ButtonBoard;
	readonly deferred: DeferredAnswers;
}

/** Longer than the 3 s Discord gives the bot to answer, so a late answer is seen as late rather than lost. */
const answerWaitMs = 5000;

/**
 * Sends the bot the interactions Discord would for what the user typed: slash commands, button presses and the
 * answers to a form the bot opened, one field a line; then waits for the bot's answer.
 */
export class ConsoleInteractions {
	private form: ModalForm | undefined;

	constructor(private readonly options: ConsoleInteractionsOptions) {}

	/** While a form is open, every line answers its current field. */
	get fillingForm(): boolean {
		return this.form !== undefined;
	}

	commands(): readonly APIApplicationCommand[] {
		return this.options.world.discord.registeredCommands(this.options.world.guildId);
	}

	async slash(name: string, words: readonly string[]): Promise<void> {
		const commands = this.commands();
		const command = commands.find((candidate) => candidate.name === name);
		if (!command) throw new InputError(`There is no /${name}. Type /help for the list.`);
		const invocation = toInvocation(command, words, this.options.world.resolveOption);
		const handle = this.options.world.discord.injectSlashCommand({
			...this.where(),
			name: invocation.name,
			options: invocation.options,
			...(invocation.subcommand ? { subcommand: invocation.subcommand } : {}),
		});
		await this.settle(handle, `/${[invocation.name, invocation.subcommand].filter(Boolean).join(' ')}`);
	}

	async press(number: number): Promise<void> {
		const button = this.options.buttons.find(number);
		if (!button) throw new InputError(`There is no button ${number}. Buttons show their number in [brackets].`);
		if (button === 'retired') throw new InputError(`Button ${number} is no longer on its message.`);
		const message = this.options.world.discord.message(button.messageId);
		const live = message && !message.deleted ? message.data.components : undefined;
		if (!hasEnabledButton(live ?? [], button.customId)) {
			throw new InputError(`Button ${number} is no longer on its message.`);
		}
		const editsBefore = message?.history.length ?? 0;
		const handle = this.options.world.discord.injectButton({
			...this.where(),
			channelId: message?.data.channel_id,
			customId: button.customId,
			message: button.messageId,
		});
		await this.settle(handle, `button ${number}`, editsBefore);
	}

	async answerForm(line: string): Promise<void> {
		const { screen } = this.options;
		const form = this.form;
		if (!form) return;
		if (line.trim().toLowerCase() === '/cancel') {
			this.form = undefined;
			// The field's prompt goes with the form: the next line is a command or a button number again.
			screen.resetPrompt();
			screen.print('Form closed; nothing was sent.');
			return;
		}
		const result = form.answer(line.trim());
		if ('problem' in result) {
			screen.print(screen.style('red', `✖ ${result.problem}`));
			return this.promptForField();
		}
		if (!result.done) return this.promptForField();
		this.form = undefined;
		screen.resetPrompt();
		const source = form.sourceMessageId ? this.options.world.discord.message(form.sourceMessageId) : undefined;
		const editsBefore = source?.history.length ?? 0;
		const handle = this.options.world.discord.injectModalSubmit({
			...this.where(),
			customId: form.modal.custom_id,
			fields: result.values,
			...(form.sourceMessageId ? { message: form.sourceMessageId } : {}),
		});
		await this.settle(handle, `the form ${form.modal.title}`, editsBefore);
	}

	/** The bot's choices for an autocomplete option, as Discord asks for them while the user types. */
	async autocomplete(
		command: string,
		subcommand: string | undefined,
		typed: Readonly<Record<string, string>>,
		focused: string,
	): Promise<string[]> {
		const handle = this.options.world.discord.injectAutocomplete({
			...this.where(),
			name: command,
			options: typed,
			focused,
			...(subcommand ? { subcommand } : {}),
		});
		await handle.response(1500);
		return (handle.choices ?? []).map((choice) => String(choice.value));
	}

	/**
	 * Waits for the bot's first answer; a form it opens takes the next lines. An answer the bot defers is
	 * watched until it comes; piped lines wait for it, because the next line of a script may press a button it
	 * brings, while a terminal takes the next line at once, as Discord lets a person type while the bot thinks.
	 * `editsBefore` is how many times the pressed message had been edited before the press.
	 */
	private async settle(handle: InteractionHandle, what: string, editsBefore = 0): Promise<void> {
		const { screen } = this.options;
		const answer = await handle.response(answerWaitMs).catch(() => undefined);
		if (!answer) {
			screen.print(
				screen.style(
					'red',
					'✖ The bot did not answer within 3 s; Discord would show "The application did not respond".',
				),
			);
			return;
		}
		if (answer.type === InteractionResponseType.Modal && handle.modal) {
			this.form = new ModalForm(handle.modal, handle.sourceMessageId);
			screen.print(`${screen.style('bold', handle.modal.title)}: answer each field, or /cancel to close the form.`);
			this.promptForField();
			return;
		}
		const coming = this.options.deferred.watch(handle, answer.type, what, editsBefore);
		if (coming && !screen.terminal) await coming;
		screen.prompt();
	}

	private promptForField(): void {
		const { screen } = this.options;
		const field = this.form?.current;
		if (!field) return;
		screen.setPrompt(`${field.label}: `);
		if (!screen.terminal) screen.print(`${field.label}:`);
		screen.prompt();
	}

	/** Where the console user types: the desk channel of the console's guild. */
	private where() {
		const { world } = this.options;
		return { guildId: world.guildId, userId: world.userId, channelId: world.channels.desk };
	}
}

function hasEnabledButton(rows: readonly APIMessageTopLevelComponent[], customId: string): boolean {
	return rows.some(
		(row) =>
			row.type === ComponentType.ActionRow &&
			row.components.some(
				(component) =>
					component.type === ComponentType.Button &&
					'custom_id' in component &&
					component.custom_id === customId &&
					!component.disabled,
			),
	);
}
