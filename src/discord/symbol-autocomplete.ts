import type { AutocompleteInteraction } from 'discord.js';
import type { Market } from '../desk/market.js';

/** Suggests the desk's symbols that contain what was typed so far. */
export async function suggestSymbols(
	interaction: AutocompleteInteraction<'cached'>,
	{ market }: { readonly market: Market },
): Promise<void> {
	const typed = interaction.options.getFocused().trim().toUpperCase();
	const matches = market.symbols.filter((symbol) => symbol.includes(typed)).slice(0, 25);
	await interaction.respond(matches.map((symbol) => ({ name: symbol, value: symbol })));
}
