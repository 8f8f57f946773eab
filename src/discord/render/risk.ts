import type { Decimal } from 'decimal.js';
import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import type { RiskLine, RiskView } from '../../desk/account-views.js';
import { brokerLimitWords } from '../../desk/broker-limit-name.js';
import { deskDateTime } from '../../desk/desk-time.js';
import type { HeadroomEvent } from '../../desk/headroom-watch.js';
import { derivedNote, moneyFigure, percentText } from './account-words.js';
import { colours } from './format.js';

const unnamedCurrency = '(currency not reported)';

/** `daily_notional` → `Daily notional`; a name the desk does not know is shown as it came. */
export function limitName(name: string): string {
	const words = brokerLimitWords(name);
	return `${words[0]?.toUpperCase()}${words.slice(1)}`;
}

function headroomWords(line: RiskLine): string {
	if (line.headroomPercent === undefined) return 'headroom not reported';
	return `headroom **${percentText(line.headroomPercent)}**`;
}

function riskLine(line: RiskLine, currency: string, warnBelow: RiskWarnLevel | undefined): string {
	const low = warnBelow && line.headroomPercent?.lt(warnBelow.percent) ? ' ⚠ below the warning level' : '';
	return [
		`**${limitName(line.name)}**: ${headroomWords(line)}${low}`,
		`limit ${moneyFigure(line.limit, currency)} · used ${moneyFigure(line.used, currency)} · remaining ${moneyFigure(line.remaining, currency)}`,
	].join('\n');
}

export interface RiskWarnLevel {
	readonly percent: Decimal;
}

/** /risk: each of the broker's limits, what is used, and the headroom as a number and a percentage. */
export function renderRisk(view: RiskView, timeZone: string, warnBelow?: RiskWarnLevel): BaseMessageOptions {
	const currency = view.currency ?? unnamedCurrency;
	const lines = view.lines.map((line) => riskLine(line, currency, warnBelow));
	const derived = view.lines.some((line) => line.limit?.derived || line.used?.derived || line.remaining?.derived);
	const notes = [
		derived ? derivedNote : '',
		view.unreadable > 0 ? `${view.unreadable} limit(s) from the broker could not be read and are not shown.` : '',
		warnBelow ? `The errors route is warned when a headroom falls below ${percentText(warnBelow.percent)}.` : '',
	].filter((note) => note !== '');
	const anyLow = warnBelow && view.lines.some((line) => line.headroomPercent?.lt(warnBelow.percent));
	const embed = new EmbedBuilder()
		.setColor(anyLow ? colours.warn : colours.info)
		.setTitle('Broker risk limits')
		.setDescription([lines.join('\n\n') || 'The broker reported no limits.', ...notes].join('\n\n').slice(0, 4000))
		.setFooter({ text: `In ${currency} · broker figures as of ${deskDateTime(view.at, timeZone)}` });
	return { embeds: [embed] };
}

/** The errors route's line when a headroom falls below the warning level, or comes back. */
export function headroomAlertText(event: HeadroomEvent, timeZone: string): string {
	const currency = event.currency ?? unnamedCurrency;
	const name = limitName(event.line.name);
	const figures = `remaining ${moneyFigure(event.line.remaining, currency)} of ${moneyFigure(event.line.limit, currency)}`;
	const when = deskDateTime(event.at, timeZone);
	if (event.kind === 'low') {
		return `⚠ Broker limit **${name}**: headroom ${percentText(event.headroomPercent)}, below ${percentText(event.thresholdPercent)} (${figures}), ${when}.`;
	}
	return `✅ Broker limit **${name}** recovered: headroom ${percentText(event.headroomPercent)} (${figures}), ${when}.`;
}
