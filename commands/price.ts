import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { checkDecimal } from '../src/desk/order-input.js';
import { priceForSize, quoteFor } from '../src/desk/quote.js';
import { defineCommand } from '../src/discord/command.js';
import { renderQuote } from '../src/discord/render/quote.js';
import { privateNotice, refuse } from '../src/discord/replies.js';
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
	autocomplete: suggestSymbols,
	async execute(interaction, context) {
		const symbol = interaction.options.getString('symbol', true).trim().toUpperCase();
		if (!context.symbols.includes(symbol)) {
			await interaction.reply(
				privateNotice(`Unknown symbol "${symbol.slice(0, 30)}". Known: ${context.symbols.join(', ')}.`),
			);
			return;
		}
		const sizeText = interaction.options.getString('size');
		const size = sizeText === null ? undefined : checkDecimal('size', sizeText);
		if (size && !size.ok) {
			return refuse(interaction, size.error);
		}
		const quote = quoteFor(context.prices, symbol, context.limits.staleAfterMs);
		const sizeQuote =
			size && quote.kind === 'live'
				? {
						amount: size.value,
						buy: priceForSize(quote.ladder, 'buy', size.value),
						sell: priceForSize(quote.ladder, 'sell', size.value),
					}
				: undefined;
		await interaction.reply({ ...renderQuote(symbol, quote, sizeQuote), flags: MessageFlags.Ephemeral });
	},
});
