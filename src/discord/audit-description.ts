import { ApplicationCommandOptionType, type CommandInteractionOption, type Interaction } from 'discord.js';
import type { AuditEntry } from '../desk/audit.js';
import { parseCustomId } from './command.js';

/** A subcommand (and its group) named in the action, e.g. `/alerts set`, and the options given to it. */
function commandOptions(options: readonly CommandInteractionOption[]): {
	path: string[];
	given: CommandInteractionOption[];
} {
	const nesting = new Set([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);
	const [first] = options;
	if (options.length !== 1 || first === undefined || !nesting.has(first.type)) return { path: [], given: [...options] };
	const inner = commandOptions(first.options ?? []);
	return { path: [first.name, ...inner.path], given: inner.given };
}

/** What an interaction asked for, for the audit trail; autocomplete is not an action and is not recorded. */
export function describeForAudit(
	interaction: Interaction,
): Pick<AuditEntry, 'action' | 'inputs' | 'ticketId'> | undefined {
	if (interaction.isChatInputCommand()) {
		const { path, given } = commandOptions(interaction.options.data);
		const inputs = Object.fromEntries(given.map((option) => [option.name, option.value ?? null]));
		return {
			action: [`/${interaction.commandName}`, ...path].join(' '),
			inputs: JSON.stringify(inputs),
			ticketId: null,
		};
	}
	if (interaction.isButton() || interaction.isModalSubmit()) {
		const parsed = parseCustomId(interaction.customId);
		const fields = interaction.isModalSubmit()
			? Object.fromEntries(
					interaction.fields.fields.map((field) => [field.customId, 'value' in field ? field.value : null]),
				)
			: undefined;
		return {
			action: `${interaction.isButton() ? 'button' : 'form'} ${parsed ? `${parsed.command}:${parsed.action}` : interaction.customId.slice(0, 50)}`,
			inputs: JSON.stringify(fields ? { customId: interaction.customId, fields } : { customId: interaction.customId }),
			ticketId: parsed?.command === 'order' || parsed?.command === 'quote' ? (parsed.args[0] ?? null) : null,
		};
	}
	return undefined;
}
