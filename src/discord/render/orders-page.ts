import { ActionRowBuilder, type BaseMessageOptions, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { deskDateTime } from '../../desk/desk-time.js';
import type { Order } from '../../zerocap/domain.js';
import type { OrderPage } from '../../zerocap/rest-client.js';
import { customId } from '../command.js';
import { colours, formatAmount } from './format.js';
import { statusWord } from './order.js';

export const ordersCommandName = 'orders';

function countOrders(total: number | undefined): string {
	if (total === undefined) return 'an unknown number of orders';
	return `${formatAmount(String(total))} ${total === 1 ? 'order' : 'orders'}`;
}

/** /orders: one page of orders, newest first, with Previous and Next while there are more. */
export function renderOrdersPage(
	page: OrderPage,
	queryId: string,
	description: string,
	timeZone: string,
	traderOf: (order: Order) => string | undefined = () => undefined,
): BaseMessageOptions {
	const lines = page.orders.map((order) => {
		const fill = order.average ? ` @ ${order.average}` : order.price ? ` limit ${order.price}` : '';
		const trader = traderOf(order);
		const by = trader ? ` · <@${trader}>` : '';
		return `${deskDateTime(order.createdAt, timeZone)} **${order.side.toUpperCase()} ${formatAmount(order.amount)} ${order.symbol}** ${order.type}, ${statusWord(order.status)}${fill}${by}\n\`${order.clientOrderId ?? order.id}\``;
	});
	const pages = page.total === undefined ? undefined : Math.max(1, Math.ceil(page.total / page.limit));
	const embed = new EmbedBuilder()
		.setColor(colours.info)
		.setTitle('Orders')
		.setDescription([description, '', lines.join('\n') || 'No orders match.'].join('\n').slice(0, 4000))
		.setFooter({ text: `Page ${page.page}${pages ? ` of ${pages}` : ''} · ${countOrders(page.total)} in all` });
	const hasNext = pages === undefined ? page.orders.length === page.limit : page.page < pages;
	const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(customId(ordersCommandName, 'page', queryId, String(page.page - 1)))
			.setLabel('Previous')
			.setStyle(ButtonStyle.Secondary)
			.setDisabled(page.page <= 1),
		new ButtonBuilder()
			.setCustomId(customId(ordersCommandName, 'page', queryId, String(page.page + 1)))
			.setLabel('Next')
			.setStyle(ButtonStyle.Secondary)
			.setDisabled(!hasNext),
	);
	return { embeds: [embed], components: [buttons] };
}
