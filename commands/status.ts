import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { renderStatus, statusFacts } from '../src/discord/render/status.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('status')
		.setDescription('Is the desk trading, and is the broker connection healthy?')
		.setContexts(InteractionContextType.Guild),
	access: 'view',
	async execute(interaction, context) {
		await interaction.reply({ ...renderStatus(statusFacts(context, context.prices)), flags: MessageFlags.Ephemeral });
	},
});
