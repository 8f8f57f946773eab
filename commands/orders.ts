import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { refuse } from '../src/desk/checked.js';
import { parseDeskSince } from '../src/desk/desk-date.js';
import { deskDateTime } from '../src/desk/desk-time.js';
import type { OrderBook } from '../src/desk/order-book.js';
import { defineCommand } from '../src/discord/command.js';
import { statusWord } from '../src/discord/render/order.js';
import { ordersCommandName, renderOrdersPage } from '../src/discord/render/orders-page.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';
import type { OrderStatus, OrderType, Side } from '../src/zerocap/domain.js';
import type { OrderFilter } from '../src/zerocap/rest-client.js';

const statuses: readonly OrderStatus[] = ['open', 'closed', 'rejected', 'canceled'];
const sides: readonly Side[] = ['buy', 'sell'];
const types: readonly OrderType[] = ['market', 'limit'];

/** An option limited to choices, checked again here: the bot does not trust what arrives. */
function choice<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
	return allowed.find((candidate) => candidate === value);
}

function describeFilter(filter: OrderFilter, timeZone: string): string {
	const parts = [
		filter.symbol && `symbol ${filter.symbol}`,
		filter.status && `status ${statusWord(filter.status)}`,
		filter.side && `side ${filter.side}`,
		filter.type && `type ${filter.type}`,
		filter.since !== undefined && `since ${deskDateTime(filter.since, timeZone)}`,
	].filter((part) => typeof part === 'string');
	return parts.length > 0 ? `Filters: ${parts.join(', ')}` : 'All orders, newest first';
}

interface PageRequest {
	readonly filter: OrderFilter;
	readonly queryId: string;
	readonly page: number;
	readonly person: string;
	readonly timeZone: string;
}

async function showPage(orders: OrderBook, { filter, queryId, page, person, timeZone }: PageRequest) {
	const result = await orders.page(filter, page, person);
	return renderOrdersPage(result, queryId, describeFilter(filter, timeZone), timeZone, (order) =>
		orders.traderOf(order),
	);
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
			option
				.setName('since')
				.setDescription('For example 24h, 7d or 2026-01-05 (the desk’s time zone)')
				.setMaxLength(30),
		),
	access: 'view',
	uses: ['orders', 'market', 'clock'],
	autocomplete: suggestSymbols,
	async execute(interaction, { orders, market, clock }) {
		const symbolText = interaction.options.getString('symbol');
		const symbol = symbolText === null ? undefined : market.checkSymbol(symbolText);
		if (symbol && !symbol.ok) return symbol;
		const sinceText = interaction.options.getString('since');
		const since = sinceText === null ? undefined : parseDeskSince(sinceText, clock.now(), clock.timeZone);
		if (since && !since.ok) return since;
		const status = choice(interaction.options.getString('status'), statuses);
		const side = choice(interaction.options.getString('side'), sides);
		const type = choice(interaction.options.getString('type'), types);
		const filter: OrderFilter = {
			...(symbol ? { symbol: symbol.value } : {}),
			...(status ? { status } : {}),
			...(side ? { side } : {}),
			...(type ? { type } : {}),
			...(since ? { since: since.value } : {}),
		};
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const queryId = orders.openQuery(interaction.user.id, filter);
		await interaction.editReply(
			await showPage(orders, { filter, queryId, page: 1, person: interaction.user.id, timeZone: clock.timeZone }),
		);
	},
	components: {
		page: {
			access: 'view',
			async handle(interaction, [queryId = '', pageText = '1'], { orders, clock }) {
				const query = orders.query(queryId, interaction.user.id);
				if (!query.ok) return query;
				const page = Number(pageText);
				if (!Number.isSafeInteger(page) || page < 1) return refuse('That page does not exist.');
				await interaction.deferUpdate();
				await interaction.editReply(
					await showPage(orders, {
						filter: query.value,
						queryId,
						page,
						person: interaction.user.id,
						timeZone: clock.timeZone,
					}),
				);
			},
		},
	},
});
