import {
	ChannelType,
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
} from 'discord.js';
import { alertKindOf, alertKinds, alertModeOf, alertModes } from '../src/desk/alert-routes.js';
import { refuse } from '../src/desk/checked.js';
import { defineCommand } from '../src/discord/command.js';
import { postToRoute } from '../src/discord/post-to-route.js';
import { renderRoutes, renderSampleAlert } from '../src/discord/render/alert-route.js';
import { colours } from '../src/discord/render/format.js';
import { privateNotice } from '../src/discord/replies.js';

const kindChoices = alertKinds.map((kind) => ({ name: kind, value: kind }));

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('alerts')
		.setDescription('Where order, fill, error, price and approval alerts go')
		.setContexts(InteractionContextType.Guild)
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.addSubcommand((sub) =>
			sub
				.setName('set')
				.setDescription('Send one kind of alert to a channel')
				.addStringOption((option) =>
					option
						.setName('kind')
						.setDescription('Which alerts')
						.setRequired(true)
						.addChoices(...kindChoices),
				)
				.addChannelOption((option) =>
					option
						.setName('channel')
						.setDescription('Where they go')
						.setRequired(true)
						.addChannelTypes(ChannelType.GuildText),
				)
				.addStringOption((option) =>
					option
						.setName('mode')
						.setDescription('on, silent (no notification) or off')
						.setRequired(true)
						.addChoices(...alertModes.map((mode) => ({ name: mode, value: mode }))),
				),
		)
		.addSubcommand((sub) => sub.setName('list').setDescription('Every route and its mode'))
		.addSubcommand((sub) =>
			sub
				.setName('test')
				.setDescription('Post a sample to a route')
				.addStringOption((option) =>
					option
						.setName('kind')
						.setDescription('Which route')
						.setRequired(true)
						.addChoices(...kindChoices),
				),
		),
	access: 'admin',
	uses: ['controls', 'clock'],
	async execute(interaction, { controls, clock }) {
		const subcommand = interaction.options.getSubcommand(true);
		if (subcommand === 'list') {
			await interaction.reply({
				...renderRoutes(controls.routes.list(), clock.timeZone),
				flags: MessageFlags.Ephemeral,
			});
			return;
		}
		const kind = alertKindOf(interaction.options.getString('kind', true));
		if (!kind) {
			return refuse(`The kind must be one of ${alertKinds.join(', ')}.`);
		}
		if (subcommand === 'set') {
			const channel = interaction.options.getChannel('channel', true, [ChannelType.GuildText]);
			const mode = alertModeOf(interaction.options.getString('mode', true));
			if (!mode) {
				return refuse(`The mode must be one of ${alertModes.join(', ')}.`);
			}
			controls.routes.set({
				kind,
				channelId: channel.id,
				mode,
				changedBy: interaction.user.id,
				changedAt: clock.now(),
			});
			await interaction.reply(privateNotice(`${kind} alerts now go to <#${channel.id}> (${mode}).`, colours.good));
			return;
		}
		const route = controls.routes.get(kind);
		if (!route) {
			return refuse(`The ${kind} route is not set. Use /alerts set first.`);
		}
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const post = await postToRoute(interaction.client, route, renderSampleAlert(kind, interaction.user.username));
		if (!post.posted) return refuse(`Nothing was posted: ${post.reason}.`);
		await interaction.editReply(`Sample posted in <#${route.channelId}> (${route.mode}).`);
	},
});
