import { type BaseMessageOptions, EmbedBuilder } from 'discord.js';
import { alertKinds } from '../../desk/alert-routes.js';
import { deskDateTime } from '../../desk/desk-time.js';
import type { AlertLaneHealth, StatusFacts } from '../../desk/health.js';
import { colours, formatAge } from './format.js';

function laneHealth(lane: AlertLaneHealth): string {
	const reason = (lane.lastError ?? 'unknown').slice(0, 200);
	const state = lane.unreachable
		? `, **cannot post there** (${reason}; ${lane.waiting} waiting)`
		: lane.failing
			? `, **failing** (${reason}; ${lane.waiting} waiting)`
			: lane.waiting > 0
				? `, ${lane.waiting} waiting`
				: ', healthy';
	return lane.setAside > 0 ? `${state}; ${lane.setAside} set aside (Discord could not show them)` : state;
}

function routeLines(facts: StatusFacts): string {
	return alertKinds
		.map((kind) => {
			const route = facts.routes.find((candidate) => candidate.kind === kind);
			if (!route) return `${kind}: not set`;
			const lane = kind === 'fills' || kind === 'orders' ? facts.alerts?.[kind] : undefined;
			return `${kind}: <#${route.channelId}> ${route.mode}${lane ? laneHealth(lane) : ''}`;
		})
		.join('\n');
}

function uptime(ms: number): string {
	const minutes = Math.floor(ms / 60_000);
	return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** /status: whether the desk trades, and the health of what it depends on. */
export function renderStatus(facts: StatusFacts, timeZone: string): BaseMessageOptions {
	const { halt } = facts;
	const trading = halt.halted
		? [
				'**Halted**',
				halt.changedBy ? ` by <@${halt.changedBy}>` : '',
				halt.changedAt ? ` since ${deskDateTime(halt.changedAt, timeZone)}` : '',
				halt.reason ? `: ${halt.reason.slice(0, 300)}` : '',
			].join('')
		: 'Open';
	const prices = facts.prices
		.map(({ symbol, ageMs, available, notQuoted }) => {
			if (notQuoted) return `${symbol}: not quoted by the broker`;
			if (ageMs === undefined) return `${symbol}: no price yet`;
			return `${symbol}: ${available ? '' : 'unavailable, '}last ${formatAge(ageMs)}`;
		})
		.join('\n');
	const latency =
		facts.broker.lastLatencyMs === undefined ? 'no call yet' : `last call ${facts.broker.lastLatencyMs} ms`;
	const embed = new EmbedBuilder()
		.setColor(facts.halt.halted || facts.streamStatus !== 'ready' ? colours.warn : colours.good)
		.setTitle('Desk status')
		.addFields(
			{ name: 'Trading', value: trading, inline: false },
			{ name: 'Broker stream', value: facts.streamStatus, inline: true },
			{
				name: 'Broker API',
				value: `${latency}; ${facts.broker.waiting} waiting, ${facts.broker.running} running`,
				inline: true,
			},
			{ name: 'Prices', value: prices.slice(0, 1024) || '—', inline: false },
			{ name: 'Alert routes', value: routeLines(facts).slice(0, 1024), inline: false },
		)
		.setFooter({ text: `Version ${facts.version} · up ${uptime(facts.uptimeMs)}` });
	return { embeds: [embed] };
}
