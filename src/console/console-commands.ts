import type { APIApplicationCommand } from 'discord-api-types/v10';
import { type ConsoleCommandName, InputError } from './command-line.js';
import type { ConsoleRole } from './console-roles.js';
import type { ConsoleScreen } from './console-screen.js';
import { type ConsoleWorld, consoleRoles, consoleUsername } from './console-world.js';
import { helpText } from './help.js';

export interface ConsoleCommandContext {
	readonly world: ConsoleWorld;
	readonly screen: ConsoleScreen;
	readonly commands: () => readonly APIApplicationCommand[];
}

/** The console's own commands, which the bot never sees: /help, /roles and /quit. */
export function runConsoleCommand(
	name: ConsoleCommandName,
	args: readonly string[],
	{ world, screen, commands }: ConsoleCommandContext,
): void {
	if (name === 'quit') {
		// As Ctrl-D: the messages the bot still writes while the desk shuts down are shown.
		screen.close();
		return;
	}
	if (name === 'help') {
		const registered = commands();
		if (registered.length === 0) throw new InputError('The bot has not registered its commands yet.');
		screen.print(helpText(registered, args[0]));
		return;
	}
	if (args.length > 0) world.setRoles(parseRoles(args));
	const roles = world.roles;
	screen.print(`You act as @${consoleUsername} with ${roles.length === 0 ? 'no roles' : `roles ${roles.join(', ')}`}.`);
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
