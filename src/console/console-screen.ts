import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { styleText } from 'node:util';

export type TextStyle = Parameters<typeof styleText>[0];

export interface ConsoleScreenOptions {
	readonly input: NodeJS.ReadableStream;
	readonly output: NodeJS.WritableStream;
	/** A terminal gets a prompt, line editing, history and colours; a pipe gets plain lines. */
	readonly terminal: boolean;
	readonly colour: boolean;
	/** Where command history is kept between runs (terminal only). */
	readonly historyPath?: string | undefined;
	/** Tab completion of the line typed so far. */
	readonly complete: (line: string) => Promise<[string[], string]>;
	/** Whether the line just typed answers a form: it stays out of the history (recalling an amount defeats a retype). */
	readonly answersForm: () => boolean;
}

const commandPrompt = 'desk> ';

/**
 * The terminal or pipe the console talks through: the readline prompt and its history, and printing above the
 * prompt without losing what the user has typed so far.
 */
export class ConsoleScreen {
	readonly terminal: boolean;
	private readonly readline: Interface;
	private open = true;

	constructor(private readonly options: ConsoleScreenOptions) {
		const { terminal } = options;
		this.terminal = terminal;
		this.readline = createInterface({
			input: options.input,
			output: options.output,
			terminal,
			prompt: commandPrompt,
			historySize: 500,
			removeHistoryDuplicates: true,
			history: terminal ? loadHistory(options.historyPath) : [],
			completer: (line: string, done: (error: Error | null, result: [string[], string]) => void) => {
				options.complete(line).then(
					(result) => done(null, result),
					() => done(null, [[], line]),
				);
			},
		});
		// Node lets a history listener change the history: a form's answer is taken out before it is kept.
		this.readline.on('history', (history: string[]) => {
			if (options.answersForm()) history.shift();
			if (terminal && options.historyPath) saveHistory(options.historyPath, history);
		});
		// Ctrl-C at the prompt leaves like Ctrl-D: the bot and the sandbox shut down cleanly.
		this.readline.on('SIGINT', () => this.readline.close());
		this.readline.once('close', () => {
			this.open = false;
		});
	}

	/** Whether the input is still read; once it has ended, printing no longer prompts. */
	get isOpen(): boolean {
		return this.open;
	}

	onLine(listener: (line: string) => void): void {
		this.readline.on('line', listener);
	}

	/** Called once, when the input ends or the user leaves; `isOpen` is already false by then. */
	onClose(listener: () => void): void {
		this.readline.once('close', listener);
	}

	close(): void {
		this.readline.close();
	}

	setPrompt(text: string): void {
		this.readline.setPrompt(text);
	}

	/** Back to the prompt for a command or a button number. */
	resetPrompt(): void {
		this.readline.setPrompt(commandPrompt);
	}

	style(format: TextStyle, text: string): string {
		return this.options.colour ? styleText(format, text) : text;
	}

	/** Prints above the prompt, keeping what the user has typed so far. */
	print(text: string): void {
		if (!this.open) {
			this.options.output.write(`${text}\n`);
			return;
		}
		if (this.terminal) this.options.output.write('\r\x1b[K');
		this.options.output.write(`${text}\n`);
		this.prompt();
	}

	prompt(): void {
		if (this.open && this.terminal) this.readline.prompt(true);
	}
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
