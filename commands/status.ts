import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { renderStatus } from '../src/discord/render/status.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('status')
		.setDescription('Is the desk trading, and is the broker connection healthy?')
		.setContexts(InteractionContextType.Guild),
	access: 'view',
	uses: ['health'],
	async execute(interaction, { health }) {
		await interaction.reply({ ...renderStatus(health.facts()), flags: MessageFlags.Ephemeral });
	},
});
