import { ButtonBoard } from './button-board.js';
import { InputError, readLine } from './command-line.js';
import { complete } from './completion.js';
import { runConsoleCommand } from './console-commands.js';
import { ConsoleInteractions } from './console-interactions.js';
import { ConsoleScreen } from './console-screen.js';
import type { ConsoleWorld } from './console-world.js';
import { DeferredAnswers } from './deferred-answers.js';
import { MessageDisplay } from './message-display.js';

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
	/** The zone the console reads Discord's timestamps in, as Discord does in its reader's: the desk's. */
	readonly timeZone?: string;
}

/**
 * The terminal front end of the console: it reads what the user types, turns it into the interactions Discord
 * would send the bot, and prints every message the bot writes in any channel. Lines are handled one at a time,
 * each once the bot has answered the one before, so a scripted session behaves like a typed one.
 */
export class DeskConsole {
	readonly closed: Promise<void>;
	private readonly world: ConsoleWorld;
	private readonly screen: ConsoleScreen;
	private readonly deferred: DeferredAnswers;
	private readonly interactions: ConsoleInteractions;
	private readonly stopListening: () => void;
	private queue: Promise<void> = Promise.resolve();
	private listening = true;

	constructor(options: DeskConsoleOptions) {
		const { world } = options;
		this.world = world;
		const buttons = new ButtonBoard();
		this.screen = new ConsoleScreen({
			input: options.input,
			output: options.output,
			terminal: options.terminal,
			colour: options.colour,
			historyPath: options.historyPath,
			answersForm: () => this.interactions.fillingForm,
			complete: (line) =>
				complete(line, {
					commands: () => this.interactions.commands(),
					autocomplete: (...args) => this.interactions.autocomplete(...args),
				}),
		});
		this.screen.onLine((line) => {
			this.queue = this.queue.then(() => this.handle(line));
		});
		this.closed = new Promise((resolve) => {
			// The end of the input waits for every answer still coming, so that none is lost with the shutdown.
			this.screen.onClose(() => resolve(this.queue.catch(() => undefined).then(() => this.deferred.waitForAll())));
		});
		this.deferred = new DeferredAnswers(this.screen, options.deferredAnswerWaitMs);
		this.interactions = new ConsoleInteractions({ world, screen: this.screen, buttons, deferred: this.deferred });
		const display = new MessageDisplay({
			world,
			screen: this.screen,
			buttons,
			filesDir: options.filesDir,
			now: options.now ?? Date.now,
			timeZone: options.timeZone,
		});
		this.stopListening = world.discord.listen((message, change) => display.show(message, change));
	}

	/** Prints the welcome and the first prompt. */
	start(welcome: string): void {
		this.screen.print(welcome);
	}

	/** A line from the bot's own process (the stream reconnected, an outage), printed above the prompt. */
	notice(text: string): void {
		this.screen.print(this.screen.style('yellow', text));
	}

	close(): void {
		if (this.listening) {
			this.listening = false;
			this.stopListening();
			this.deferred.abandon();
		}
		if (this.screen.isOpen) this.screen.close();
	}

	private async handle(line: string): Promise<void> {
		try {
			if (this.interactions.fillingForm) return await this.interactions.answerForm(line);
			const read = readLine(line);
			if (read.kind === 'empty') return this.screen.prompt();
			if (read.kind === 'press') return await this.interactions.press(read.number);
			if (read.kind === 'console') {
				return runConsoleCommand(read.name, read.args, {
					world: this.world,
					screen: this.screen,
					commands: () => this.interactions.commands(),
				});
			}
			return await this.interactions.slash(read.name, read.words);
		} catch (error) {
			// Whatever went wrong, the console stays up and the next line is read.
			const message = error instanceof InputError ? error.message : `The console could not do that: ${String(error)}`;
			this.screen.print(this.screen.style('red', `✖ ${message}`));
		}
	}
}
