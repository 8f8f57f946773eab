import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { renderRisk } from '../src/discord/render/risk.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('risk')
		.setDescription('The broker’s risk limits: what is used and the headroom left')
		.setContexts(InteractionContextType.Guild),
	access: 'view',
	uses: ['account', 'headroom', 'clock'],
	async execute(interaction, { account, headroom, clock }) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const view = await account.risk({ kind: 'read', person: interaction.user.id });
		await interaction.editReply(renderRisk(view, clock.timeZone, { percent: headroom.warnBelowPercent }));
	},
});
