import type { APIApplicationCommand, APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { consoleCommands, InputError, ownOptionsOf, signature, subcommandsOf, usage } from './command-line.js';

/** /help: every command the bot registered, with its options, read from the registration itself. */

export function helpText(commands: readonly APIApplicationCommand[], name: string | undefined): string {
	if (name !== undefined) {
		const wanted = name.replace(/^\//, '').toLowerCase();
		const command = commands.find((candidate) => candidate.name === wanted);
		if (!command) throw new InputError(`There is no /${wanted}. ${commandList(commands)}`);
		return commandHelp(command).join('\n');
	}
	const lines = [
		'The bot’s commands (type /help <command> for one in full):',
		...commands.flatMap((command) => signatures(command).map((line) => `  ${line}`)),
		'',
		'The console’s own:',
		...Object.values(consoleCommands).map((line) => `  ${line}`),
		'  <number>  press the button shown with that number',
		'',
		'Options go in order or by name: /order buy USDT/AUD 100 market, or /order side:buy symbol:USDT/AUD …',
		'Quote a value with spaces: /halt "desk review". Tab completes commands, options and symbols.',
	];
	return lines.join('\n');
}

function commandList(commands: readonly APIApplicationCommand[]): string {
	return `The commands are ${commands.map((command) => `/${command.name}`).join(', ')}.`;
}

function signatures(command: APIApplicationCommand): string[] {
	const subcommands = subcommandsOf(command);
	if (subcommands.length === 0) {
		return [`${signature(`/${command.name}`, ownOptionsOf(command))}  ${command.description}`];
	}
	return subcommands.map(
		(sub) => `${signature(`/${command.name} ${sub.name}`, sub.options ?? [])}  ${sub.description}`,
	);
}

function commandHelp(command: APIApplicationCommand): string[] {
	const subcommands = subcommandsOf(command);
	const sections =
		subcommands.length === 0
			? [{ label: `/${command.name}`, options: ownOptionsOf(command) }]
			: subcommands.map((sub) => ({
					label: `/${command.name} ${sub.name}`,
					options: sub.options ?? [],
				}));
	return [
		`/${command.name}: ${command.description}`,
		...sections.flatMap(({ label, options }) => [
			`  ${usage(label, options)}`,
			...options.map((option) => `    ${optionLine(option)}`),
		]),
	];
}

function optionLine(option: APIApplicationCommandBasicOption): string {
	const choices =
		'choices' in option && option.choices?.length ? ` One of: ${option.choices.map((c) => c.name).join(', ')}.` : '';
	const required = option.required ? 'required' : 'optional';
	return `${option.name} (${required}): ${option.description}.${choices}`;
}
