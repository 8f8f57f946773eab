import { randomBytes } from 'node:crypto';
import type { Interaction, RepliableInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { type Refusal, refuse } from '../desk/checked.js';
import { isZerocapError } from '../zerocap/errors.js';
import { type Caller, type Capability, checkAccess, type RoleGrants } from './access.js';
import { describeForAudit } from './audit-description.js';
import { type Command, type CommandServices, type DeskServices, parseCustomId } from './command.js';
import { colours } from './render/format.js';
import { privateNotice, refusalNotice } from './replies.js';

export interface DispatchOptions {
	readonly commands: readonly Command[];
	readonly services: DeskServices;
	readonly grants: RoleGrants;
	readonly deskGuildId: string | undefined;
	readonly logger: Logger;
}

export interface Dispatcher {
	/** The one entry for every interaction. */
	dispatch(interaction: Interaction): Promise<void>;
	/** From now on every interaction is refused, and audited as refused: the bot is shutting down. */
	stopTakingNew(): void;
}

const restarting = refuse('The desk bot is restarting; nothing was done. Try again in a minute.');

function callerOf(interaction: Interaction): Caller {
	if (!interaction.inGuild()) return { guildId: null, roleIds: [] };
	if (interaction.inCachedGuild())
		return { guildId: interaction.guildId, roleIds: [...interaction.member.roles.cache.keys()] };
	const roles = interaction.member.roles;
	return { guildId: interaction.guildId, roleIds: Array.isArray(roles) ? roles : [...roles.cache.keys()] };
}

/**
 * Says something to the person only, whatever state the interaction is in: a deferred reply is edited into it,
 * an answered one or a deferred button update gets a private follow-up.
 */
async function tellPrivately(interaction: RepliableInteraction, notice: ReturnType<typeof privateNotice>) {
	if (interaction.deferred && !interaction.replied && !interaction.isMessageComponent()) {
		await interaction.editReply({ embeds: notice.embeds ?? [] });
	} else if (interaction.replied || interaction.deferred) await interaction.followUp(notice);
	else await interaction.reply(notice);
}

/**
 * Finds the handler, checks the caller's capability (commands, buttons, modals and autocomplete alike), runs it,
 * shows any refusal, turns any failure into a private sentence with a reference, and audits what the person saw.
 */
export function createDispatcher(options: DispatchOptions): Dispatcher {
	const byName = new Map(options.commands.map((command) => [command.data.name, command]));
	const { services, logger } = options;
	let closing = false;

	const accessRefusal = (interaction: Interaction, needed: Capability): Refusal | undefined => {
		const access = checkAccess(callerOf(interaction), needed, options.grants, options.deskGuildId);
		if (access.ok && interaction.inCachedGuild()) return undefined;
		const refusal = access.ok ? refuse('The desk’s server is not ready yet; try again in a moment.') : access;
		logger.info({ userId: interaction.user.id, needed, reason: refusal.refusal }, 'interaction refused');
		return refusal;
	};

	/** The desk's services, and the rights of the person acting. */
	const servicesFor = (interaction: Interaction): CommandServices => ({
		...services,
		caller: {
			may: (capability) => checkAccess(callerOf(interaction), capability, options.grants, options.deskGuildId).ok,
		},
	});

	const handle = async (interaction: Interaction): Promise<HandlerOutcome> => {
		if (closing) return { refusal: restarting };
		if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
			const command = byName.get(interaction.commandName);
			if (!command) return { refusal: refuse('This command is no longer in use.') };
			const subcommand = interaction.isChatInputCommand() ? interaction.options.getSubcommand(false) : null;
			const needed = (subcommand && command.subcommandAccess?.[subcommand]) || command.access;
			const refused = accessRefusal(interaction, needed);
			if (refused || !interaction.inCachedGuild()) return { refusal: refused };
			if (interaction.isAutocomplete()) {
				await command.autocomplete?.(interaction, servicesFor(interaction));
				return {};
			}
			return outcomeOf(await command.execute(interaction, servicesFor(interaction)));
		}
		if (interaction.isButton() || interaction.isModalSubmit()) {
			const parsed = parseCustomId(interaction.customId);
			const handler = parsed && byName.get(parsed.command)?.components?.[parsed.action];
			if (!parsed || !handler) return { refusal: refuse('This button is no longer in use.') };
			const refused = accessRefusal(interaction, handler.access);
			if (refused || !interaction.inCachedGuild()) return { refusal: refused };
			return outcomeOf(await handler.handle(interaction, parsed.args, servicesFor(interaction)));
		}
		return {};
	};

	const dispatch = async (interaction: Interaction) => {
		const startedAt = services.clock.now();
		let outcome = 'ok';
		let detail: string | null = null;
		let ticketId: string | undefined;
		try {
			const handled = await handle(interaction);
			ticketId = handled.ticketId;
			const refused = handled.refusal;
			if (refused) {
				outcome = 'refused';
				detail = refused.refusal;
				if (interaction.isAutocomplete()) await interaction.respond([]);
				else if (interaction.isRepliable()) await tellPrivately(interaction, refusalNotice(refused.refusal));
			}
		} catch (error) {
			// A person over their budget of broker reads was refused before anything was sent: a refusal, not a failure.
			if (isZerocapError(error) && error.kind === 'busy' && interaction.isRepliable()) {
				outcome = 'refused';
				detail = error.userMessage;
				await tellPrivately(interaction, refusalNotice(error.userMessage)).catch(() => undefined);
			} else {
				outcome = 'error';
				detail = `reference ${await reportFailure(interaction, error, logger)}`;
			}
		} finally {
			const described = describeForAudit(interaction);
			if (described) {
				services.audit.record({
					...described,
					ticketId: ticketId ?? described.ticketId,
					at: startedAt,
					userId: interaction.user.id,
					guildId: interaction.guildId,
					channelId: interaction.channelId,
					outcome,
					detail,
					latencyMs: services.clock.now() - startedAt,
				});
			}
		}
	};

	return {
		dispatch,
		stopTakingNew: () => {
			closing = true;
		},
	};
}

/** What the dispatcher learns from a handler: the refusal it ended with, or the ticket it acted on. */
interface HandlerOutcome {
	readonly refusal?: Refusal | undefined;
	readonly ticketId?: string | undefined;
}

/** Handlers that only show their result return nothing; a result is read for a refusal or a ticket id. */
function outcomeOf(result: unknown): HandlerOutcome {
	if (typeof result !== 'object' || result === null) return {};
	const refused = 'refusal' in result ? result.refusal : undefined;
	const ticketId = 'ticketId' in result ? result.ticketId : undefined;
	return {
		refusal: typeof refused === 'string' ? refuse(refused) : undefined,
		ticketId: typeof ticketId === 'string' ? ticketId : undefined,
	};
}

/** Tells the person what went wrong, privately; returns the log reference. */
async function reportFailure(interaction: Interaction, error: unknown, logger: Logger): Promise<string> {
	const reference = randomBytes(4).toString('hex');
	const message = error instanceof Error ? error.message : String(error);
	logger.error({ reference, userId: interaction.user.id, err: message }, 'interaction failed');
	if (!interaction.isRepliable()) return reference;
	const text = isZerocapError(error)
		? `${error.userMessage} (reference ${reference})`
		: `Something went wrong on our side (reference ${reference}). An operator can look it up in the logs.`;
	try {
		await tellPrivately(interaction, privateNotice(text, colours.bad));
	} catch (replyError) {
		logger.error(
			{ reference, err: replyError instanceof Error ? replyError.message : String(replyError) },
			'could not report a failure',
		);
	}
	return reference;
}
