import { type APIEmbedField, type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import type { Order, OrderStatus } from '../../zerocap/domain.js';
import { colours, discordTime, formatAmount } from './format.js';

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
		{ name: 'Average price', value: order.average ?? '—', inline: true },
		{ name: 'Cost', value: order.cost ? formatAmount(order.cost) : '—', inline: true },
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

/** An order's title, status colour, placing time and fields: what every view of it starts from. */
export function orderEmbed(order: Order | Omit<Order, 'trades'>): EmbedBuilder {
	return new EmbedBuilder()
		.setColor(statusColour[order.status])
		.setTitle(orderTitle(order))
		.setDescription(`Placed ${discordTime(order.createdAt)}`)
		.addFields(orderFields(order));
}

/** /order-status: one order with its trades, and its trader when it was placed through the desk. */
export function renderOrder(order: Order, traderId?: string): BaseMessageOptions {
	const embed = orderEmbed(order);
	if (traderId) embed.addFields({ name: 'Trader', value: `<@${traderId}>`, inline: true });
	if (order.trades.length > 0) {
		const lines = order.trades
			.slice(0, shownTrades)
			.map(
				(trade) =>
					`${discordTime(trade.timestamp, 'T')} ${formatAmount(trade.amount)} @ ${trade.price}${trade.cost ? ` = ${formatAmount(trade.cost)}` : ''}`,
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
