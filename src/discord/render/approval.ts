import { ActionRowBuilder, type BaseMessageOptions, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { ApprovalEnd } from '../../desk/approvals.js';
import { formatMoney } from '../../desk/money.js';
import type { Placement } from '../../desk/place-order.js';
import type { Ticket } from '../../desk/tickets.js';
import { customId } from '../command.js';
import { clip } from './clip.js';
import { colours, discordRelative, formatAmount } from './format.js';
import { orderCommandName } from './ticket.js';

function requestEmbed(ticket: Ticket): EmbedBuilder {
	const { draft, valuation } = ticket.preview;
	return new EmbedBuilder()
		.setTitle(`Approval needed: ${draft.side.toUpperCase()} ${formatAmount(draft.amount)} ${draft.symbol}`)
		.addFields(
			{ name: 'Trader', value: `<@${ticket.userId}>`, inline: true },
			{ name: 'Side', value: draft.side, inline: true },
			{ name: 'Amount', value: formatAmount(draft.amount), inline: true },
			{ name: 'Symbol', value: draft.symbol, inline: true },
			{ name: 'Type', value: ticket.firmQuote ? 'firm quote' : draft.type, inline: true },
			{
				name: ticket.firmQuote ? 'Quoted price' : 'Limit price',
				value: draft.price ? formatAmount(draft.price) : 'none (market)',
				inline: true,
			},
			{ name: 'Value at worst', value: formatMoney(valuation.value, valuation.currency), inline: true },
			{ name: 'Client order id', value: `\`${ticket.id}\``, inline: false },
		);
}

/** Posted on the approvals route: what the trader wants sent, and until when someone else can approve it. */
export function renderApprovalRequest(ticket: Ticket, expiresAt: number): BaseMessageOptions {
	const embed = requestEmbed(ticket)
		.setColor(colours.warn)
		.setDescription(
			`Another approver must approve this order before it is sent. The request expires ${discordRelative(expiresAt)}; it is priced and checked against every limit again when approved.${ticket.firmQuote ? ' The quote runs out sooner: at approval a fresh quote is asked for and taken only at a price no worse than this one.' : ''}`,
		);
	const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(customId(orderCommandName, 'approve', ticket.id))
			.setLabel('Approve')
			.setStyle(ButtonStyle.Success),
		new ButtonBuilder()
			.setCustomId(customId(orderCommandName, 'reject', ticket.id))
			.setLabel('Reject')
			.setStyle(ButtonStyle.Danger),
	);
	return { embeds: [embed], components: [buttons] };
}

/** The request once it can no longer be acted on: the same facts, what became of it, no buttons. */
export function renderRequestClosed(ticket: Ticket, status: string, colour: number): BaseMessageOptions {
	return { embeds: [requestEmbed(ticket).setColor(colour).setDescription(clip(status, 1000))], components: [] };
}

/** Why a request ended without an order, for the trader and on the request. */
export function approvalEndWords(end: ApprovalEnd): string {
	switch (end.kind) {
		case 'rejected':
			return `Rejected by <@${end.by}>. Nothing was sent.`;
		case 'expired':
			return 'The approval request expired before anyone approved it. Nothing was sent; open a new ticket.';
		case 'refused':
			return `Approval by <@${end.by}> was refused: ${end.reason}`;
	}
}

export function renderRequestPlacement(ticket: Ticket, approverId: string, placement: Placement): BaseMessageOptions {
	const words: Record<Placement['kind'], string> = {
		placed: 'the order was placed',
		rejected: 'the broker rejected the order',
		'not-placed': 'the order was not placed',
		'not-found-yet': 'the order was sent; the broker has not shown it yet',
		unresolved: 'the order was sent; its fate is not known yet',
	};
	const good = placement.kind === 'placed';
	// Nothing went out: the approver is told why as plainly as the trader.
	const why = placement.kind === 'not-placed' ? ` ${placement.reason.slice(0, 500)}` : '';
	return renderRequestClosed(
		ticket,
		`Approved by <@${approverId}>: ${words[placement.kind]}.${why} The trader's ticket shows the details.`,
		good ? colours.good : colours.warn,
	);
}
