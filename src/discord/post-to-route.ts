import { type BaseMessageOptions, type Client, type Message, MessageFlags } from 'discord.js';
import type { AlertRoute } from '../desk/alert-routes.js';

export type RoutePost =
	| { readonly posted: true; readonly message: Message }
	| { readonly posted: false; readonly reason: string };

/** Posts to a route's channel as its mode says: silently without a notification, or not at all when off. */
export async function postToRoute(client: Client, route: AlertRoute, message: BaseMessageOptions): Promise<RoutePost> {
	if (route.mode === 'off') return { posted: false, reason: `the ${route.kind} route is off` };
	let channel: Awaited<ReturnType<Client['channels']['fetch']>>;
	try {
		channel = await client.channels.fetch(route.channelId);
	} catch {
		return { posted: false, reason: `channel ${route.channelId} cannot be reached by the bot` };
	}
	if (!channel?.isSendable())
		return { posted: false, reason: `channel ${route.channelId} is not a channel the bot can post in` };
	try {
		const sent = await channel.send({
			...message,
			...(route.mode === 'silent' ? { flags: MessageFlags.SuppressNotifications } : {}),
		});
		return { posted: true, message: sent };
	} catch (error) {
		return { posted: false, reason: error instanceof Error ? error.message.slice(0, 200) : 'the post failed' };
	}
}
