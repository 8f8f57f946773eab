import { Decimal } from 'decimal.js';
import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import type { BalanceLine, BalancesView } from '../../desk/account-views.js';
import { deskDateTime } from '../../desk/desk-time.js';
import { derivedNote, figureText, formatMoney, priceText } from './account-words.js';
import { colours } from './format.js';

function valueWords(line: BalanceLine, currency: string): string {
	switch (line.value.kind) {
		case 'valued': {
			const via = line.value.via.length > 0 ? `, ${line.value.via.join(' × ')} mid` : '';
			const rate = line.value.via.length > 0 ? ` at ${priceText(line.value.rate, currency)}${via}` : '';
			return `≈ ${formatMoney(line.value.value, currency)}${rate}`;
		}
		case 'nothing-held':
			return formatMoney(new Decimal(0), currency);
		case 'unpriced':
			return `**not in the total**: ${line.value.reason}`;
	}
}

function balanceLine(line: BalanceLine, currency: string): string {
	return `**${line.asset}** total ${figureText(line.total)} · available ${figureText(line.available)} · held ${figureText(line.held)}\n${valueWords(line, currency)}`;
}

/** The total, said to be partial when any asset could not be priced, naming which. */
export function balancesTotalWords(view: BalancesView): string {
	const total = formatMoney(view.total, view.currency);
	if (view.leftOut.length === 0) return `${total}`;
	return `${total}, **partial**: ${view.leftOut.join(', ')} left out (no live price)`;
}

/** /balances: each asset's total, available and held, its value in the desk's currency, and the total. */
export function renderBalances(view: BalancesView, timeZone: string): EmbedBuilder {
	const lines = view.lines.map((line) => balanceLine(line, view.currency));
	const notes = [
		view.lines.some((line) => line.total?.derived || line.available?.derived || line.held?.derived) ? derivedNote : '',
		view.unreadable > 0
			? `${view.unreadable} balance${view.unreadable === 1 ? '' : 's'} from the broker could not be read and ${view.unreadable === 1 ? 'is' : 'are'} not shown.`
			: '',
	].filter((note) => note !== '');
	return new EmbedBuilder()
		.setColor(view.leftOut.length > 0 || view.unreadable > 0 ? colours.warn : colours.info)
		.setTitle('Balances')
		.setDescription([lines.join('\n') || 'The broker reported no balances.', ...notes].join('\n\n').slice(0, 4000))
		.addFields({ name: `Total in ${view.currency}`, value: balancesTotalWords(view).slice(0, 1024) })
		.setFooter({ text: `Broker figures as of ${deskDateTime(view.at, timeZone)}; values at the live mid` });
}

export function renderBalancesMessage(view: BalancesView, timeZone: string): BaseMessageOptions {
	return { embeds: [renderBalances(view, timeZone)] };
}
