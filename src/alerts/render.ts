import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import { colours, discordTime, formatAmount } from '../discord/render/format.js';
import { orderFields, orderTitle } from '../discord/render/order.js';
import type { OrderStatus, OrderUpdate, Trade } from '../zerocap/domain.js';

/** Discord allows 10 embeds a message; a burst puts several fills in each. */
export const fillsPerEmbed = 10;
export const embedsPerMessage = 10;
export const fillsPerMessage = fillsPerEmbed * embedsPerMessage;

export interface FillLine {
	readonly trade: Trade;
	/** The trader who placed the order through the bot, when known. */
	readonly traderId: string | undefined;
}

function fillLine({ trade, traderId }: FillLine): string {
	const cost = trade.cost ? ` = ${formatAmount(trade.cost)}` : '';
	const who = traderId ? ` · <@${traderId}>` : '';
	return `**${trade.side.toUpperCase()} ${formatAmount(trade.amount)} ${trade.symbol}** @ ${trade.price}${cost} · ${discordTime(trade.timestamp, 'T')} · order \`${trade.orderId}\`${who}`;
}

/** One message for up to 100 fills, oldest first; the traders who placed them are mentioned, nobody else. */
export function renderFills(fills: readonly FillLine[]): BaseMessageOptions {
	const embeds: EmbedBuilder[] = [];
	for (let start = 0; start < fills.length; start += fillsPerEmbed) {
		const chunk = fills.slice(start, start + fillsPerEmbed);
		embeds.push(
			new EmbedBuilder()
				.setColor(colours.good)
				.setTitle(fills.length === 1 ? 'Fill' : `Fills ${start + 1}–${start + chunk.length} of ${fills.length}`)
				.setDescription(chunk.map(fillLine).join('\n')),
		);
	}
	const traders = [...new Set(fills.flatMap((fill) => (fill.traderId ? [fill.traderId] : [])))];
	return {
		...(traders.length > 0 ? { content: traders.map((id) => `<@${id}>`).join(' ') } : {}),
		embeds,
		allowedMentions: { users: traders, parse: [] },
	};
}

const statusColour: Record<OrderStatus, number> = {
	open: colours.info,
	closed: colours.good,
	rejected: colours.bad,
	canceled: colours.neutral,
};

/** The one message an order has, edited as it moves. */
export function renderOrderStatus(order: OrderUpdate): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(statusColour[order.status])
		.setTitle(orderTitle(order))
		.setDescription(`Placed ${discordTime(order.createdAt)}`)
		.addFields(orderFields(order));
	return { embeds: [embed], allowedMentions: { parse: [] } };
}
