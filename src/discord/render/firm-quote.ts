import { Decimal } from 'decimal.js';
import { ActionRowBuilder, type BaseMessageOptions, ButtonBuilder, ButtonStyle } from 'discord.js';
import { deskClock } from '../../desk/desk-time.js';
import { formatMoney } from '../../desk/money.js';
import type { Ticket } from '../../desk/tickets.js';
import { customId } from '../command.js';
import { colours, discordRelative, formatAmount } from './format.js';
import { quoteCommandName, requoteButton, ticketEmbed } from './ticket.js';

/** How far the dealer's price is from the ladder's for the same size, in basis points, for the trader's eye. */
function againstLadder(price: Decimal, ladder: Decimal | undefined, side: string): string {
	if (!ladder || ladder.isZero()) return 'nothing to compare with';
	const bps = price.minus(ladder).dividedBy(ladder).times(10_000);
	const better = side === 'buy' ? bps.lte(0) : bps.gte(0);
	const size = bps.abs().toDecimalPlaces(1).toFixed(1);
	return bps.isZero() ? 'the same as the ladder' : `${size} bps ${better ? 'better' : 'worse'} than the ladder`;
}

/** The private card of a firm quote: the dealer's price, its countdown, the ladder beside it, Accept / Reject / Requote. */
export function renderQuoteCard(ticket: Ticket, timeZone: string): BaseMessageOptions {
	const firm = ticket.firmQuote;
	if (!firm) throw new Error(`ticket ${ticket.id} takes no quote`);
	const { preview } = ticket;
	const price = new Decimal(firm.quote.price);
	const notes = [
		`Firm for the whole size until ${deskClock(firm.expiresAt, timeZone)} (${discordRelative(firm.expiresAt)}): Accept takes it, once; after that, Requote asks again.`,
	];
	if (preview.needsRetype) notes.push('This order is large: Accept asks you to type the amount again.');
	if (preview.approvalAbove) {
		notes.push(
			`Worth more than ${formatMoney(preview.approvalAbove, preview.valuation.currency)}: Accept asks an approver; if the quote runs out first, a fresh one is taken at approval only if its price is no worse.`,
		);
	}
	notes.push(...(preview.brokerNotes ?? []));
	const ladder = preview.indicativePrice;
	const embed = ticketEmbed(ticket)
		.setColor(colours.info)
		.setDescription(notes.join('\n'))
		.spliceFields(1, 1, {
			name: 'Ladder for this size',
			value: `${ladder ? formatAmount(ladder) : 'none for this size'}\n${againstLadder(price, ladder, preview.draft.side)}`,
			inline: true,
		});
	const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(customId(quoteCommandName, 'accept', ticket.id))
			.setLabel('Accept')
			.setStyle(ButtonStyle.Success),
		new ButtonBuilder()
			.setCustomId(customId(quoteCommandName, 'reject', ticket.id))
			.setLabel('Reject')
			.setStyle(ButtonStyle.Secondary),
		requoteButton(ticket),
	);
	return { embeds: [embed], components: [buttons] };
}

/** A quote that ended without a trade (it ran out, or the trader rejected it): the facts, and Requote. */
export function renderQuoteEnded(ticket: Ticket, status: string): BaseMessageOptions {
	const embed = ticketEmbed(ticket).setColor(colours.neutral).setDescription(status);
	return { embeds: [embed], components: [new ActionRowBuilder<ButtonBuilder>().addComponents(requoteButton(ticket))] };
}
