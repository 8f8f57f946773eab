import { ActionRowBuilder, type BaseMessageOptions, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { deskDateTime } from '../../desk/desk-time.js';
import type { Transfer, TransferPage } from '../../zerocap/domain-account.js';
import { customId } from '../command.js';
import { clip } from './clip.js';
import { colours, formatAmount } from './format.js';

export const transfersCommandName = 'transfers';

const directionWords = { in: 'IN', out: 'OUT' } as const;

function transferLine(transfer: Transfer, timeZone: string): string {
	const when = transfer.createdAt > 0 ? deskDateTime(transfer.createdAt, timeZone) : 'time not reported';
	const direction = transfer.direction ? directionWords[transfer.direction] : 'direction not reported';
	const sign = transfer.direction === 'in' ? '+' : transfer.direction === 'out' ? '−' : '';
	const kind = transfer.type ? clip(transfer.type, 30) : 'transfer';
	const status = transfer.status ? `, ${clip(transfer.status, 30)}` : '';
	const note = transfer.note ? `\n${clip(transfer.note, 120)}` : '';
	return `${when} **${direction} ${sign}${formatAmount(transfer.amount)} ${clip(transfer.asset, 20)}** ${kind}${status}${note}`;
}

function countTransfers(total: number | undefined): string {
	if (total === undefined) return 'an unknown number of transfers';
	return `${formatAmount(String(total))} ${total === 1 ? 'transfer' : 'transfers'}`;
}

/** /transfers: one page of settlements, deposits and withdrawals, newest first, with Previous and Next. */
export function renderTransfersPage(
	page: TransferPage,
	queryId: string,
	description: string,
	timeZone: string,
): BaseMessageOptions {
	const lines = page.items.map((transfer) => transferLine(transfer, timeZone));
	const unreadable =
		page.unreadable > 0 ? `\n\n${page.unreadable} transfer(s) on this page could not be read and are not shown.` : '';
	const pages = page.total === undefined ? undefined : Math.max(1, Math.ceil(page.total / page.limit));
	const embed = new EmbedBuilder()
		.setColor(page.unreadable > 0 ? colours.warn : colours.info)
		.setTitle('Transfers')
		.setDescription([description, '', lines.join('\n') || 'No transfers match.'].join('\n').slice(0, 3900) + unreadable)
		.setFooter({ text: `Page ${page.page}${pages ? ` of ${pages}` : ''} · ${countTransfers(page.total)} in all` });
	const received = page.items.length + page.unreadable;
	const hasNext = pages === undefined ? received === page.limit : page.page < pages;
	const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder()
			.setCustomId(customId(transfersCommandName, 'page', queryId, String(page.page - 1)))
			.setLabel('Previous')
			.setStyle(ButtonStyle.Secondary)
			.setDisabled(page.page <= 1),
		new ButtonBuilder()
			.setCustomId(customId(transfersCommandName, 'page', queryId, String(page.page + 1)))
			.setLabel('Next')
			.setStyle(ButtonStyle.Secondary)
			.setDisabled(!hasNext),
	);
	return { embeds: [embed], components: [buttons] };
}

/** The filter said back: `Since 2026-01-05 00:00:00 AEDT, asset USDT`. */
export function describeTransferFilter(filter: { since?: number; asset?: string }, timeZone: string): string {
	const parts = [
		filter.since !== undefined ? `since ${deskDateTime(filter.since, timeZone)}` : '',
		filter.asset ? `asset ${filter.asset}` : '',
	].filter((part) => part !== '');
	return parts.length > 0 ? `Filters: ${parts.join(', ')}` : 'All transfers, newest first';
}
