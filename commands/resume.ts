import { EmbedBuilder, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { colours } from '../src/discord/render/format.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('resume')
		.setDescription('Lift a halt: orders can be placed again')
		.setContexts(InteractionContextType.Guild)
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
	access: 'admin',
	uses: ['controls'],
	async execute(interaction, { controls }) {
		const resumed = controls.resume(interaction.user.id);
		if (!resumed.ok) return resumed;
		const embed = new EmbedBuilder()
			.setColor(colours.good)
			.setTitle('Trading resumed')
			.setDescription(
				'Orders can be placed again. Tickets opened before the halt must be opened again if they expired.',
			)
			.setFooter({ text: `Resumed by ${interaction.user.username}` });
		await interaction.reply({ embeds: [embed] });
	},
});
