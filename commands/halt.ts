import { EmbedBuilder, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { postToRoute } from '../src/discord/post-to-route.js';
import { colours } from '../src/discord/render/format.js';
import { privateNotice } from '../src/discord/replies.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('halt')
		.setDescription('Stop all new orders at once, until /resume')
		.setContexts(InteractionContextType.Guild)
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.addStringOption((option) =>
			option.setName('reason').setDescription('Why, for the desk and the audit trail').setMaxLength(300),
		),
	access: 'admin',
	uses: ['controls'],
	async execute(interaction, { controls }) {
		const reason = interaction.options.getString('reason')?.trim() || undefined;
		controls.halt(interaction.user.id, reason);
		const embed = new EmbedBuilder()
			.setColor(colours.bad)
			.setTitle('Trading halted')
			.setDescription(
				`No new order can be placed or confirmed until an admin runs /resume.${reason ? `\nReason: ${reason}` : ''}`,
			)
			.setFooter({ text: `Halted by ${interaction.user.username}` });
		await interaction.reply({ embeds: [embed] });
		const route = controls.routes.get('errors');
		if (!route) return;
		const post = await postToRoute(interaction.client, route, { embeds: [embed] });
		if (!post.posted && route.mode !== 'off') {
			controls.announcementFailed(post.reason);
			await interaction.followUp(
				privateNotice(
					`The halt is in force, but it could not be announced on the errors route: ${post.reason}.`,
					colours.warn,
				),
			);
		}
	},
});
