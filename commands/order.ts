import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { refuse } from '../src/desk/checked.js';
import { defineCommand } from '../src/discord/command.js';
import { withSideSymbolAmount } from '../src/discord/order-options.js';
import { renderRequestClosed, renderRequestPlacement } from '../src/discord/render/approval.js';
import { colours } from '../src/discord/render/format.js';
import {
	orderCommandName,
	renderRetypeModal,
	renderTicket,
	renderTicketStatus,
	retypeFieldId,
} from '../src/discord/render/ticket.js';
import { privateNotice } from '../src/discord/replies.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';
import { actorOf, confirm } from '../src/discord/ticket-confirm.js';

export default defineCommand({
	data: withSideSymbolAmount(
		new SlashCommandBuilder()
			.setName(orderCommandName)
			.setDescription('Open an order ticket: check it, then confirm')
			.setContexts(InteractionContextType.Guild)
			// Hidden until a server admin grants it; the bot checks the trade role on every use regardless.
			.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
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
	uses: ['tickets', 'market', 'approvals'],
	autocomplete: suggestSymbols,
	async execute(interaction, { tickets }) {
		const ticket = await tickets.open(actorOf(interaction), {
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
			async handle(interaction, [ticketId = ''], { tickets, approvals }) {
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
				return confirm(interaction, ticketId, { tickets, approvals }, false);
			},
		},
		retype: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets, approvals }) {
				if (!interaction.isModalSubmit()) {
					return refuse('Type the amount in the form that Confirm opens. Nothing was sent.');
				}
				const typed = interaction.fields.getTextInputValue(retypeFieldId);
				const retyped = tickets.checkRetyped(ticketId, interaction.user.id, typed);
				if (!retyped.ok) return retyped;
				return confirm(interaction, ticketId, { tickets, approvals }, true);
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
		approve: {
			access: 'approve',
			async handle(interaction, [ticketId = ''], { approvals }) {
				if (!interaction.isButton()) return refuse('Approve with the request’s button. Nothing was sent.');
				const approved = approvals.approve(ticketId, actorOf(interaction));
				if (!approved.ok) return approved;
				const { ticket } = approved.value;
				const approverId = interaction.user.id;
				const sending = renderRequestClosed(ticket, `Approved by <@${approverId}>: sending the order…`, colours.info);
				// The approval is decided: the order goes out even if the approver's screen could not be updated.
				await interaction.update(sending).catch(() => undefined);
				await approvals.send(approved.value, async (placement) => {
					await interaction.editReply(renderRequestPlacement(ticket, approverId, placement));
				});
				return { ok: true, ticketId };
			},
		},
		reject: {
			access: 'approve',
			async handle(interaction, [ticketId = ''], { approvals }) {
				if (!interaction.isButton()) return refuse('Reject with the request’s button. Nothing was sent.');
				const rejected = approvals.reject(ticketId, actorOf(interaction));
				if (!rejected.ok) return rejected;
				await interaction.reply(privateNotice('Rejected. The trader was told; nothing was sent.', colours.neutral));
				return { ok: true, ticketId };
			},
		},
	},
});
