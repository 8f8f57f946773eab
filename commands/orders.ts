import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { parseSince } from '../src/desk/since.js';
import { type DeskContext, defineCommand } from '../src/discord/command.js';
import { discordTime } from '../src/discord/render/format.js';
import { ordersCommandName, renderOrdersPage } from '../src/discord/render/orders-page.js';
import { privateNotice, refuse } from '../src/discord/replies.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';
import type { OrderStatus, OrderType, Side } from '../src/zerocap/domain.js';
import type { OrderFilter } from '../src/zerocap/rest-client.js';

const pageSize = 10;
const statuses: readonly OrderStatus[] = ['open', 'closed', 'rejected', 'canceled'];
const sides: readonly Side[] = ['buy', 'sell'];
const types: readonly OrderType[] = ['market', 'limit'];

/** An option limited to choices, checked again here: the bot does not trust what arrives. */
function choice<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
	return allowed.find((candidate) => candidate === value);
}

function describeFilter(filter: OrderFilter): string {
	const parts = [
		filter.symbol && `symbol ${filter.symbol}`,
		filter.status && `status ${filter.status}`,
		filter.side && `side ${filter.side}`,
		filter.type && `type ${filter.type}`,
		filter.since !== undefined && `since ${discordTime(filter.since)}`,
	].filter((part) => typeof part === 'string');
	return parts.length > 0 ? `Filters: ${parts.join(', ')}` : 'All orders, newest first';
}

async function showPage(context: DeskContext, filter: OrderFilter, queryId: string, page: number) {
	const result = await context.broker.fetchOrders({ ...filter, sort: 'desc' }, page, pageSize);
	return renderOrdersPage(result, queryId, describeFilter(filter));
}

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName(ordersCommandName)
		.setDescription('Recent orders, a page at a time')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) => option.setName('symbol').setDescription('Only this symbol').setAutocomplete(true))
		.addStringOption((option) =>
			option
				.setName('status')
				.setDescription('Only orders in this state')
				.addChoices(
					{ name: 'open', value: 'open' },
					{ name: 'filled', value: 'closed' },
					{ name: 'rejected', value: 'rejected' },
					{ name: 'canceled', value: 'canceled' },
				),
		)
		.addStringOption((option) =>
			option
				.setName('side')
				.setDescription('Only buys or sells')
				.addChoices({ name: 'buy', value: 'buy' }, { name: 'sell', value: 'sell' }),
		)
		.addStringOption((option) =>
			option
				.setName('type')
				.setDescription('Only market or limit orders')
				.addChoices({ name: 'market', value: 'market' }, { name: 'limit', value: 'limit' }),
		)
		.addStringOption((option) =>
			option.setName('since').setDescription('For example 24h, 7d or 2026-01-05').setMaxLength(30),
		),
	access: 'view',
	autocomplete: suggestSymbols,
	async execute(interaction, context) {
		const symbol = interaction.options.getString('symbol')?.trim().toUpperCase();
		if (symbol !== undefined && !context.symbols.includes(symbol)) {
			await interaction.reply(
				privateNotice(`Unknown symbol "${symbol.slice(0, 30)}". Known: ${context.symbols.join(', ')}.`),
			);
			return;
		}
		const sinceText = interaction.options.getString('since');
		const since = sinceText === null ? undefined : parseSince(sinceText, context.now());
		if (since && !since.ok) {
			return refuse(interaction, since.error);
		}
		const status = choice(interaction.options.getString('status'), statuses);
		const side = choice(interaction.options.getString('side'), sides);
		const type = choice(interaction.options.getString('type'), types);
		const filter: OrderFilter = {
			...(symbol ? { symbol } : {}),
			...(status ? { status } : {}),
			...(side ? { side } : {}),
			...(type ? { type } : {}),
			...(since?.ok ? { since: since.value } : {}),
		};
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const queryId = context.orderQueries.open(interaction.user.id, filter);
		await interaction.editReply(await showPage(context, filter, queryId, 1));
	},
	components: {
		page: {
			access: 'view',
			async handle(interaction, [queryId = '', pageText = '1'], context) {
				const query = context.orderQueries.get(queryId, interaction.user.id);
				const page = Number(pageText);
				if (!query.ok || !Number.isSafeInteger(page) || page < 1) {
					return refuse(interaction, query.ok ? 'That page does not exist.' : query.reason);
				}
				await interaction.deferUpdate();
				await interaction.editReply(await showPage(context, query.filter, queryId, page));
			},
		},
	},
});
