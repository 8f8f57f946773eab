import { type BaseMessageOptions, type Client, DiscordAPIError, MessageFlags, RESTJSONErrorCodes } from 'discord.js';

/** How the relay reaches Discord; a failure throws, and the relay retries. */
export interface AlertPoster {
	/** Posts and returns the message id. `nonce` lets Discord drop a repeat whose first answer was lost. */
	post(channelId: string, message: BaseMessageOptions, options: { silent: boolean; nonce: string }): Promise<string>;
	edit(channelId: string, messageId: string, message: BaseMessageOptions): Promise<void>;
}

/** The route's channel exists but is not one a bot can post in (a category, a voice channel). */
export class UnpostableChannelError extends Error {
	override readonly name = 'UnpostableChannelError';
}

async function sendableChannel(client: Client, channelId: string) {
	const channel = await client.channels.fetch(channelId);
	if (!channel?.isSendable())
		throw new UnpostableChannelError(`channel ${channelId} is not a channel the bot can post in`);
	return channel;
}

export function discordPoster(client: Client): AlertPoster {
	return {
		async post(channelId, message, { silent, nonce }) {
			const channel = await sendableChannel(client, channelId);
			const sent = await channel.send({
				...message,
				nonce,
				enforceNonce: true,
				...(silent ? { flags: MessageFlags.SuppressNotifications } : {}),
			});
			return sent.id;
		},
		async edit(channelId, messageId, message) {
			const channel = await sendableChannel(client, channelId);
			await channel.messages.edit(messageId, message);
		},
	};
}

/** Discord's answer for a message that no longer exists (someone deleted it). */
export function isUnknownMessage(error: unknown): boolean {
	return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage;
}

/** Discord's answers for a channel the bot cannot reach: deleted, or the bot lost access or permission there. */
const unreachableCodes: readonly (number | string)[] = [
	RESTJSONErrorCodes.UnknownChannel,
	RESTJSONErrorCodes.MissingAccess,
	RESTJSONErrorCodes.MissingPermissions,
];

/** The route's channel cannot be posted in until a person acts (gives access, or moves the route). */
export function isUnreachableChannel(error: unknown): boolean {
	return (
		error instanceof UnpostableChannelError ||
		(error instanceof DiscordAPIError && unreachableCodes.includes(error.code))
	);
}

/** Discord refused the request itself (HTTP 400): sending the same message again can never succeed. */
export function isRefusedForGood(error: unknown): boolean {
	return error instanceof DiscordAPIError && error.status === 400;
}
