import {
	type APIApplicationCommand,
	type APIApplicationCommandBasicOption,
	type APIApplicationCommandOption,
	type APIApplicationCommandSubcommandOption,
	ApplicationCommandOptionType,
} from 'discord-api-types/v10';

/**
 * What the console reads from one line: a slash command for the bot, a button press by number, or one of the
 * console's own commands. Options may be given in order (`/order buy USDT/AUD 100 market`) or by name
 * (`/order side:buy amount:100 …`), with double quotes around a value that has spaces.
 */
export type ConsoleLine =
	| { readonly kind: 'empty' }
	| { readonly kind: 'press'; readonly number: number }
	| { readonly kind: 'console'; readonly name: ConsoleCommandName; readonly args: readonly string[] }
	| { readonly kind: 'slash'; readonly words: readonly string[]; readonly name: string };

export const consoleCommands = {
	help: '/help [command]  commands and their options, or one command in full',
	roles: '/roles [viewer] [trader] [admin] [approver] | none  show or change the roles you act with',
	quit: '/quit  shut the bot and the sandbox down (also Ctrl-D or Ctrl-C)',
} as const;
export type ConsoleCommandName = keyof typeof consoleCommands;
const consoleAliases: Record<string, ConsoleCommandName> = { help: 'help', roles: 'roles', quit: 'quit', exit: 'quit' };

/** A line the console cannot use; `message` is the sentence shown to the user. */
export class InputError extends Error {}

/** Splits on spaces, keeping double-quoted text (with \" and \\ escapes) together. */
export function splitWords(line: string): string[] {
	const words: string[] = [];
	let current = '';
	let inWord = false;
	let quoted = false;
	for (let i = 0; i < line.length; i += 1) {
		const char = line[i] ?? '';
		if (quoted && char === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
			current += line[i + 1];
			i += 1;
		} else if (char === '"') {
			quoted = !quoted;
			inWord = true;
		} else if (!quoted && /\s/.test(char)) {
			if (inWord) words.push(current);
			current = '';
			inWord = false;
		} else {
			current += char;
			inWord = true;
		}
	}
	if (quoted) throw new InputError('A quote is not closed: end the value with ".');
	if (inWord) words.push(current);
	return words;
}

export function readLine(line: string): ConsoleLine {
	const trimmed = line.trim();
	if (trimmed === '') return { kind: 'empty' };
	if (/^\d+$/.test(trimmed)) return { kind: 'press', number: Number(trimmed) };
	if (!trimmed.startsWith('/')) {
		throw new InputError('Commands start with /, and a number presses a button. Type /help for the list.');
	}
	const words = splitWords(trimmed.slice(1));
	const [name = '', ...args] = words;
	if (name === '') throw new InputError('Type a command name after the /, for example /help.');
	const own = consoleAliases[name.toLowerCase()];
	if (own) return { kind: 'console', name: own, args };
	return { kind: 'slash', words: args, name: name.toLowerCase() };
}

/** The options of a command or of one of its subcommands, as Discord lists them (required ones first). */
export type OptionDefinitions = readonly APIApplicationCommandBasicOption[];

export interface SlashInvocation {
	readonly name: string;
	readonly subcommand: string | undefined;
	readonly options: Readonly<Record<string, string | number | boolean>>;
}

/** Turns an option's text into what Discord would send (a number, a boolean, an id), or says why it cannot. */
export type OptionResolver = (option: APIApplicationCommandBasicOption, text: string) => string | number | boolean;

export function isSubcommand(option: APIApplicationCommandOption): option is APIApplicationCommandSubcommandOption {
	return option.type === ApplicationCommandOptionType.Subcommand;
}

/** An option that takes a value, rather than a subcommand or a group of them. */
export function isBasicOption(option: APIApplicationCommandOption): option is APIApplicationCommandBasicOption {
	return (
		option.type !== ApplicationCommandOptionType.Subcommand &&
		option.type !== ApplicationCommandOptionType.SubcommandGroup
	);
}

export function subcommandsOf(command: APIApplicationCommand): APIApplicationCommandSubcommandOption[] {
	return (command.options ?? []).filter(isSubcommand);
}

/** The options of a command without subcommands. */
export function ownOptionsOf(command: APIApplicationCommand): APIApplicationCommandBasicOption[] {
	return (command.options ?? []).filter(isBasicOption);
}

/** The command's options, or those of the subcommand named by the first word (then consumed). */
export function optionsFor(
	command: APIApplicationCommand,
	words: readonly string[],
): { subcommand: string | undefined; options: OptionDefinitions; rest: readonly string[] } {
	const subcommands = subcommandsOf(command);
	if (subcommands.length === 0) {
		return { subcommand: undefined, options: ownOptionsOf(command), rest: words };
	}
	const [first, ...rest] = words;
	const names = subcommands.map((sub) => sub.name).join(', ');
	if (first === undefined) throw new InputError(`/${command.name} needs one of: ${names}.`);
	const chosen = subcommands.find((sub) => sub.name === first.toLowerCase());
	if (!chosen) throw new InputError(`/${command.name} has no "${first}"; it takes one of: ${names}.`);
	return { subcommand: chosen.name, options: chosen.options ?? [], rest };
}

/** Which option each word fills: `name:value` by name, other words in order into the options not yet named. */
export function assignWords(
	label: string,
	options: OptionDefinitions,
	words: readonly string[],
): Map<APIApplicationCommandBasicOption, string> {
	const given = new Map<APIApplicationCommandBasicOption, string>();
	const positional: string[] = [];
	for (const word of words) {
		const colon = word.indexOf(':');
		const named = colon > 0 ? options.find((option) => option.name === word.slice(0, colon).toLowerCase()) : undefined;
		if (!named) {
			positional.push(word);
			continue;
		}
		if (given.has(named)) throw new InputError(`${label}: "${named.name}" is given twice.`);
		given.set(named, word.slice(colon + 1));
	}
	const open = options.filter((option) => !given.has(option));
	if (positional.length > open.length) {
		const extra = positional.slice(open.length).join(' ');
		throw new InputError(
			`${label} takes ${options.length} option(s); "${extra}" is one too many. ${usage(label, options)}`,
		);
	}
	positional.forEach((word, index) => {
		const option = open[index];
		if (option) given.set(option, word);
	});
	return given;
}

/** Checks the line against the command's definition the way Discord's own client would before sending. */
export function toInvocation(
	command: APIApplicationCommand,
	words: readonly string[],
	resolve: OptionResolver,
): SlashInvocation {
	const { subcommand, options, rest } = optionsFor(command, words);
	const label = `/${command.name}${subcommand ? ` ${subcommand}` : ''}`;
	const given = assignWords(label, options, rest);
	const missing = options.filter((option) => option.required && !given.has(option));
	if (missing.length > 0) {
		const names = missing.map((option) => `"${option.name}" (${option.description})`).join(', ');
		throw new InputError(`${label} needs ${names}. ${usage(label, options)}`);
	}
	const values: Record<string, string | number | boolean> = {};
	for (const [option, text] of given) values[option.name] = checkedValue(label, option, text, resolve);
	return { name: command.name, subcommand, options: values };
}

export function usage(label: string, options: OptionDefinitions): string {
	return `Usage: ${signature(label, options)}`;
}

/** `/order <side> <symbol> <amount> <type> [price]`: required options in angle brackets, optional in square. */
export function signature(label: string, options: OptionDefinitions): string {
	return [label, ...options.map((option) => (option.required ? `<${option.name}>` : `[${option.name}]`))].join(' ');
}

function checkedValue(
	label: string,
	option: APIApplicationCommandBasicOption,
	text: string,
	resolve: OptionResolver,
): string | number | boolean {
	const say = (why: string) => new InputError(`${label}: "${option.name}" ${why} (got "${text}").`);
	if (text === '') throw say('is empty');
	const choices = 'choices' in option ? (option.choices ?? []) : [];
	if (choices.length > 0) {
		const choice =
			choices.find((candidate) => String(candidate.name).toLowerCase() === text.toLowerCase()) ??
			choices.find((candidate) => String(candidate.value).toLowerCase() === text.toLowerCase());
		if (!choice) throw say(`must be one of ${choices.map((candidate) => candidate.name).join(', ')}`);
		return choice.value;
	}
	if (option.type === ApplicationCommandOptionType.String) {
		if (option.min_length !== undefined && text.length < option.min_length) {
			throw say(`needs at least ${option.min_length} characters`);
		}
		if (option.max_length !== undefined && text.length > option.max_length) {
			throw say(`takes at most ${option.max_length} characters`);
		}
		return text;
	}
	if (option.type === ApplicationCommandOptionType.Integer || option.type === ApplicationCommandOptionType.Number) {
		const whole = option.type === ApplicationCommandOptionType.Integer;
		if (!(whole ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(text)) throw say(`must be a ${whole ? 'whole ' : ''}number`);
		const value = Number(text);
		if (option.min_value !== undefined && value < option.min_value) throw say(`must be at least ${option.min_value}`);
		if (option.max_value !== undefined && value > option.max_value) throw say(`must be at most ${option.max_value}`);
		return value;
	}
	if (option.type === ApplicationCommandOptionType.Boolean) {
		if (/^(true|yes)$/i.test(text)) return true;
		if (/^(false|no)$/i.test(text)) return false;
		throw say('must be true or false');
	}
	try {
		return resolve(option, text);
	} catch (error) {
		if (error instanceof InputError) throw say(error.message);
		throw error;
	}
}
