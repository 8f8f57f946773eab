import type { APIEmbed } from 'discord.js';

/** Discord refuses a message whose embeds hold more than 6,000 characters in all. */
export const messageEmbedBudget = 6000;

/** An embed of a message, and where a reader finds what is cut from it; undefined when it must not be cut. */
export interface EmbedPart {
	readonly embed: APIEmbed;
	readonly rest: string | undefined;
}

export function embedLength(embed: APIEmbed): number {
	const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
	return (
		(embed.title?.length ?? 0) +
		(embed.description?.length ?? 0) +
		(embed.footer?.text.length ?? 0) +
		(embed.author?.name.length ?? 0) +
		fields
	);
}

interface Slot {
	readonly part: number;
	/** -1 for the description, else the field's index. */
	readonly field: number;
	readonly text: string;
}

function slotsOf(embeds: readonly APIEmbed[], parts: readonly EmbedPart[]): Slot[] {
	return embeds.flatMap((embed, part) => {
		if (parts[part]?.rest === undefined) return [];
		const description = embed.description ? [{ part, field: -1, text: embed.description }] : [];
		const fields = (embed.fields ?? []).map((field, index) => ({ part, field: index, text: field.value }));
		return [...description, ...fields].filter((slot) => slot.text.includes('\n'));
	});
}

/** The text with whole lines dropped from its end until it is `by` shorter (one line is always kept), and the note. */
function cutLines(text: string, by: number, note: string): string {
	const lines = text.split('\n');
	let length = text.length;
	while (lines.length > 1 && length + note.length + 1 > text.length - by) {
		length -= (lines.pop()?.length ?? 0) + 1;
	}
	return `${lines.join('\n')}\n${note}`;
}

/**
 * The parts as one message Discord takes: while the embeds are too long, the longest text that may be cut
 * loses whole lines from its end and says where the rest is. A figure is never cut in half, and nothing is
 * cut from a message that fits.
 */
export function fitOneMessage(parts: readonly EmbedPart[], budget = messageEmbedBudget): APIEmbed[] {
	const embeds = parts.map((part) => structuredClone(part.embed));
	const cut = new Set<string>();
	let over = embeds.reduce((sum, embed) => sum + embedLength(embed), 0) - budget;
	while (over > 0) {
		const longest = slotsOf(embeds, parts)
			.filter((slot) => !cut.has(`${slot.part}:${slot.field}`))
			.sort((a, b) => b.text.length - a.text.length)[0];
		if (!longest) break;
		const note = `… cut to fit one message: ${parts[longest.part]?.rest}`;
		const shorter = cutLines(longest.text, over, note);
		const embed = embeds[longest.part];
		if (!embed) break;
		if (longest.field === -1) embed.description = shorter;
		else {
			embed.fields = (embed.fields ?? []).map((field, index) =>
				index === longest.field ? { ...field, value: shorter } : field,
			);
		}
		cut.add(`${longest.part}:${longest.field}`);
		over -= longest.text.length - shorter.length;
	}
	return embeds;
}
