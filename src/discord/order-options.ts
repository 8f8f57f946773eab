import type { SlashCommandBuilder } from 'discord.js';

/** The options /order and /quote share, worded the same in both. */
export function withSideSymbolAmount<T extends Pick<SlashCommandBuilder, 'addStringOption'>>(builder: T): T {
	builder
		.addStringOption((option) =>
			option
				.setName('side')
				.setDescription('Buy or sell')
				.setRequired(true)
				.addChoices({ name: 'buy', value: 'buy' }, { name: 'sell', value: 'sell' }),
		)
		.addStringOption((option) =>
			option.setName('symbol').setDescription('For example USDT/AUD').setRequired(true).setAutocomplete(true),
		)
		.addStringOption((option) =>
			option
				.setName('amount')
				.setDescription('Amount of the base currency, e.g. 1000')
				.setRequired(true)
				.setMaxLength(40),
		);
	return builder;
}
