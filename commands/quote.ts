import {
	type ButtonInteraction,
	type ChatInputCommandInteraction,
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
} from 'discord.js';
import { refuse } from '../src/desk/checked.js';
import { deskClock } from '../src/desk/desk-time.js';
import type { TicketDesk } from '../src/desk/ticket-desk.js';
import type { Ticket } from '../src/desk/tickets.js';
import { defineCommand } from '../src/discord/command.js';
import { withSideSymbolAmount } from '../src/discord/order-options.js';
import { renderQuoteCard, renderQuoteEnded } from '../src/discord/render/firm-quote.js';
import { quoteCommandName, renderRetypeModal } from '../src/discord/render/ticket.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';
import { actorOf, confirm } from '../src/discord/ticket-confirm.js';

/** A card whose quote ran out must not keep an Accept that looks live; a failed edit leaves the press to say it. */
function showExpiry(
	interaction: ChatInputCommandInteraction<'cached'> | ButtonInteraction<'cached'>,
	tickets: TicketDesk,
	ticket: Ticket,
	timeZone: string,
): void {
	void tickets.whenExpired(ticket.id).then(async (expired) => {
		if (!expired) return;
		const words = `Expired at ${deskClock(ticket.expiresAt, timeZone)}. Nothing was sent; press Requote for a fresh price.`;
		await interaction.editReply(renderQuoteEnded(ticket, words)).catch(() => undefined);
	});
}

export default defineCommand({
	data: withSideSymbolAmount(
		new SlashCommandBuilder()
			.setName(quoteCommandName)
			.setDescription('Ask the dealer for a firm price for a size, then accept it before it runs out')
			.setContexts(InteractionContextType.Guild)
			// Hidden until a server admin grants it, as /order is; the bot checks the trade role on every use regardless.
			.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
	),
	access: 'trade',
	uses: ['tickets', 'approvals', 'market', 'clock'],
	autocomplete: suggestSymbols,
	async execute(interaction, { tickets, clock }) {
		// The dealer is asked over the network: the card follows the acknowledgement.
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const ticket = await tickets.openQuote(actorOf(interaction), {
			side: interaction.options.getString('side', true),
			symbol: interaction.options.getString('symbol', true),
			amount: interaction.options.getString('amount', true),
		});
		if (!ticket.ok) return ticket;
		await interaction.editReply(renderQuoteCard(ticket.value, clock.timeZone));
		showExpiry(interaction, tickets, ticket.value, clock.timeZone);
		return { ok: true, ticketId: ticket.value.id };
	},
	components: {
		accept: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets, approvals }) {
				if (!interaction.isButton()) return refuse('Accept with the quote’s button. Nothing was sent.');
				const checked = tickets.checkQuote(ticketId, interaction.user.id);
				if (!checked.ok) return checked;
				if (checked.value.preview.needsRetype) {
					await interaction.showModal(renderRetypeModal(checked.value));
					return undefined;
				}
				return confirm(interaction, ticketId, { tickets, approvals }, false);
			},
		},
		reject: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets }) {
				if (!interaction.isButton()) return refuse('Reject with the quote’s button.');
				const rejected = tickets.cancel(ticketId, interaction.user.id);
				if (!rejected.ok) return rejected;
				await interaction.update(renderQuoteEnded(rejected.value, 'Rejected. Nothing was sent.'));
				return { ok: true, ticketId };
			},
		},
		requote: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets, clock }) {
				if (!interaction.isButton()) return refuse('Requote with the quote’s button. Nothing was sent.');
				await interaction.deferUpdate();
				const fresh = await tickets.requote(ticketId, actorOf(interaction));
				if (!fresh.ok) return fresh;
				await interaction.editReply(renderQuoteCard(fresh.value, clock.timeZone));
				showExpiry(interaction, tickets, fresh.value, clock.timeZone);
				return { ok: true, ticketId: fresh.value.id };
			},
		},
	},
});
