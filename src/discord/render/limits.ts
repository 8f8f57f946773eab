import type { Decimal } from 'decimal.js';
import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import type { LimitsReport } from '../../desk/desk-limits.js';
import { formatMoney, groupDigits } from '../../desk/money.js';
import type { StoredLimits } from '../../desk/trader-limits.js';
import { colours } from './format.js';

const sourceWords = { trader: 'set for them', role: 'set for a role of theirs', desk: 'the desk’s setting' } as const;

/** /limits show: each limit, where it comes from, and what is used of it today. */
export function renderLimits(userId: string, report: LimitsReport): BaseMessageOptions {
	const { limits, usage, currency } = report;
	const money = (value: Parameters<typeof formatMoney>[0]) => formatMoney(value, currency);
	const positions = [...usage.positions.entries()]
		.filter(([, units]) => !units.isZero())
		.map(([asset, units]) => `${asset} ${units.gt(0) ? '+' : ''}${groupDigits(units.toFixed())}`);
	const working = [...usage.workingUnits.entries()].flatMap(([asset, units]) => [
		...(units.buy.isZero() ? [] : [`buying ${groupDigits(units.buy.toFixed())} ${asset}`]),
		...(units.sell.isZero() ? [] : [`selling ${groupDigits(units.sell.toFixed())} ${asset}`]),
	]);
	// What is still working may not fill, but it counts as if it will: the figure says so rather than call it traded.
	const used = (total: Decimal, workingValue: Decimal) =>
		workingValue.isZero()
			? `${money(total)} traded`
			: `${money(total)} traded or working (${money(workingValue)} still working)`;
	const embed = new EmbedBuilder()
		.setColor(colours.info)
		.setTitle('Trading limits')
		.setDescription(`For <@${userId}>, in ${currency}. The day runs from midnight in the desk’s time zone.`)
		.addFields(
			{
				name: 'Per order',
				value: `${money(limits.maxOrderValue)} at worst (${sourceWords[limits.sources.maxOrderValue]})`,
			},
			{
				name: 'Today',
				value: `${used(usage.traded, usage.working)} of ${money(limits.dailyValue)} (${sourceWords[limits.sources.dailyValue]})`,
			},
			{
				name: 'Net position per asset',
				value: `${limits.maxPosition ? money(limits.maxPosition) : 'no limit'} (${sourceWords[limits.sources.maxPosition]}); today ${positions.join(', ') || 'flat'}${working.length > 0 ? `; working: ${working.join(', ')}` : ''}`,
			},
			{
				name: 'Symbols',
				value: `${limits.symbols ? limits.symbols.join(', ') || 'none' : 'all the desk’s'} (${sourceWords[limits.sources.symbols]})`,
			},
			{
				name: 'The whole desk today',
				value: `${used(usage.deskTraded, usage.deskWorking)} of ${money(report.deskDailyValue)}`,
			},
		);
	return { embeds: [embed] };
}

/** What /limits set changed, said back to the admin. */
export function renderLimitsSet(limits: StoredLimits, currency: string): BaseMessageOptions {
	const who = limits.subject.kind === 'user' ? `<@${limits.subject.id}>` : `<@&${limits.subject.id}>`;
	const money = (value: Parameters<typeof formatMoney>[0] | undefined) =>
		value ? formatMoney(value, currency) : 'the default';
	const lines = [
		`Per order: ${money(limits.maxOrderValue)}`,
		`Daily: ${money(limits.dailyValue)}`,
		`Net position per asset: ${money(limits.maxPosition)}`,
		`Symbols: ${limits.symbols ? limits.symbols.join(', ') || 'none' : 'all the desk’s'}`,
	];
	const embed = new EmbedBuilder()
		.setColor(colours.good)
		.setTitle('Limits set')
		.setDescription(`For ${who}, from their next ticket:\n${lines.join('\n')}`);
	return { embeds: [embed] };
}
