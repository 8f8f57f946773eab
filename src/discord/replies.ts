import { EmbedBuilder, type InteractionReplyOptions, MessageFlags, type RepliableInteraction } from 'discord.js';
import { colours } from './render/format.js';

/** A refusal or an error, seen only by the person who asked. */
export function privateNotice(text: string, colour: number = colours.warn): InteractionReplyOptions {
	return {
		embeds: [new EmbedBuilder().setColor(colour).setDescription(text.slice(0, 4000))],
		flags: MessageFlags.Ephemeral,
	};
}

/** What a handler returns when it turned the person away: the audit trail records it as refused, with why. */
export interface Refusal {
	readonly refused: string;
}

/** Tells the person privately why nothing was done, and returns that as the handler's refusal. */
export async function refuse(interaction: RepliableInteraction, text: string): Promise<Refusal> {
	await interaction.reply(privateNotice(text));
	return { refused: text };
}
