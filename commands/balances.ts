import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { renderBalancesMessage } from '../src/discord/render/balances.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('balances')
		.setDescription('The account’s balances at the broker, each valued in the desk currency at the live price')
		.setContexts(InteractionContextType.Guild),
	access: 'view',
	uses: ['account', 'clock'],
	async execute(interaction, { account, clock }) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const view = await account.balances({ kind: 'read', person: interaction.user.id });
		await interaction.editReply(renderBalancesMessage(view, clock.timeZone));
	},
});
