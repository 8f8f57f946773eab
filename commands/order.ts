import {
	type BaseMessageOptions,
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
} from 'discord.js';
import { haltRefusal } from '../src/desk/halt.js';
import { checkDecimal, checkOrderInput } from '../src/desk/order-input.js';
import { previewOrder } from '../src/desk/order-preview.js';
import { placeTicketOrder } from '../src/desk/place-order.js';
import { type Ticket, ticketRefusalText } from '../src/desk/tickets.js';
import { type ComponentInteraction, type DeskContext, defineCommand } from '../src/discord/command.js';
import { recordAudit } from '../src/discord/dispatch.js';
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
import { type Refusal, refuse } from '../src/discord/replies.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';

/**
 * Takes the ticket (once, whatever races; for a large order only after the retype), acknowledges at once,
 * sends the order, then edits in the truth.
 */
async function claimAndSend(
	interaction: ComponentInteraction,
	ticketId: string,
	context: DeskContext,
	retyped: boolean,
): Promise<Refusal | undefined> {
	const halted = haltRefusal(context.deskState.halt());
	if (halted) {
		return refuse(interaction, halted);
	}
	const claim = context.tickets.claim(ticketId, interaction.user.id, retyped);
	if (!claim.ok) {
		return refuse(interaction, ticketRefusalText[claim.refusal]);
	}
	const { ticket } = claim;
	const sending = renderTicketStatus(ticket, 'Sending the order…', colours.info);
	try {
		if (interaction.isButton() || interaction.isFromMessage()) await interaction.update(sending);
		else await interaction.reply({ ...sending, flags: MessageFlags.Ephemeral });
	} catch (error) {
		// Nothing has been sent: the ticket goes back to open, so that another click can still confirm it.
		context.tickets.release(ticket.id);
		throw error;
	}
	try {
		const placement = await placeTicketOrder(context.broker, ticket, {
			onOutcomeUnknown: async () => {
				await interaction.editReply(renderOutcomeUnknown(ticket));
			},
			// A halt that lands while this order waits to leave still stops it.
			veto: () => haltRefusal(context.deskState.halt()),
		});
		context.logger.info(
			{ ticketId: ticket.id, userId: interaction.user.id, outcome: placement.kind },
			'order ticket settled',
		);
		try {
			context.ticketRecords.settled(
				ticket.id,
				placement.kind,
				'order' in placement ? placement.order.id : null,
				context.now(),
			);
		} catch (error) {
			context.logger.error(
				{ ticketId: ticket.id, err: error instanceof Error ? error.message : String(error) },
				'ticket record not updated',
			);
		}
		recordAudit(context, {
			at: context.now(),
			userId: interaction.user.id,
			guildId: interaction.guildId,
			channelId: interaction.channelId,
			action: 'order placement',
			inputs: JSON.stringify(ticketInputs(ticket)),
			ticketId: ticket.id,
			outcome: placement.kind,
			detail: 'order' in placement ? placement.order.id : placement.reason,
			latencyMs: null,
		});
		await showPlacement(interaction, ticket.id, renderPlacement(ticket, placement), context);
	} finally {
		context.tickets.finish(ticket.id);
	}
}

/** What the ticket sends, for the audit trail. */
function ticketInputs(ticket: Ticket) {
	const { draft } = ticket.preview;
	return {
		side: draft.side,
		symbol: draft.symbol,
		type: draft.type,
		amount: draft.amount.toFixed(),
		price: draft.price?.toFixed() ?? null,
	};
}

/** Edits the ticket into the result; if Discord refuses the edit, the trader still hears it privately. */
async function showPlacement(
	interaction: ComponentInteraction,
	ticketId: string,
	result: BaseMessageOptions,
	context: DeskContext,
) {
	try {
		await interaction.editReply(result);
	} catch (error) {
		context.logger.warn(
			{ ticketId, err: error instanceof Error ? error.message : String(error) },
			'could not edit the ticket; following up',
		);
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
	autocomplete: suggestSymbols,
	async execute(interaction, context) {
		const input = checkOrderInput(
			{
				side: interaction.options.getString('side', true),
				symbol: interaction.options.getString('symbol', true),
				amount: interaction.options.getString('amount', true),
				type: interaction.options.getString('type', true),
				price: interaction.options.getString('price') ?? undefined,
			},
			context.symbols,
		);
		if (!input.ok) {
			return refuse(interaction, input.error);
		}
		const halted = haltRefusal(context.deskState.halt());
		if (halted) {
			return refuse(interaction, halted);
		}
		const preview = previewOrder(input.value, context.prices, context.limits);
		if (!preview.ok) {
			return refuse(interaction, preview.error);
		}
		const ticket = context.tickets.open(interaction.user.id, preview.value);
		// Recorded before it is shown: a ticket the desk cannot record is never offered.
		context.ticketRecords.opened({
			id: ticket.id,
			userId: ticket.userId,
			channelId: interaction.channelId,
			...ticketInputs(ticket),
			openedAt: ticket.createdAt,
		});
		await interaction.reply({ ...renderTicket(ticket), flags: MessageFlags.Ephemeral });
	},
	components: {
		confirm: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], context) {
				if (!interaction.isButton()) {
					return refuse(interaction, 'Confirm with the ticket’s button. Nothing was sent.');
				}
				const checked = context.tickets.check(ticketId, interaction.user.id);
				if (checked.ok && checked.ticket.preview.needsRetype) {
					await interaction.showModal(renderRetypeModal(checked.ticket));
					return;
				}
				return claimAndSend(interaction, ticketId, context, false);
			},
		},
		retype: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], context) {
				if (!interaction.isModalSubmit()) {
					return refuse(interaction, 'Type the amount in the form that Confirm opens. Nothing was sent.');
				}
				const checked = context.tickets.check(ticketId, interaction.user.id);
				if (!checked.ok) {
					return refuse(interaction, ticketRefusalText[checked.refusal]);
				}
				const typed = interaction.fields.getTextInputValue(retypeFieldId);
				const amount = checkDecimal('amount', typed);
				const expected = checked.ticket.preview.draft.amount;
				if (!amount.ok || !amount.value.eq(expected)) {
					return refuse(
						interaction,
						`The amount you typed (${typed.slice(0, 40)}) does not match the ticket (${expected.toFixed()}). Nothing was sent; press Confirm to try again.`,
					);
				}
				return claimAndSend(interaction, ticketId, context, true);
			},
		},
		cancel: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], context) {
				if (!interaction.isButton()) {
					return refuse(interaction, 'Cancel with the ticket’s button.');
				}
				const canceled = context.tickets.cancel(ticketId, interaction.user.id);
				if (!canceled.ok) {
					return refuse(interaction, ticketRefusalText[canceled.refusal]);
				}
				await interaction.update(renderTicketStatus(canceled.ticket, 'Canceled. Nothing was sent.', colours.neutral));
			},
		},
	},
});
