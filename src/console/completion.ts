import type { APIApplicationCommand } from 'discord-api-types/v10';
import { assignWords, consoleCommands, optionsFor, splitWords, subcommandsOf } from './command-line.js';

/** Tab completion: command names, subcommands, option names and choices, and the bot's own autocomplete. */

export interface CompletionSource {
	readonly commands: () => readonly APIApplicationCommand[];
	/** Asks the bot, as Discord does while the user types in an autocomplete option. */
	readonly autocomplete: (
		command: string,
		subcommand: string | undefined,
		typed: Readonly<Record<string, string>>,
		focused: string,
	) => Promise<string[]>;
}

export async function complete(line: string, source: CompletionSource): Promise<[string[], string]> {
	if (!line.startsWith('/')) return [[], line];
	let words: string[];
	try {
		words = splitWords(line.slice(1));
	} catch {
		return [[], line];
	}
	const typingNewWord = /\s$/.test(line) || words.length === 0;
	const partial = typingNewWord ? '' : (words.pop() ?? '');
	const [name, ...done] = words;
	if (name === undefined) {
		const names = [...source.commands().map((command) => command.name), ...Object.keys(consoleCommands)];
		return [
			startingWith(
				names.map((candidate) => `/${candidate} `),
				`/${partial}`,
			),
			`/${partial}`,
		];
	}
	const command = source.commands().find((candidate) => candidate.name === name.toLowerCase());
	if (!command) return [[], partial];
	if (subcommandsOf(command).length > 0 && done.length === 0) {
		return [
			startingWith(
				subcommandsOf(command).map((sub) => `${sub.name} `),
				partial,
			),
			partial,
		];
	}
	try {
		const { subcommand, options, rest } = optionsFor(command, done);
		const given = assignWords(`/${command.name}`, options, rest);
		const colon = partial.indexOf(':');
		const named = colon > 0 ? options.find((option) => option.name === partial.slice(0, colon)) : undefined;
		const option = named ?? options.find((candidate) => !given.has(candidate));
		if (!option) return [[], partial];
		const prefix = named ? partial.slice(0, colon + 1) : '';
		const value = partial.slice(prefix.length);
		let values: string[] = [];
		if ('choices' in option && option.choices?.length) values = option.choices.map((choice) => choice.name);
		else if ('autocomplete' in option && option.autocomplete) {
			const typed = Object.fromEntries([...given].map(([known, text]) => [known.name, text]));
			values = await source.autocomplete(command.name, subcommand, { ...typed, [option.name]: value }, option.name);
		}
		const byValue = startingWith(values, value).map((candidate) => `${prefix}${quoted(candidate)} `);
		const byName = named
			? []
			: startingWith(
					options.filter((candidate) => !given.has(candidate)).map((candidate) => `${candidate.name}:`),
					partial,
				);
		return [[...byValue, ...byName], partial];
	} catch {
		return [[], partial];
	}
}

function startingWith(candidates: readonly string[], partial: string): string[] {
	return candidates.filter((candidate) => candidate.toLowerCase().startsWith(partial.toLowerCase()));
}

function quoted(value: string): string {
	return /\s/.test(value) ? `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : value;
}
