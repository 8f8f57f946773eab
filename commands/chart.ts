import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { renderChart } from '../src/discord/render/chart.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('chart')
		.setDescription('A picture of the prices over a window, with the fills marked on them')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option.setName('symbol').setDescription('For example BTC/AUD').setRequired(true).setAutocomplete(true),
		)
		.addStringOption((option) =>
			option.setName('window').setDescription('From 1h to 30d, e.g. 90m, 4h or 7d (default 4h)').setMaxLength(20),
		)
		.addStringOption((option) =>
			option
				.setName('size')
				.setDescription('Draw the buy and sell price for this amount as a band (default the smallest quoted)')
				.setMaxLength(40),
		),
	access: 'view',
	uses: ['charts', 'market', 'caller'],
	autocomplete: suggestSymbols,
	async execute(interaction, { charts, caller }) {
		// Reading the fills and drawing take longer than Discord waits for a first answer.
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		// The desk's fills are an admin's to see; anyone else's chart marks their own.
		const whose = caller.may('admin') ? 'desk' : 'yours';
		const chart = await charts.chart({
			symbol: interaction.options.getString('symbol', true),
			window: interaction.options.getString('window') ?? undefined,
			size: interaction.options.getString('size') ?? undefined,
			trader: whose === 'desk' ? undefined : interaction.user.id,
			person: interaction.user.id,
		});
		if (!chart.ok) return chart;
		await interaction.editReply(renderChart(chart.value, whose));
		return undefined;
	},
});
