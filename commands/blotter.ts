import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { refuse } from '../src/desk/checked.js';
import { deskDayOf, parseDeskDate } from '../src/desk/desk-date.js';
import { defineCommand } from '../src/discord/command.js';
import { renderBlotter } from '../src/discord/render/blotter.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('blotter')
		.setDescription('A day’s fills of the desk’s orders per trader and symbol, with a CSV of every fill')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option
				.setName('date')
				.setDescription('today (the default), yesterday or 2026-01-05, in the desk’s time zone')
				.setMaxLength(30),
		)
		.addUserOption((option) =>
			option.setName('trader').setDescription('Only this trader (admins; everyone else sees only their own)'),
		)
		.addStringOption((option) =>
			option.setName('symbol').setDescription('Only this symbol, for example BTC/AUD').setAutocomplete(true),
		),
	access: 'view',
	uses: ['blotter', 'market', 'caller', 'clock'],
	autocomplete: suggestSymbols,
	async execute(interaction, { blotter, market, caller, clock }) {
		const dateText = interaction.options.getString('date');
		const day =
			dateText === null
				? { ok: true as const, value: deskDayOf(clock.now(), clock.timeZone) }
				: parseDeskDate(dateText, clock.now(), clock.timeZone);
		if (!day.ok) return day;
		const named = interaction.options.getUser('trader');
		const admin = caller.may('admin');
		if (named && named.id !== interaction.user.id && !admin) {
			return refuse('Only an admin can see another trader’s blotter; yours is /blotter without a trader.');
		}
		// Without admin, only your own fills; an admin sees everyone's unless they name one trader.
		const trader = named?.id ?? (admin ? undefined : interaction.user.id);
		const symbolText = interaction.options.getString('symbol');
		const symbol = symbolText === null ? undefined : market.checkSymbol(symbolText);
		if (symbol && !symbol.ok) return symbol;
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const report = await blotter.report(
			{
				day: day.value,
				...(trader === undefined ? {} : { trader }),
				...(symbol ? { symbol: symbol.value } : {}),
			},
			{ kind: 'read', person: interaction.user.id },
		);
		await interaction.editReply(renderBlotter(report));
	},
});
