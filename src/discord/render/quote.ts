import type { Decimal } from 'decimal.js';
import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import { noQuoteSentence, type Quote } from '../../desk/quote.js';
import type { LadderTier } from '../../zerocap/domain.js';
import { colours, formatAge, formatAmount } from './format.js';

export interface SizeQuote {
	readonly amount: Decimal;
	readonly buy: Decimal | undefined;
	readonly sell: Decimal | undefined;
}

function tierLines(tiers: readonly LadderTier[]): string {
	return tiers.map((tier) => `up to ${formatAmount(tier.quantity)}: **${formatAmount(tier.price)}**`).join('\n') || '—';
}

/** /price: the live ladder, or a plain statement that there is no current price. */
export function renderQuote(symbol: string, quote: Quote, size?: SizeQuote): BaseMessageOptions {
	if (quote.kind !== 'live') {
		const description = noQuoteSentence(symbol, quote, formatAge);
		return {
			embeds: [
				new EmbedBuilder().setColor(colours.warn).setTitle(`${symbol}: no current price`).setDescription(description),
			],
		};
	}
	const embed = new EmbedBuilder()
		.setColor(colours.info)
		.setTitle(`${symbol} price ladder`)
		.addFields(
			{ name: 'Buy (you pay)', value: tierLines(quote.ladder.buyTiers), inline: true },
			{ name: 'Sell (you receive)', value: tierLines(quote.ladder.sellTiers), inline: true },
			{ name: 'Mid', value: formatAmount(quote.mid), inline: false },
			{ name: 'Spread', value: `${quote.spread.toFixed()} (${quote.spreadBps.toFixed(1)} bps)`, inline: true },
		)
		.setFooter({ text: `Indicative dealer prices, updated ${formatAge(quote.ageMs)}` })
		.setTimestamp(quote.ladder.timestamp);
	if (size) {
		const side = (label: string, price: Decimal | undefined) =>
			price ? `${label} **${price.toFixed()}**` : `${label}: larger than the largest tier`;
		embed.addFields({
			name: `For ${formatAmount(size.amount)}`,
			value: `${side('buy', size.buy)} · ${side('sell', size.sell)}`,
			inline: false,
		});
	}
	return { embeds: [embed] };
}
