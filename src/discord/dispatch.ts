import { randomBytes } from 'node:crypto';
import type { Interaction, RepliableInteraction } from 'discord.js';
import { isZerocapError } from '../zerocap/errors.js';
import { type Caller, type Capability, checkAccess, type RoleGrants } from './access.js';
import { type Command, type DeskContext, parseCustomId } from './command.js';
import { colours } from './render/format.js';
import { privateNotice } from './replies.js';

export interface DispatchOptions {
	readonly commands: readonly Command[];
	readonly context: DeskContext;
	readonly grants: RoleGrants;
	readonly deskGuildId: string | undefined;
}

function callerOf(interaction: Interaction): Caller {
	if (!interaction.inGuild()) return { guildId: null, roleIds: [] };
	if (interaction.inCachedGuild())
		return { guildId: interaction.guildId, roleIds: [...interaction.member.roles.cache.keys()] };
	const roles = interaction.member.roles;
	return { guildId: interaction.guildId, roleIds: Array.isArray(roles) ? roles : [...roles.cache.keys()] };
}

/** Says something to the person only, whether or not the interaction was already answered. */
async function tellPrivately(interaction: RepliableInteraction, text: string, colour?: number): Promise<void> {
	const notice = privateNotice(text, colour);
	if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
	else await interaction.reply(notice);
}

/**
 * The one entry for every interaction: find the handler, check the caller's capability (commands, buttons,
 * modals and autocomplete alike), run it, and turn any failure into a private sentence with a reference.
 */
export function createDispatcher(options: DispatchOptions): (interaction: Interaction) => Promise<void> {
	const byName = new Map(options.commands.map((command) => [command.data.name, command]));
	const { context } = options;

	const allowed = async (interaction: Interaction, needed: Capability): Promise<boolean> => {
		const access = checkAccess(callerOf(interaction), needed, options.grants, options.deskGuildId);
		if (access.ok && interaction.inCachedGuild()) return true;
		const reason = access.ok ? 'The desk’s server is not ready yet; try again in a moment.' : access.reason;
		context.logger.info({ userId: interaction.user.id, needed, reason }, 'interaction refused');
		if (interaction.isAutocomplete()) await interaction.respond([]);
		else if (interaction.isRepliable()) await tellPrivately(interaction, reason);
		return false;
	};

	return async (interaction) => {
		try {
			if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
				const command = byName.get(interaction.commandName);
				if (!command || !(await allowed(interaction, command.access)) || !interaction.inCachedGuild()) return;
				if (interaction.isAutocomplete()) await command.autocomplete?.(interaction, context);
				else await command.execute(interaction, context);
				return;
			}
			if (interaction.isButton() || interaction.isModalSubmit()) {
				const parsed = parseCustomId(interaction.customId);
				const handler = parsed && byName.get(parsed.command)?.components?.[parsed.action];
				if (!parsed || !handler) {
					await tellPrivately(interaction, 'This button is no longer in use.');
					return;
				}
				if (!(await allowed(interaction, handler.access)) || !interaction.inCachedGuild()) return;
				await handler.handle(interaction, parsed.args, context);
			}
		} catch (error) {
			await reportFailure(interaction, error, context);
		}
	};
}

async function reportFailure(interaction: Interaction, error: unknown, context: DeskContext): Promise<void> {
	const reference = randomBytes(4).toString('hex');
	const message = error instanceof Error ? error.message : String(error);
	context.logger.error({ reference, userId: interaction.user.id, err: message }, 'interaction failed');
	if (!interaction.isRepliable()) return;
	const text = isZerocapError(error)
		? `${error.userMessage} (reference ${reference})`
		: `Something went wrong on our side (reference ${reference}). An operator can look it up in the logs.`;
	try {
		await tellPrivately(interaction, text, colours.bad);
	} catch (replyError) {
		context.logger.error(
			{ reference, err: replyError instanceof Error ? replyError.message : String(replyError) },
			'could not report a failure',
		);
	}
}
