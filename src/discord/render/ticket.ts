import {
	ActionRowBuilder,
	type BaseMessageOptions,
	ButtonBuilder,
	ButtonStyle,
	EmbedBuilder,
	LabelBuilder,
	ModalBuilder,
	TextInputBuilder,
	TextInputStyle,
} from 'discord.js';
import { formatMoney } from '../../desk/money.js';
import { basisWords } from '../../desk/order-preview.js';
import type { Placement } from '../../desk/place-order.js';
import type { Ticket } from '../../desk/tickets.js';
import { customId } from '../command.js';
import { colours, discordRelative, formatAmount } from './format.js';
import { orderFields, statusWord } from './order.js';

export const orderCommandName = 'order';
export const quoteCommandName = 'quote';

export function ticketTitle(ticket: Ticket): string {
	const { draft } = ticket.preview;
	const kind = ticket.firmQuote ? 'at a firm quote' : draft.type;
	return `${draft.side.toUpperCase()} ${formatAmount(draft.amount)} ${draft.symbol} ${kind}`;
}

/** Asks the dealer again for the same side and size: offered wherever a quote ended without a trade. */
export function requoteButton(ticket: Ticket): ButtonBuilder {
	return new ButtonBuilder()
		.setCustomId(customId(quoteCommandName, 'requote', ticket.id))
		.setLabel('Requote')
		.setStyle(ButtonStyle.Primary);
}

const requoteRow = (ticket: Ticket) => [new ActionRowBuilder<ButtonBuilder>().addComponents(requoteButton(ticket))];

export function ticketEmbed(ticket: Ticket): EmbedBuilder {
	const { draft, indicativePrice, valuation } = ticket.preview;
	const embed = new EmbedBuilder().setTitle(ticketTitle(ticket));
	if (ticket.firmQuote) {
		const price = `${formatAmount(ticket.firmQuote.quote.price)} ${valuation.quoteCurrency}`;
		embed.addFields({ name: 'Firm price', value: price, inline: true });
	} else if (draft.price) embed.addFields({ name: 'Limit price', value: formatAmount(draft.price), inline: true });
	embed.addFields(
		{
			name: 'Indicative price',
			value: indicativePrice ? formatAmount(indicativePrice) : 'no live price',
			inline: true,
		},
		{
			name: 'Value at worst',
			value: `${formatMoney(valuation.value, valuation.currency)}\n${basisWords(ticket.preview)}`,
			inline: true,
		},
	);
	if (valuation.conversion) {
		const { symbol, rate } = valuation.conversion;
		embed.addFields({
			name: `In ${valuation.quoteCurrency}`,
			value: `${formatMoney(valuation.quoteValue, valuation.quoteCurrency)} (at ${symbol} ${rate.toSignificantDigits(8).toFixed()})`,
			inline: true,
		});
	}
	embed.addFields({ name: 'Client order id', value: `\`${ticket.id}\``, inline: false });
	return embed;
}

/** The ephemeral ticket: what will be sent, at what indicative price, with Confirm and Cancel. */
export function renderTicket(ticket: Ticket): BaseMessageOptions {
	const { preview } = ticket;
	const notes = [`Check the order, then confirm. This ticket expires ${discordRelative(ticket.expiresAt)}.`];
	if (preview.draft.priceIgnored)
		notes.push('The price you gave is ignored: a market order fills at the ladder’s price.');
	if (preview.limitWarning) {
		notes.push(
			ticket.acknowledged
				? `Acknowledged: ${preview.limitWarning}`
				: `⚠ ${preview.limitWarning} Press Acknowledge if that is what you mean; Confirm works only then.`,
		);
	}
	if (preview.needsRetype) notes.push('This order is large: you will be asked to type the amount again.');
	if (preview.approvalAbove) {
		notes.push(
			`Worth more than ${formatMoney(preview.approvalAbove, preview.valuation.currency)}: Confirm asks an approver, and nothing is sent until another person approves it.`,
		);
	}
	notes.push(...(preview.brokerNotes ?? []));
	const embed = ticketEmbed(ticket)
		.setColor(preview.limitWarning && !ticket.acknowledged ? colours.warn : colours.info)
		.setDescription(notes.join('\n'));
	const waitingForAcknowledgement = preview.limitWarning !== undefined && !ticket.acknowledged;
	const buttons = new ActionRowBuilder<ButtonBuilder>();
	if (waitingForAcknowledgement) {
		buttons.addComponents(
			new ButtonBuilder()
				.setCustomId(customId(orderCommandName, 'acknowledge', ticket.id))
				.setLabel('Acknowledge')
				.setStyle(ButtonStyle.Danger),
		);
	}
	buttons.addComponents(
		new ButtonBuilder()
			.setCustomId(customId(orderCommandName, 'confirm', ticket.id))
			.setLabel('Confirm')
			.setStyle(ButtonStyle.Success)
			.setDisabled(waitingForAcknowledgement),
		new ButtonBuilder()
			.setCustomId(customId(orderCommandName, 'cancel', ticket.id))
			.setLabel('Cancel')
			.setStyle(ButtonStyle.Secondary),
	);
	return { embeds: [embed], components: [buttons] };
}

/** The ticket after it stopped being actionable: the same facts, a status line, no buttons. */
export function renderTicketStatus(ticket: Ticket, status: string, colour: number): BaseMessageOptions {
	return { embeds: [ticketEmbed(ticket).setColor(colour).setDescription(status)], components: [] };
}

export function renderOutcomeUnknown(ticket: Ticket): BaseMessageOptions {
	return renderTicketStatus(
		ticket,
		'The order was sent but the broker’s answer was lost. Checking with the broker whether it was placed… Nothing will be sent again.',
		colours.warn,
	);
}

export function renderPlacement(ticket: Ticket, placement: Placement): BaseMessageOptions {
	switch (placement.kind) {
		case 'placed': {
			const { order } = placement;
			const status =
				order.status === 'open' ? 'Placed: the order is resting at its limit.' : `Placed: ${statusWord(order.status)}.`;
			const embed = new EmbedBuilder()
				.setColor(colours.good)
				.setTitle(ticketTitle(ticket))
				.setDescription(status)
				.addFields(orderFields(order));
			return { embeds: [embed], components: [] };
		}
		case 'rejected': {
			const reason = placement.reason.slice(0, 500);
			const embed = new EmbedBuilder()
				.setColor(colours.bad)
				.setTitle(ticketTitle(ticket))
				.setDescription(
					ticket.firmQuote
						? `The dealer did not trade: ${reason}. Nothing was filled; press Requote for a fresh price.`
						: `Rejected by the broker: ${reason}`,
				)
				.addFields(orderFields(placement.order));
			return { embeds: [embed], components: ticket.firmQuote ? requoteRow(ticket) : [] };
		}
		case 'not-placed': {
			const shown = renderTicketStatus(ticket, `Not placed. ${placement.reason}`, colours.bad);
			return ticket.firmQuote ? { ...shown, components: requoteRow(ticket) } : shown;
		}
		case 'not-found-yet':
			return renderTicketStatus(
				ticket,
				`${placement.watching ? 'Not found yet' : 'Still not found'}. ${placement.reason}`,
				colours.warn,
			);
		case 'unresolved':
			return renderTicketStatus(ticket, `Unknown. ${placement.reason}`, colours.warn);
	}
}

export const retypeFieldId = 'amount';

/** The fat-finger guard: a large order goes out only after the amount is typed again. */
export function renderRetypeModal(ticket: Ticket): ModalBuilder {
	const input = new TextInputBuilder()
		.setCustomId(retypeFieldId)
		.setStyle(TextInputStyle.Short)
		.setRequired(true)
		.setMaxLength(40);
	const label = new LabelBuilder()
		.setLabel(`Type the amount again (${ticket.preview.draft.symbol})`)
		.setTextInputComponent(input);
	return new ModalBuilder()
		.setCustomId(customId(orderCommandName, 'retype', ticket.id))
		.setTitle(`Confirm ${ticket.preview.draft.side} ${ticket.preview.draft.symbol}`)
		.addLabelComponents(label);
}
