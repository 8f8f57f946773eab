import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import { deskClock, deskDateTime } from '../desk/desk-time.js';
import type { Quote } from '../desk/quote.js';
import { colours, discordRelative, formatAmount } from '../discord/render/format.js';

/** The live price board: one field per desk symbol, best prices only; `/price` shows the full ladder. */

export interface BoardLine {
	readonly symbol: string;
	readonly quote: Quote;
}

function lineText(quote: Quote, now: number, timeZone: string): string {
	switch (quote.kind) {
		case 'live': {
			const best = (tier: { readonly price: string } | undefined) => (tier ? formatAmount(tier.price) : '—');
			const buy = best(quote.ladder.buyTiers[0]);
			const sell = best(quote.ladder.sellTiers[0]);
			const at = deskClock(now - quote.ageMs, timeZone);
			return `buy **${buy}** · sell **${sell}**\nmid ${formatAmount(quote.mid)} · ${quote.spreadBps.toFixed(1)} bps · ${at}`;
		}
		case 'stale':
			return `no current price (the last arrived ${discordRelative(now - quote.ageMs)})`;
		case 'unavailable':
			return 'no current price: the broker’s price stream is unavailable';
		case 'not-quoted':
			return 'not quoted by the broker';
		case 'none':
			return 'no price yet';
	}
}

/** Ages are absolute times, so an unchanged board renders the same and is not edited. */
export function renderPriceBoard(lines: readonly BoardLine[], now: number, timeZone: string): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(lines.every((line) => line.quote.kind === 'live') ? colours.info : colours.warn)
		.setTitle('Live prices')
		.setDescription('Best dealer prices for the desk’s symbols, kept up to date here. `/price` shows a full ladder.')
		.addFields(lines.map((line) => ({ name: line.symbol, value: lineText(line.quote, now, timeZone), inline: true })));
	return { embeds: [embed], allowedMentions: { parse: [] } };
}

/** What a board says once it no longer updates, so that nobody reads its prices as current. */
export function renderRetiredBoard(reason: string, now: number, timeZone: string): BaseMessageOptions {
	const embed = new EmbedBuilder()
		.setColor(colours.neutral)
		.setTitle('Live prices: not updating')
		.setDescription(`${reason} (${deskDateTime(now, timeZone)}). Prices are no longer shown here.`);
	return { embeds: [embed], allowedMentions: { parse: [] } };
}
