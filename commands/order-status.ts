import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { clientIdSearchLimit, lookUpOrder } from '../src/desk/order-lookup.js';
import { defineCommand } from '../src/discord/command.js';
import { renderOrder, renderOrderNotFound } from '../src/discord/render/order.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('order-status')
		.setDescription('Look an order up, with its trades')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option.setName('id').setDescription('Order id or client order id').setRequired(true).setMaxLength(128),
		),
	access: 'view',
	async execute(interaction, context) {
		const id = interaction.options.getString('id', true).trim();
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const order = await lookUpOrder(context.broker, id);
		await interaction.editReply(order ? renderOrder(order) : renderOrderNotFound(id, clientIdSearchLimit));
	},
});
