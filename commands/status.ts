import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { renderStatus } from '../src/discord/render/status.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('status')
		.setDescription('Is the desk trading, and is the broker connection healthy?')
		.setContexts(InteractionContextType.Guild),
	access: 'view',
	uses: ['health', 'clock'],
	async execute(interaction, { health, clock }) {
		await interaction.reply({ ...renderStatus(health.facts(), clock.timeZone), flags: MessageFlags.Ephemeral });
	},
});
