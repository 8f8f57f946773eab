import { randomBytes } from 'node:crypto';
import {
	ApplicationCommandOptionType,
	type CommandInteractionOption,
	type Interaction,
	type RepliableInteraction,
} from 'discord.js';
import type { AuditEntry } from '../store/audit-log.js';
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

	/** Why the caller may not do this, having told them so; undefined when they may. */
	const refusal = async (interaction: Interaction, needed: Capability): Promise<string | undefined> => {
		const access = checkAccess(callerOf(interaction), needed, options.grants, options.deskGuildId);
		if (access.ok && interaction.inCachedGuild()) return undefined;
		const reason = access.ok ? 'The desk’s server is not ready yet; try again in a moment.' : access.reason;
		context.logger.info({ userId: interaction.user.id, needed, reason }, 'interaction refused');
		if (interaction.isAutocomplete()) await interaction.respond([]);
		else if (interaction.isRepliable()) await tellPrivately(interaction, reason);
		return reason;
	};

	const handle = async (interaction: Interaction): Promise<string | undefined> => {
		if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
			const command = byName.get(interaction.commandName);
			if (!command) return 'unknown command';
			const refused = await refusal(interaction, command.access);
			if (refused || !interaction.inCachedGuild()) return refused;
			if (interaction.isAutocomplete()) await command.autocomplete?.(interaction, context);
			else return refusalIn(await command.execute(interaction, context));
			return undefined;
		}
		if (interaction.isButton() || interaction.isModalSubmit()) {
			const parsed = parseCustomId(interaction.customId);
			const handler = parsed && byName.get(parsed.command)?.components?.[parsed.action];
			if (!parsed || !handler) {
				await tellPrivately(interaction, 'This button is no longer in use.');
				return 'unknown button';
			}
			const refused = await refusal(interaction, handler.access);
			if (refused || !interaction.inCachedGuild()) return refused;
			return refusalIn(await handler.handle(interaction, parsed.args, context));
		}
		return undefined;
	};

	return async (interaction) => {
		const startedAt = context.now();
		let outcome = 'ok';
		let detail: string | null = null;
		try {
			const refused = await handle(interaction);
			if (refused) {
				outcome = 'refused';
				detail = refused;
			}
		} catch (error) {
			outcome = 'error';
			detail = `reference ${await reportFailure(interaction, error, context)}`;
		} finally {
			const described = describeForAudit(interaction);
			if (described) {
				recordAudit(context, {
					...described,
					at: startedAt,
					userId: interaction.user.id,
					guildId: interaction.guildId,
					channelId: interaction.channelId,
					outcome,
					detail,
					latencyMs: context.now() - startedAt,
				});
			}
		}
	};
}

/** The sentence a handler turned the person away with, if it did. */
function refusalIn(result: Awaited<ReturnType<Command['execute']>>): string | undefined {
	return result ? result.refused : undefined;
}

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
function describeForAudit(interaction: Interaction): Pick<AuditEntry, 'action' | 'inputs' | 'ticketId'> | undefined {
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
			ticketId: parsed?.command === 'order' ? (parsed.args[0] ?? null) : null,
		};
	}
	return undefined;
}

/** The audit trail must never stop an answer: a failure to write it is logged loudly instead. */
export function recordAudit(context: DeskContext, entry: AuditEntry): void {
	try {
		context.audit.record(entry);
	} catch (error) {
		context.logger.error(
			{ err: error instanceof Error ? error.message : String(error), action: entry.action },
			'audit row not written',
		);
	}
}

/** Tells the person what went wrong, privately; returns the log reference. */
async function reportFailure(interaction: Interaction, error: unknown, context: DeskContext): Promise<string> {
	const reference = randomBytes(4).toString('hex');
	const message = error instanceof Error ? error.message : String(error);
	context.logger.error({ reference, userId: interaction.user.id, err: message }, 'interaction failed');
	if (!interaction.isRepliable()) return reference;
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
	return reference;
}
