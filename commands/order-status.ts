import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { checkOrderId, clientIdSearchLimit, maxOrderIdLength } from '../src/desk/order-lookup.js';
import { defineCommand } from '../src/discord/command.js';
import { renderOrder, renderOrderNotFound } from '../src/discord/render/order.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('order-status')
		.setDescription('Look an order up, with its trades')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option
				.setName('id')
				.setDescription('Order id or client order id')
				.setRequired(true)
				.setMaxLength(maxOrderIdLength),
		),
	access: 'view',
	uses: ['orders', 'clock'],
	async execute(interaction, { orders, clock }) {
		const id = checkOrderId(interaction.options.getString('id', true));
		if (!id.ok) return id;
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const order = await orders.lookUp(id.value, interaction.user.id);
		await interaction.editReply(
			order
				? renderOrder(order, clock.timeZone, orders.traderOf(order))
				: renderOrderNotFound(id.value, clientIdSearchLimit),
		);
	},
});
