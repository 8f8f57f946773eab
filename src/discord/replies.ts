import { EmbedBuilder, type InteractionReplyOptions, MessageFlags } from 'discord.js';
import { colours } from './render/format.js';

/** A refusal or an error, seen only by the person who asked. */
export function privateNotice(text: string, colour: number = colours.warn): InteractionReplyOptions {
	return {
		embeds: [new EmbedBuilder().setColor(colour).setDescription(text.slice(0, 4000))],
		flags: MessageFlags.Ephemeral,
	};
}
