import { EmbedBuilder, type InteractionReplyOptions, MessageFlags } from 'discord.js';
import { colours } from './render/format.js';

/** A message only the person who asked sees: a confirmation, a warning, an error. */
export function privateNotice(text: string, colour: number): InteractionReplyOptions {
	return {
		embeds: [new EmbedBuilder().setColor(colour).setDescription(text.slice(0, 4000))],
		flags: MessageFlags.Ephemeral,
	};
}

/** How a refusal looks: only the dispatcher shows one, so that each is also written to the audit trail. */
export function refusalNotice(text: string): InteractionReplyOptions {
	return privateNotice(text, colours.warn);
}
