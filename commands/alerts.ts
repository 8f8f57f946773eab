import {
	ChannelType,
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
} from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { postToRoute } from '../src/discord/post-to-route.js';
import { renderRoutes, renderSampleAlert } from '../src/discord/render/alert-route.js';
import { colours } from '../src/discord/render/format.js';
import { privateNotice, refuse } from '../src/discord/replies.js';
import { type AlertKind, alertKinds, alertModes } from '../src/store/alert-routes.js';

const kindChoices = alertKinds.map((kind) => ({ name: kind, value: kind }));

function kindOf(value: string): AlertKind | undefined {
	return alertKinds.find((kind) => kind === value);
}

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('alerts')
		.setDescription('Where order, fill, error and price alerts go')
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
	async execute(interaction, context) {
		const subcommand = interaction.options.getSubcommand(true);
		if (subcommand === 'list') {
			await interaction.reply({ ...renderRoutes(context.routes.list()), flags: MessageFlags.Ephemeral });
			return;
		}
		const kind = kindOf(interaction.options.getString('kind', true));
		if (!kind) {
			return refuse(interaction, `The kind must be one of ${alertKinds.join(', ')}.`);
		}
		if (subcommand === 'set') {
			const channel = interaction.options.getChannel('channel', true, [ChannelType.GuildText]);
			const mode = alertModes.find((candidate) => candidate === interaction.options.getString('mode', true));
			if (!mode) {
				return refuse(interaction, `The mode must be one of ${alertModes.join(', ')}.`);
			}
			context.routes.set({
				kind,
				channelId: channel.id,
				mode,
				changedBy: interaction.user.id,
				changedAt: context.now(),
			});
			await interaction.reply(privateNotice(`${kind} alerts now go to <#${channel.id}> (${mode}).`, colours.good));
			return;
		}
		const route = context.routes.get(kind);
		if (!route) {
			return refuse(interaction, `The ${kind} route is not set. Use /alerts set first.`);
		}
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const post = await postToRoute(interaction.client, route, renderSampleAlert(kind, interaction.user.username));
		await interaction.editReply(
			post.posted ? `Sample posted in <#${route.channelId}> (${route.mode}).` : `Nothing was posted: ${post.reason}.`,
		);
	},
});
