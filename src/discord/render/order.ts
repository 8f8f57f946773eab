import { type APIEmbedField, type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import { deskClock, deskDateTime } from '../../desk/desk-time.js';
import type { Order, OrderStatus } from '../../zerocap/domain.js';
import { clip } from './clip.js';
import { colours, formatAmount, formatCost } from './format.js';

const statusColour: Record<OrderStatus, number> = {
	open: colours.info,
	closed: colours.good,
	rejected: colours.bad,
	canceled: colours.neutral,
};

/** The desk's one word for each order status, wherever an order is shown: the broker's `closed` is `filled`. */
const statusWords: Record<OrderStatus, string> = {
	open: 'open',
	closed: 'filled',
	rejected: 'rejected',
	canceled: 'canceled',
};

export function statusWord(status: OrderStatus): string {
	return statusWords[status];
}

const shownTrades = 10;

/** The fields every view of an order shares: status, fill, price, cost and ids. */
export function orderFields(order: Order | Omit<Order, 'trades'>): APIEmbedField[] {
	const fields: APIEmbedField[] = [
		{ name: 'Status', value: statusWord(order.status), inline: true },
		{ name: 'Filled', value: `${formatAmount(order.filled ?? '0')} of ${formatAmount(order.amount)}`, inline: true },
		{ name: 'Average price', value: order.average ? formatAmount(order.average) : '—', inline: true },
		{ name: 'Cost', value: order.cost ? formatCost(order.cost, order.symbol) : '—', inline: true },
	];
	if (order.type === 'limit' && order.price) fields.push({ name: 'Limit price', value: order.price, inline: true });
	if (order.rejectReason) fields.push({ name: 'Reason', value: order.rejectReason.slice(0, 1000), inline: false });
	fields.push({ name: 'Order id', value: `\`${order.id}\``, inline: false });
	if (order.clientOrderId) fields.push({ name: 'Client order id', value: `\`${order.clientOrderId}\``, inline: false });
	return fields;
}

export function orderTitle(order: Pick<Order, 'side' | 'amount' | 'symbol' | 'type'>): string {
	return `${order.side.toUpperCase()} ${formatAmount(order.amount)} ${order.symbol} ${order.type}`;
}

/** Discord's limit on an embed title. */
const titleLength = 256;
/**
 * An order's view has at most 9 fields: at 600 characters each, with their names, the title and the
 * description, it stays under Discord's 6,000 for one embed whatever the broker sends.
 */
const fieldValueLength = 600;
/**
 * How much of each string from the broker an order's view shows: more than any real symbol, number or id
 * needs, and little enough that a broker sending thousands of characters cannot make a message Discord refuses.
 */
export const shownLength = { symbol: 40, number: 48, id: 100 } as const;

/**
 * An order's title, status colour, placing time and fields: what every view of it starts from. The broker's
 * words are clipped first, so that an id keeps its closing backtick, then whatever a number made too long:
 * discord.js checks each part as it is set.
 */
export function orderEmbed(order: Order | Omit<Order, 'trades'>, timeZone: string): EmbedBuilder {
	const shown = {
		...order,
		id: clip(order.id, shownLength.id),
		clientOrderId: order.clientOrderId === undefined ? undefined : clip(order.clientOrderId, shownLength.id),
		symbol: clip(order.symbol, shownLength.symbol),
		rejectReason: order.rejectReason === undefined ? undefined : clip(order.rejectReason, fieldValueLength),
	};
	return new EmbedBuilder()
		.setColor(statusColour[order.status])
		.setTitle(clip(orderTitle(shown), titleLength))
		.setDescription(`Placed ${deskDateTime(order.createdAt, timeZone)}`)
		.addFields(orderFields(shown).map((field) => ({ ...field, value: clip(field.value, fieldValueLength) })));
}

/** /order-status: one order with its trades, and its trader when it was placed through the desk. */
export function renderOrder(order: Order, timeZone: string, traderId?: string): BaseMessageOptions {
	const embed = orderEmbed(order, timeZone);
	if (traderId) embed.addFields({ name: 'Trader', value: `<@${traderId}>`, inline: true });
	if (order.trades.length > 0) {
		const lines = order.trades
			.slice(0, shownTrades)
			.map(
				(trade) =>
					`${deskClock(trade.timestamp, timeZone)} ${clip(formatAmount(trade.amount), shownLength.number)} @ ${clip(formatAmount(trade.price), shownLength.number)}${trade.cost ? ` = ${clip(formatCost(trade.cost, trade.symbol), shownLength.number)}` : ''}`,
			);
		if (order.trades.length > shownTrades) lines.push(`… and ${order.trades.length - shownTrades} more`);
		embed.addFields({ name: `Trades (${order.trades.length})`, value: lines.join('\n'), inline: false });
	}
	return { embeds: [embed] };
}

/** Not found, said exactly: the client order id search only covers the latest orders. */
export function renderOrderNotFound(id: string, searchedLatest: number): BaseMessageOptions {
	return {
		embeds: [
			new EmbedBuilder()
				.setColor(colours.warn)
				.setTitle('No such order')
				.setDescription(
					`The broker has no order with the id \`${id.slice(0, 100)}\`, and none of its latest ${searchedLatest} orders has it as client order id.`,
				),
		],
	};
}
