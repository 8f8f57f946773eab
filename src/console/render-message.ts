import {
	type APIActionRowComponent,
	type APIButtonComponent,
	type APIComponentInMessageActionRow,
	type APIEmbed,
	type APIMessage,
	type APIMessageTopLevelComponent,
	ButtonStyle,
	ComponentType,
	MessageFlags,
} from 'discord-api-types/v10';
import { deskDateOf } from '../desk/desk-date.js';
import { deskClock, deskDateTime, deskHourMinute } from '../desk/desk-time.js';

/** Turns a Discord message into terminal text: a header line, then indented content, embeds and buttons. */

export interface RenderContext {
	readonly channelName: (channelId: string) => string | undefined;
	readonly userName: (userId: string) => string | undefined;
	readonly roleName: (roleId: string) => string | undefined;
	/** The console's number for a button, stable for as long as the button is on its message. */
	readonly buttonNumber: (messageId: string, customId: string) => number;
	/** Where an attachment was saved, if it was. */
	readonly savedFile: (attachmentId: string) => string | undefined;
	readonly now: () => number;
	/** The reader's zone; the process's when undefined. */
	readonly timeZone: string | undefined;
	readonly style: (format: 'bold' | 'dim' | 'colour', text: string, colour?: number) => string;
}

export type MessageEvent = 'new' | 'edited' | 'deleted';

const indent = '  ';

export function renderMessage(message: APIMessage, event: MessageEvent, context: RenderContext): string {
	const flags = message.flags ?? 0;
	const channel = `#${context.channelName(message.channel_id) ?? message.channel_id}`;
	const tags = [
		(flags & MessageFlags.Ephemeral) !== 0 ? 'only you can see this' : undefined,
		event === 'edited' ? 'updated' : undefined,
		event === 'deleted' ? 'deleted' : undefined,
	].filter((tag) => tag !== undefined);
	const header = context.style('dim', [`${channel} · ${message.author.username}`, ...tags].join(' · '));
	if (event === 'deleted') return header;
	if ((flags & MessageFlags.Loading) !== 0) return `${header}\n${indent}${message.author.username} is thinking…`;
	const body = [
		...textLines(message.content, context),
		...message.embeds.flatMap((embed) => embedLines(embed, context)),
		...componentLines(message, context),
		...message.attachments.map((attachment) => {
			const saved = context.savedFile(attachment.id);
			const size = `${attachment.size.toLocaleString('en-US')} bytes`;
			return `📎 ${attachment.filename} (${size})${saved ? `, saved to ${saved}` : ''}`;
		}),
	];
	return [header, ...body.map((line) => `${indent}${line}`)].join('\n');
}

function embedLines(embed: APIEmbed, context: RenderContext): string[] {
	const bar = context.style('colour', '▌', embed.color);
	const lines: string[] = [];
	if (embed.author?.name) lines.push(embed.author.name);
	if (embed.title) lines.push(context.style('bold', markdown(embed.title, context)));
	lines.push(...textLines(embed.description, context));
	for (const field of embed.fields ?? []) {
		const values = textLines(field.value, context);
		const name = context.style('bold', `${markdown(field.name, context)}:`);
		if (values.length === 1) lines.push(`${name} ${values[0]}`);
		else lines.push(name, ...values.map((line) => `${indent}${line}`));
	}
	const footer = [embed.footer?.text, embed.timestamp ? timeText(Date.parse(embed.timestamp), 'f', context) : undefined]
		.filter((part) => part)
		.join(' · ');
	if (footer) lines.push(context.style('dim', markdown(footer, context)));
	return lines.map((line) => `${bar} ${line}`);
}

function componentLines(message: APIMessage, context: RenderContext): string[] {
	const rows = (message.components ?? []).filter(isActionRow);
	return rows
		.map((row) =>
			row.components
				.filter((component): component is APIButtonComponent => component.type === ComponentType.Button)
				.map((button) => buttonText(message.id, button, context))
				.join('   '),
		)
		.filter((line) => line !== '');
}

function isActionRow(
	component: APIMessageTopLevelComponent,
): component is APIActionRowComponent<APIComponentInMessageActionRow> {
	return component.type === ComponentType.ActionRow;
}

function buttonText(messageId: string, button: APIButtonComponent, context: RenderContext): string {
	const label = 'label' in button && button.label ? button.label : 'button';
	if (button.style === ButtonStyle.Link) return `${label} → ${button.url}`;
	if (button.style === ButtonStyle.Premium || !('custom_id' in button)) return `(${label})`;
	if (button.disabled) return context.style('dim', `[-] ${label} (not available)`);
	return context.style('bold', `[${context.buttonNumber(messageId, button.custom_id)}] ${label}`);
}

function textLines(text: string | undefined, context: RenderContext): string[] {
	if (!text) return [];
	return markdown(text, context).split('\n');
}

/** Discord's inline markup in plain words: timestamps, mentions, and no bold or code markers. */
export function markdown(text: string, context: RenderContext): string {
	return text
		.replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_, seconds: string, style = 'f') =>
			timeText(Number(seconds) * 1000, style, context),
		)
		.replace(/<@!?(\d+)>/g, (whole, id: string) => `@${context.userName(id) ?? whole}`)
		.replace(/<@&(\d+)>/g, (whole, id: string) => `@${context.roleName(id) ?? whole}`)
		.replace(/<#(\d+)>/g, (whole, id: string) => `#${context.channelName(id) ?? whole}`)
		.replace(/\*\*(.+?)\*\*/g, '$1')
		.replace(/__(.+?)__/g, '$1')
		.replace(/```(?:\w+\n)?([\s\S]*?)```/g, '$1')
		.replace(/`([^`\n]+)`/g, '$1');
}

/** Like Discord, in the reader's own time zone, named: "in 30 s", "12:04:05 AEDT", or the date and time. */
function timeText(ms: number, style: string, context: RenderContext): string {
	if (style === 'R') return relative(ms - context.now());
	const zone = context.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
	if (style === 't') return deskHourMinute(ms, zone);
	if (style === 'T') return deskClock(ms, zone);
	if (style === 'd' || style === 'D') return deskDateOf(ms, zone);
	return deskDateTime(ms, zone);
}

function relative(deltaMs: number): string {
	const seconds = Math.round(Math.abs(deltaMs) / 1000);
	const amount =
		seconds < 60
			? `${seconds} s`
			: seconds < 3600
				? `${Math.round(seconds / 60)} min`
				: `${Math.round(seconds / 3600)} h`;
	return deltaMs >= 0 ? `in ${amount}` : `${amount} ago`;
}
