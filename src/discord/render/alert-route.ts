import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import { type AlertKind, type AlertRoute, alertKinds } from '../../desk/alert-routes.js';
import { deskDateTime } from '../../desk/desk-time.js';
import { colours } from './format.js';

const kindWords: Record<AlertKind, string> = {
	orders: 'order status changes',
	fills: 'fills',
	errors: 'errors, connectivity and halts',
	prices: 'the periodic price board',
	approvals: 'requests to approve large orders',
	reports: 'the end-of-day report',
};

/** /alerts list: every kind, where it goes and how loudly. */
export function renderRoutes(routes: readonly AlertRoute[], timeZone: string): BaseMessageOptions {
	const lines = alertKinds.map((kind) => {
		const route = routes.find((candidate) => candidate.kind === kind);
		if (!route) return `**${kind}** (${kindWords[kind]}): not set`;
		return `**${kind}** (${kindWords[kind]}): <#${route.channelId}>, ${route.mode}, set ${deskDateTime(route.changedAt, timeZone)}`;
	});
	return {
		embeds: [new EmbedBuilder().setColor(colours.info).setTitle('Alert routes').setDescription(lines.join('\n'))],
	};
}

/** What /alerts test posts: a message that says plainly it is a test. */
export function renderSampleAlert(kind: AlertKind, requestedBy: string): BaseMessageOptions {
	return {
		embeds: [
			new EmbedBuilder()
				.setColor(colours.neutral)
				.setTitle(`Test: ${kind} alerts come here`)
				.setDescription(
					`This channel receives ${kindWords[kind]}. This message is only a test, asked for by ${requestedBy}.`,
				),
		],
	};
}
