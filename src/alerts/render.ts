import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import { deskClock } from '../desk/desk-time.js';
import { clip } from '../discord/render/clip.js';
import { colours, formatAmount, formatCost } from '../discord/render/format.js';
import { orderEmbed, shownLength } from '../discord/render/order.js';
import type { OrderUpdate, Trade } from '../zerocap/domain.js';

/** Discord allows 10 embeds a message; a burst puts several fills in each. */
export const fillsPerEmbed = 10;
export const embedsPerMessage = 10;
export const fillsPerMessage = fillsPerEmbed * embedsPerMessage;

export interface FillLine {
	readonly trade: Trade;
	/** The trader who placed the order through the bot, when known. */
	readonly traderId: string | undefined;
}

/** A fill's broker strings, clipped for display. */
function shownFill(trade: Trade) {
	return {
		what: `${trade.side.toUpperCase()} ${clip(formatAmount(trade.amount), shownLength.number)} ${clip(trade.symbol, shownLength.symbol)}`,
		price: clip(formatAmount(trade.price), shownLength.number),
		cost: trade.cost ? ` = ${clip(formatCost(trade.cost, trade.symbol), shownLength.number)}` : '',
	};
}

/** A fill on its own: everything, the full order id included. */
function fillLine({ trade, traderId }: FillLine, timeZone: string): string {
	const { what, price, cost } = shownFill(trade);
	const who = traderId ? ` · <@${traderId}>` : '';
	return `**${what}** @ ${price}${cost} · ${deskClock(trade.timestamp, timeZone)} · order \`${clip(trade.orderId, shownLength.id)}\`${who}`;
}

/** A fill in a burst: the time is the message's, and the order is named by the start of its id. */
function compactFillLine({ trade, traderId }: FillLine): string {
	const { what, price, cost } = shownFill(trade);
	const who = traderId ? ` · <@${traderId}>` : '';
	return `**${what}** @ ${price}${cost} · \`${trade.orderId.slice(0, shortIdLength)}\`${who}`;
}

/** How much of an order id a burst line shows. */
export const shortIdLength = 8;

/** Discord refuses a message whose embeds hold more than 6,000 characters; titles and newlines fit in the rest. */
const fillTextBudget = 5400;
/** A mention is at most this long: `<@` + a 20-digit id + `>`, and the separator before it. */
const mentionAllowance = 26;

/**
 * How many of these fills, from the first, fit in one message: at most 100, and never more text than Discord
 * accepts, counting each line as if it named a trader when one may be named.
 */
export function fillsThatFit(trades: readonly Trade[], mayMention: boolean): number {
	let used = 0;
	let count = 0;
	for (const trade of trades) {
		const length = compactFillLine({ trade, traderId: undefined }).length + (mayMention ? mentionAllowance : 0) + 1;
		if (count >= fillsPerMessage || used + length > fillTextBudget) break;
		used += length;
		count++;
	}
	return Math.max(1, count);
}

/** One message for up to 100 fills, oldest first; the traders who placed them are mentioned, nobody else. */
export function renderFills(fills: readonly FillLine[], timeZone: string): BaseMessageOptions {
	const embeds: EmbedBuilder[] = [];
	for (let start = 0; start < fills.length; start += fillsPerEmbed) {
		const chunk = fills.slice(start, start + fillsPerEmbed);
		embeds.push(
			new EmbedBuilder()
				.setColor(colours.good)
				.setTitle(fills.length === 1 ? 'Fill' : `Fills ${start + 1}–${start + chunk.length} of ${fills.length}`)
				.setDescription(
					chunk.map((fill) => (fills.length === 1 ? fillLine(fill, timeZone) : compactFillLine(fill))).join('\n'),
				),
		);
	}
	const traders = [...new Set(fills.flatMap((fill) => (fill.traderId ? [fill.traderId] : [])))];
	return {
		...(traders.length > 0 ? { content: traders.map((id) => `<@${id}>`).join(' ') } : {}),
		embeds,
		allowedMentions: { users: traders, parse: [] },
	};
}

/** The one message an order has, edited as it moves: the order's usual view, clipped to what Discord accepts. */
export function renderOrderStatus(order: OrderUpdate, timeZone: string): BaseMessageOptions {
	return { embeds: [orderEmbed(order, timeZone)], allowedMentions: { parse: [] } };
}
