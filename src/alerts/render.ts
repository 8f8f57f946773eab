import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import { colours, discordTime, formatAmount } from '../discord/render/format.js';
import { orderFields, orderTitle } from '../discord/render/order.js';
import type { OrderStatus, OrderUpdate, Trade } from '../zerocap/domain.js';
import { clip } from './clip.js';

/** Discord allows 10 embeds a message; a burst puts several fills in each. */
export const fillsPerEmbed = 10;
export const embedsPerMessage = 10;
export const fillsPerMessage = fillsPerEmbed * embedsPerMessage;

export interface FillLine {
	readonly trade: Trade;
	/** The trader who placed the order through the bot, when known. */
	readonly traderId: string | undefined;
}

/**
 * How much of each string from the broker a fill line shows: more than any real symbol, number or id needs,
 * and little enough that a broker sending thousands of characters cannot make a message Discord refuses.
 */
const shownLength = { symbol: 40, number: 48, id: 100 } as const;

/** A fill's broker strings, clipped for display. */
function shownFill(trade: Trade) {
	return {
		what: `${trade.side.toUpperCase()} ${clip(formatAmount(trade.amount), shownLength.number)} ${clip(trade.symbol, shownLength.symbol)}`,
		price: clip(trade.price, shownLength.number),
		cost: trade.cost ? ` = ${clip(formatAmount(trade.cost), shownLength.number)}` : '',
	};
}

/** A fill on its own: everything, the full order id included. */
function fillLine({ trade, traderId }: FillLine): string {
	const { what, price, cost } = shownFill(trade);
	const who = traderId ? ` · <@${traderId}>` : '';
	return `**${what}** @ ${price}${cost} · ${discordTime(trade.timestamp, 'T')} · order \`${clip(trade.orderId, shownLength.id)}\`${who}`;
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
export function renderFills(fills: readonly FillLine[]): BaseMessageOptions {
	const embeds: EmbedBuilder[] = [];
	for (let start = 0; start < fills.length; start += fillsPerEmbed) {
		const chunk = fills.slice(start, start + fillsPerEmbed);
		embeds.push(
			new EmbedBuilder()
				.setColor(colours.good)
				.setTitle(fills.length === 1 ? 'Fill' : `Fills ${start + 1}–${start + chunk.length} of ${fills.length}`)
				.setDescription(chunk.map(fills.length === 1 ? fillLine : compactFillLine).join('\n')),
		);
	}
	const traders = [...new Set(fills.flatMap((fill) => (fill.traderId ? [fill.traderId] : [])))];
	return {
		...(traders.length > 0 ? { content: traders.map((id) => `<@${id}>`).join(' ') } : {}),
		embeds,
		allowedMentions: { users: traders, parse: [] },
	};
}

/**
 * The colours of `discord/render/order.ts`'s `orderEmbed`, repeated because that builder has discord.js check
 * each part as it sets it, before a part from the broker could be clipped.
 */
const statusColour: Record<OrderStatus, number> = {
	open: colours.info,
	closed: colours.good,
	rejected: colours.bad,
	canceled: colours.neutral,
};

/** Discord's limit on an embed title. */
const titleLength = 256;
/**
 * An order's view has at most 8 fields: at 600 characters each, with their names, the title and the
 * description, it stays under Discord's 6,000 for one embed whatever the broker sends.
 */
const fieldValueLength = 600;

/**
 * The one message an order has, edited as it moves: the order's usual view, built here from its parts so that
 * each part is clipped before discord.js checks it. The broker's words are clipped first, so that an id keeps
 * its closing backtick; then whatever a number made too long.
 */
export function renderOrderStatus(order: OrderUpdate): BaseMessageOptions {
	const shown: OrderUpdate = {
		...order,
		id: clip(order.id, shownLength.id),
		clientOrderId: order.clientOrderId === undefined ? undefined : clip(order.clientOrderId, shownLength.id),
		symbol: clip(order.symbol, shownLength.symbol),
		rejectReason: order.rejectReason === undefined ? undefined : clip(order.rejectReason, fieldValueLength),
	};
	const embed = new EmbedBuilder()
		.setColor(statusColour[order.status])
		.setTitle(clip(orderTitle(shown), titleLength))
		.setDescription(`Placed ${discordTime(order.createdAt)}`)
		.addFields(orderFields(shown).map((field) => ({ ...field, value: clip(field.value, fieldValueLength) })));
	return { embeds: [embed], allowedMentions: { parse: [] } };
}
