import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { checkDecimal } from '../src/desk/order-input.js';
import { priceForSize } from '../src/desk/quote.js';
import { defineCommand } from '../src/discord/command.js';
import { renderQuote } from '../src/discord/render/quote.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('price')
		.setDescription('Live dealer prices for a symbol')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option.setName('symbol').setDescription('For example USDT/AUD').setRequired(true).setAutocomplete(true),
		)
		.addStringOption((option) => option.setName('size').setDescription('Also show the price for this amount')),
	access: 'view',
	uses: ['market'],
	autocomplete: suggestSymbols,
	async execute(interaction, { market }) {
		const symbol = market.checkSymbol(interaction.options.getString('symbol', true));
		if (!symbol.ok) return symbol;
		const sizeText = interaction.options.getString('size');
		const size = sizeText === null ? undefined : checkDecimal('size', sizeText);
		if (size && !size.ok) return size;
		const quote = market.quote(symbol.value);
		const sizeQuote =
			size && quote.kind === 'live'
				? {
						amount: size.value,
						buy: priceForSize(quote.ladder, 'buy', size.value),
						sell: priceForSize(quote.ladder, 'sell', size.value),
					}
				: undefined;
		await interaction.reply({ ...renderQuote(symbol.value, quote, sizeQuote), flags: MessageFlags.Ephemeral });
	},
});
