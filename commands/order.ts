import {
	type BaseMessageOptions,
	type ChatInputCommandInteraction,
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
} from 'discord.js';
import type { Refusal } from '../src/desk/checked.js';
import { refuse } from '../src/desk/checked.js';
import type { Actor, TicketDesk } from '../src/desk/ticket-desk.js';
import { type ComponentInteraction, defineCommand } from '../src/discord/command.js';
import { colours } from '../src/discord/render/format.js';
import {
	orderCommandName,
	renderOutcomeUnknown,
	renderPlacement,
	renderRetypeModal,
	renderTicket,
	renderTicketStatus,
	retypeFieldId,
} from '../src/discord/render/ticket.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';

function actorOf(interaction: ComponentInteraction | ChatInputCommandInteraction<'cached'>): Actor {
	return {
		userId: interaction.user.id,
		guildId: interaction.guildId,
		channelId: interaction.channelId,
		roleIds: [...interaction.member.roles.cache.keys()],
	};
}

/**
 * Takes the ticket (once, whatever races; for a large order only after the retype), acknowledges at once, then
 * has the desk send the order and edits in the truth.
 */
async function confirm(
	interaction: ComponentInteraction,
	ticketId: string,
	tickets: TicketDesk,
	retyped: boolean,
): Promise<Refusal | undefined> {
	const claim = tickets.claim(ticketId, actorOf(interaction), retyped);
	if (!claim.ok) return claim;
	const ticket = claim.value;
	const sending = renderTicketStatus(ticket, 'Sending the order…', colours.info);
	try {
		if (interaction.isButton() || interaction.isFromMessage()) await interaction.update(sending);
		else await interaction.reply({ ...sending, flags: MessageFlags.Ephemeral });
	} catch (error) {
		// Nothing has been sent: the ticket goes back to open, so that another click can still confirm it.
		tickets.release(ticket.id);
		throw error;
	}
	await tickets.send(ticket, actorOf(interaction), {
		onOutcomeUnknown: async () => {
			await interaction.editReply(renderOutcomeUnknown(ticket));
		},
		show: (placement) => showResult(interaction, renderPlacement(ticket, placement)),
	});
	return undefined;
}

/** Edits the ticket into the result; if Discord refuses the edit, the trader still hears it privately. */
async function showResult(interaction: ComponentInteraction, result: BaseMessageOptions): Promise<void> {
	try {
		await interaction.editReply(result);
	} catch {
		await interaction.followUp({ ...result, flags: MessageFlags.Ephemeral });
	}
}

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName(orderCommandName)
		.setDescription('Open an order ticket: check it, then confirm')
		.setContexts(InteractionContextType.Guild)
		// Hidden until a server admin grants it; the bot checks the trade role on every use regardless.
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.addStringOption((option) =>
			option
				.setName('side')
				.setDescription('Buy or sell')
				.setRequired(true)
				.addChoices({ name: 'buy', value: 'buy' }, { name: 'sell', value: 'sell' }),
		)
		.addStringOption((option) =>
			option.setName('symbol').setDescription('For example USDT/AUD').setRequired(true).setAutocomplete(true),
		)
		.addStringOption((option) =>
			option
				.setName('amount')
				.setDescription('Amount of the base currency, e.g. 1000')
				.setRequired(true)
				.setMaxLength(40),
		)
		.addStringOption((option) =>
			option
				.setName('type')
				.setDescription('Market (fill now at the ladder) or limit')
				.setRequired(true)
				.addChoices({ name: 'market', value: 'market' }, { name: 'limit', value: 'limit' }),
		)
		.addStringOption((option) =>
			option.setName('price').setDescription('Limit price (required for limit, ignored for market)').setMaxLength(40),
		),
	access: 'trade',
	uses: ['tickets', 'market'],
	autocomplete: suggestSymbols,
	async execute(interaction, { tickets }) {
		const ticket = tickets.open(actorOf(interaction), {
			side: interaction.options.getString('side', true),
			symbol: interaction.options.getString('symbol', true),
			amount: interaction.options.getString('amount', true),
			type: interaction.options.getString('type', true),
			price: interaction.options.getString('price') ?? undefined,
		});
		if (!ticket.ok) return ticket;
		await interaction.reply({ ...renderTicket(ticket.value), flags: MessageFlags.Ephemeral });
		// An expired ticket must not keep buttons that look live; a failed edit leaves the press to say it.
		void tickets.whenExpired(ticket.value.id).then(async (expired) => {
			if (!expired) return;
			const shown = renderTicketStatus(ticket.value, 'Expired. Nothing was sent; open a new ticket.', colours.neutral);
			await interaction.editReply(shown).catch(() => undefined);
		});
		return { ok: true, ticketId: ticket.value.id };
	},
	components: {
		confirm: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets }) {
				if (!interaction.isButton()) return refuse('Confirm with the ticket’s button. Nothing was sent.');
				const checked = tickets.check(ticketId, interaction.user.id);
				if (
					checked.ok &&
					checked.value.preview.needsRetype &&
					(!checked.value.preview.limitWarning || checked.value.acknowledged)
				) {
					tickets.formOpened(ticketId, interaction.user.id);
					await interaction.showModal(renderRetypeModal(checked.value));
					return undefined;
				}
				return confirm(interaction, ticketId, tickets, false);
			},
		},
		retype: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets }) {
				if (!interaction.isModalSubmit()) {
					return refuse('Type the amount in the form that Confirm opens. Nothing was sent.');
				}
				const typed = interaction.fields.getTextInputValue(retypeFieldId);
				const retyped = tickets.checkRetyped(ticketId, interaction.user.id, typed);
				if (!retyped.ok) return retyped;
				return confirm(interaction, ticketId, tickets, true);
			},
		},
		acknowledge: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets }) {
				if (!interaction.isButton()) return refuse('Acknowledge with the ticket’s button.');
				const acknowledged = tickets.acknowledge(ticketId, interaction.user.id);
				if (!acknowledged.ok) return acknowledged;
				await interaction.update(renderTicket(acknowledged.value));
				return { ok: true, ticketId };
			},
		},
		cancel: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets }) {
				if (!interaction.isButton()) return refuse('Cancel with the ticket’s button.');
				const canceled = tickets.cancel(ticketId, interaction.user.id);
				if (!canceled.ok) return canceled;
				await interaction.update(renderTicketStatus(canceled.value, 'Canceled. Nothing was sent.', colours.neutral));
				return undefined;
			},
		},
	},
});
