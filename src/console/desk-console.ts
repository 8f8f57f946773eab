import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { styleText } from 'node:util';
import {
	type APIApplicationCommand,
	ComponentType,
	InteractionResponseType,
	MessageFlags,
} from 'discord-api-types/v10';
import { colours } from '../discord/render/format.js';
import type { InteractionHandle, LocalMessage, MessageChange } from '../local-discord/local-discord.js';
import { ButtonBoard } from './button-board.js';
import { type ConsoleCommandName, InputError, readLine, toInvocation } from './command-line.js';
import { complete } from './completion.js';
import type { ConsoleRole } from './console-roles.js';
import { type ConsoleWorld, consoleRoles, consoleUsername } from './console-world.js';
import { helpText } from './help.js';
import { ModalForm } from './modal-form.js';
import { type MessageEvent, type RenderContext, renderMessage } from './render-message.js';

export interface DeskConsoleOptions {
	readonly world: ConsoleWorld;
	readonly input: NodeJS.ReadableStream;
	readonly output: NodeJS.WritableStream;
	/** A terminal gets a prompt, line editing, history and colours; a pipe gets plain lines. */
	readonly terminal: boolean;
	readonly colour: boolean;
	/** Attachments the bot sends (the audit CSV) are saved here. */
	readonly filesDir: string;
	/** Where command history is kept between runs (terminal only). */
	readonly historyPath?: string;
	/** How long an answer the bot deferred ("thinking") may take before the console says it did not come. */
	readonly deferredAnswerWaitMs?: number;
	readonly now?: () => number;
}

const prompt = 'desk> ';
/** Longer than the 3 s Discord gives the bot to answer, so a late answer is seen as late rather than lost. */
const answerWaitMs = 5000;
/**
 * Longer than the slowest read the bot retries with the default broker settings (three tries of 10 s each), so
 * an answer is called missing only once the bot has given up on it.
 */
const deferredAnswerWaitMs = 60_000;
const changeEvents: Record<MessageChange, MessageEvent> = { created: 'new', edited: 'edited', deleted: 'deleted' };
const embedColours: Record<number, Parameters<typeof styleText>[0]> = {
	[colours.good]: 'green',
	[colours.bad]: 'red',
	[colours.warn]: 'yellow',
	[colours.info]: 'blue',
};

/**
 * The terminal front end of the console: it reads what the user types, turns it into the interactions Discord
 * would send the bot, and prints every message the bot writes in any channel. Lines are handled one at a time,
 * each once the bot has answered the one before, so a scripted session behaves like a typed one.
 */
export class DeskConsole {
	readonly closed: Promise<void>;
	private readonly readline: Interface;
	private readonly buttons = new ButtonBoard();
	private readonly saved = new Map<string, string>();
	private readonly stopListening: () => void;
	private readonly renderContext: RenderContext;
	private form: ModalForm | undefined;
	private queue: Promise<void> = Promise.resolve();
	/** Answers the bot deferred and has not given yet, by what was asked. */
	private readonly pending = new Map<Promise<void>, string>();
	private abandon: () => void = () => undefined;
	/** Settles once the console stops showing messages, so that nothing waits for an answer it cannot show. */
	private readonly abandoned = new Promise<void>((resolve) => {
		this.abandon = resolve;
	});
	private open = true;
	private listening = true;

	constructor(private readonly options: DeskConsoleOptions) {
		const { world, terminal } = options;
		this.readline = createInterface({
			input: options.input,
			output: options.output,
			terminal,
			prompt,
			historySize: 500,
			removeHistoryDuplicates: true,
			history: terminal ? loadHistory(options.historyPath) : [],
			completer: (line: string, done: (error: Error | null, result: [string[], string]) => void) => {
				complete(line, { commands: () => this.commands(), autocomplete: (...args) => this.autocomplete(...args) }).then(
					(result) => done(null, result),
					() => done(null, [[], line]),
				);
			},
		});
		this.readline.on('line', (line) => {
			this.queue = this.queue.then(() => this.handle(line));
		});
		if (terminal && options.historyPath) {
			const path = options.historyPath;
			this.readline.on('history', (history: string[]) => saveHistory(path, history));
		}
		// Ctrl-C at the prompt leaves like Ctrl-D: the bot and the sandbox shut down cleanly.
		this.readline.on('SIGINT', () => this.readline.close());
		this.closed = new Promise((resolve) => {
			this.readline.once('close', () => {
				this.open = false;
				resolve(this.queue.catch(() => undefined).then(() => this.answersStillComing()));
			});
		});
		this.renderContext = this.makeRenderContext();
		this.stopListening = world.discord.listen((message, change) => this.show(message, change));
	}

	/** Prints the welcome and the first prompt. */
	start(welcome: string): void {
		this.print(welcome);
	}

	/** A line from the bot's own process (the stream reconnected, an outage), printed above the prompt. */
	notice(text: string): void {
		this.print(this.style('yellow', text));
	}

	close(): void {
		if (this.listening) {
			this.listening = false;
			this.stopListening();
			for (const what of this.pending.values()) {
				this.print(this.style('red', `✖ The console closed before the bot’s answer to ${what} came.`));
			}
			this.abandon();
		}
		if (this.open) this.readline.close();
	}

	/** The end of the input waits for every answer still coming, so that none is lost with the shutdown. */
	private async answersStillComing(): Promise<void> {
		if (this.pending.size === 0 || !this.listening) return;
		this.print(`Waiting for the bot’s answer to ${[...this.pending.values()].join(', ')} before leaving…`);
		await Promise.all(this.pending.keys());
	}

	private async handle(line: string): Promise<void> {
		try {
			if (this.form) return await this.answerForm(line);
			const read = readLine(line);
			if (read.kind === 'empty') return this.prompt();
			if (read.kind === 'press') return await this.press(read.number);
			if (read.kind === 'console') return this.consoleCommand(read.name, read.args);
			return await this.slash(read.name, read.words);
		} catch (error) {
			// Whatever went wrong, the console stays up and the next line is read.
			const message = error instanceof InputError ? error.message : `The console could not do that: ${String(error)}`;
			this.print(this.style('red', `✖ ${message}`));
		}
	}

	private async slash(name: string, words: readonly string[]): Promise<void> {
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

	private async press(number: number): Promise<void> {
		const button = this.buttons.find(number);
		if (!button) throw new InputError(`There is no button ${number}. Buttons show their number in [brackets].`);
		if (button === 'retired') throw new InputError(`Button ${number} is no longer on its message.`);
		const message = this.options.world.discord.message(button.messageId);
		const live = message && !message.deleted ? message.data.components : undefined;
		const stillThere = (live ?? []).some(
			(row) =>
				row.type === ComponentType.ActionRow &&
				row.components.some(
					(component) =>
						component.type === ComponentType.Button &&
						'custom_id' in component &&
						component.custom_id === button.customId &&
						!component.disabled,
				),
		);
		if (!stillThere) throw new InputError(`Button ${number} is no longer on its message.`);
		const editsBefore = message?.history.length ?? 0;
		const handle = this.options.world.discord.injectButton({
			...this.where(),
			channelId: message?.data.channel_id,
			customId: button.customId,
			message: button.messageId,
		});
		await this.settle(handle, `button ${number}`, editsBefore);
	}

	/**
	 * Waits for the bot's first answer; a form it opens takes the next lines. An answer the bot defers is
	 * watched until it comes; piped lines wait for it, because the next line of a script may press a button it
	 * brings, while a terminal takes the next line at once, as Discord lets a person type while the bot thinks.
	 * `editsBefore` is how many times the pressed message had been edited before the press.
	 */
	private async settle(handle: InteractionHandle, what: string, editsBefore = 0): Promise<void> {
		const answer = await handle.response(answerWaitMs).catch(() => undefined);
		if (!answer) {
			this.print(
				this.style('red', '✖ The bot did not answer within 3 s; Discord would show "The application did not respond".'),
			);
			return;
		}
		if (answer.type === InteractionResponseType.Modal && handle.modal) {
			this.form = new ModalForm(handle.modal, handle.sourceMessageId);
			this.print(`${this.style('bold', handle.modal.title)}: answer each field, or /cancel to close the form.`);
			this.promptForField();
			return;
		}
		const coming = this.watchDeferred(handle, answer.type, what, editsBefore);
		if (coming && !this.options.terminal) await coming;
		this.prompt();
	}

	/** For a deferred answer, settles once it has come or the console has said that it did not. */
	private watchDeferred(
		handle: InteractionHandle,
		type: InteractionResponseType,
		what: string,
		editsBefore: number,
	): Promise<void> | undefined {
		const waitMs = this.options.deferredAnswerWaitMs ?? deferredAnswerWaitMs;
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
				if (!this.listening) return;
				const seconds = Math.round(waitMs / 1000);
				const after = this.open ? '; if it comes later, it is shown then' : '; the console leaves without it';
				this.print(this.style('red', `✖ The bot’s answer to ${what} did not come within ${seconds} s${after}.`));
			},
		);
		const coming = Promise.race([settled, this.abandoned]);
		this.pending.set(coming, what);
		void coming.then(() => this.pending.delete(coming));
		return coming;
	}

	private async answerForm(line: string): Promise<void> {
		const form = this.form;
		if (!form) return;
		if (line.trim().toLowerCase() === '/cancel') {
			this.form = undefined;
			// The field's prompt goes with the form: the next line is a command or a button number again.
			this.readline.setPrompt(prompt);
			this.print('Form closed; nothing was sent.');
			return;
		}
		const result = form.answer(line.trim());
		if ('problem' in result) {
			this.print(this.style('red', `✖ ${result.problem}`));
			return this.promptForField();
		}
		if (!result.done) return this.promptForField();
		this.form = undefined;
		this.readline.setPrompt(prompt);
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

	private promptForField(): void {
		const field = this.form?.current;
		if (!field) return;
		this.readline.setPrompt(`${field.label}: `);
		if (!this.options.terminal) this.print(`${field.label}:`);
		this.prompt();
	}

	private consoleCommand(name: ConsoleCommandName, args: readonly string[]): void {
		if (name === 'quit') {
			// As Ctrl-D: the messages the bot still writes while the desk shuts down are shown.
			this.readline.close();
			return;
		}
		if (name === 'help') {
			const commands = this.commands();
			if (commands.length === 0) throw new InputError('The bot has not registered its commands yet.');
			this.print(helpText(commands, args[0]));
			return;
		}
		if (args.length > 0) this.options.world.setRoles(parseRoles(args));
		const roles = this.options.world.roles;
		this.print(`You act as @${consoleUsername} with ${roles.length === 0 ? 'no roles' : `roles ${roles.join(', ')}`}.`);
	}

	private commands(): readonly APIApplicationCommand[] {
		return this.options.world.discord.registeredCommands(this.options.world.guildId);
	}

	private async autocomplete(
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

	private where() {
		const { world } = this.options;
		return { guildId: world.guildId, userId: world.userId, channelId: world.channels.desk };
	}

	private show(message: LocalMessage, change: MessageChange): void {
		try {
			this.render(message, change);
		} catch (error) {
			// The bot's message is stored either way; only its display failed.
			this.print(
				this.style(
					'red',
					`✖ A message in #${this.options.world.channelName(message.data.channel_id)} could not be shown: ${String(error)}`,
				),
			);
		}
	}

	private render(message: LocalMessage, change: MessageChange): void {
		this.saveFiles(message);
		this.print(renderMessage(message.data, changeEvents[change], this.renderContext));
		const shown = new Set<string>();
		for (const row of message.deleted ? [] : (message.data.components ?? [])) {
			if (row.type !== ComponentType.ActionRow) continue;
			for (const component of row.components) if ('custom_id' in component) shown.add(component.custom_id);
		}
		this.buttons.keepOnly(message.data.id, shown);
	}

	private saveFiles(message: LocalMessage): void {
		for (const file of message.files) {
			if (this.saved.has(file.attachmentId)) continue;
			const path = join(this.options.filesDir, `${message.data.id}-${basename(file.name).replace(/[^\w.-]/g, '_')}`);
			try {
				mkdirSync(this.options.filesDir, { recursive: true });
				writeFileSync(path, file.content);
				this.saved.set(file.attachmentId, path);
			} catch (error) {
				this.print(this.style('red', `✖ Could not save ${file.name} to ${path}: ${String(error)}`));
			}
		}
	}

	private makeRenderContext(): RenderContext {
		const { world } = this.options;
		return {
			channelName: (id) => world.channelName(id),
			userName: (id) => world.discord.world.users.get(id)?.username,
			roleName: (id) => world.discord.world.role(world.guildId, id)?.name,
			buttonNumber: (messageId, customId) => this.buttons.numberFor(messageId, customId),
			savedFile: (id) => this.saved.get(id),
			now: this.options.now ?? Date.now,
			style: (format, text, colour) =>
				format === 'colour' ? this.style(embedColours[colour ?? -1] ?? 'gray', text) : this.style(format, text),
		};
	}

	private style(format: Parameters<typeof styleText>[0], text: string): string {
		return this.options.colour ? styleText(format, text) : text;
	}

	/** Prints above the prompt, keeping what the user has typed so far. */
	private print(text: string): void {
		if (!this.open) {
			this.options.output.write(`${text}\n`);
			return;
		}
		if (this.options.terminal) this.options.output.write('\r\x1b[K');
		this.options.output.write(`${text}\n`);
		this.prompt();
	}

	private prompt(): void {
		if (this.open && this.options.terminal) this.readline.prompt(true);
	}
}

function isThinking(message: LocalMessage): boolean {
	return ((message.data.flags ?? 0) & MessageFlags.Loading) !== 0;
}

function parseRoles(args: readonly string[]): ConsoleRole[] {
	const words = args.map((word) => word.replace(/^@/, '').toLowerCase());
	if (words.length === 1 && words[0] === 'none') return [];
	const unknown = words.filter((word) => !consoleRoles.some((role) => role === word));
	if (unknown.length > 0) {
		throw new InputError(`No role ${unknown.join(', ')}: choose among ${consoleRoles.join(', ')}, or none.`);
	}
	return consoleRoles.filter((role) => words.includes(role));
}

function loadHistory(path: string | undefined): string[] {
	if (!path) return [];
	try {
		return readFileSync(path, 'utf8')
			.split('\n')
			.filter((line) => line !== '');
	} catch {
		return [];
	}
}

function saveHistory(path: string, history: readonly string[]): void {
	try {
		writeFileSync(path, `${history.join('\n')}\n`, { mode: 0o600 });
	} catch {
		// History is a convenience; a read-only folder must not stop the console.
	}
}
