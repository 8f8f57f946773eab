import type { APIDMChannel, APITextChannel } from 'discord-api-types/v10';
import type { ApplicationCommands } from './application-commands.js';
import { type InteractionHandles, isEphemeral } from './interaction-handle.js';
import { interactionRoutes } from './interaction-routes.js';
import type { MessageStore } from './message-store.js';
import type { LocalMessage } from './messages.js';
import type { ChannelRateLimiter } from './rate-limiter.js';
import { commandsBody, dmChannelBody, type MessageBody, messageBody } from './request-bodies.js';
import { DiscordError, embedLimitError, json, noContent, type Reply } from './rest-replies.js';
import { type LocalRequest, type Params, type Route, route, withBody } from './route.js';
import type { Signal } from './signal.js';
import type { World } from './world.js';

export interface RouteContext {
	readonly world: World;
	readonly store: MessageStore;
	readonly commands: ApplicationCommands;
	readonly handles: InteractionHandles;
	readonly rateLimiter: ChannelRateLimiter;
	readonly signal: Signal;
	/** Known once the server listens. */
	readonly gatewayUrl: () => string;
}

const nonceWindowMs = 5 * 60_000;

const sessionStartLimit = { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 };

/** The Discord REST v10 routes the bot calls, each with the body it takes parsed at the route. */
export function restRoutes(context: RouteContext): Route[] {
	const { world, commands, store } = context;
	const gateway = { shards: 1, session_start_limit: sessionStartLimit };
	const commandRoutes = (pattern: string, perGuild: boolean) => [
		route('GET', pattern, true, (_, p) => json(commands.list(commandScope(context, p, perGuild)))),
		route(
			'PUT',
			pattern,
			true,
			withBody(commandsBody, (bodies, _, p) => json(commands.overwrite(commandScope(context, p, perGuild), bodies))),
		),
	];
	const message = '/channels/:channel/messages/:message';
	return [
		route('GET', '/gateway/bot', true, () => json({ url: context.gatewayUrl(), ...gateway })),
		...commandRoutes('/applications/:application/commands', false),
		...commandRoutes('/applications/:application/guilds/:guild/commands', true),
		...interactionRoutes(context),
		route('GET', '/channels/:channel', true, (_, p) => json(channel(context, p('channel')))),
		route(
			'POST',
			'/channels/:channel/messages',
			true,
			withBody(messageBody, (body, request, p) => createChannelMessage(context, body, request, p('channel'))),
		),
		route('GET', message, true, (_, p) => json(channelMessage(context, p).data)),
		route(
			'PATCH',
			message,
			true,
			withBody(messageBody, (body, request, p) => {
				return json(store.edit(channelMessage(context, p).data.id, body, request.files).data);
			}),
		),
		route('DELETE', message, true, (_, p) => {
			store.delete(channelMessage(context, p).data.id);
			return noContent;
		}),
		route(
			'POST',
			'/users/@me/channels',
			true,
			withBody(dmChannelBody, (body) => json(world.dmChannel(body.recipient_id))),
		),
	];
}

/** The guild of a guild command route, or undefined for the global commands. */
function commandScope(context: RouteContext, param: Params, perGuild: boolean): string | undefined {
	const { world } = context;
	if (param('application') !== world.applicationId) throw new DiscordError(404, 10002, 'Unknown Application');
	const guildId = perGuild ? param('guild') : undefined;
	if (guildId !== undefined && !world.hasGuild(guildId)) throw new DiscordError(404, 10004, 'Unknown Guild');
	return guildId;
}

function channel(context: RouteContext, channelId: string): APITextChannel | APIDMChannel {
	const found = context.world.channel(channelId);
	if (!found) throw new DiscordError(404, 10003, 'Unknown Channel');
	return found;
}

/** Honours `enforce_nonce`: a repeated nonce within a few minutes returns the existing message. */
function createChannelMessage(
	context: RouteContext,
	body: MessageBody,
	request: LocalRequest,
	channelId: string,
): Reply {
	const { store, world } = context;
	channel(context, channelId);
	const limited = context.rateLimiter.take(channelId);
	if (limited.status === 429) return limited;
	const tooLong = embedLimitError(body.embeds);
	if (tooLong) return tooLong;
	const repeat =
		body.enforce_nonce && body.nonce !== undefined
			? store
					.in(channelId)
					.find((message) => message.nonce === String(body.nonce) && Date.now() - message.createdAt < nonceWindowMs)
			: undefined;
	const message = repeat ?? store.create({ channelId, author: world.bot, body, uploads: request.files });
	return { ...json(message.data), headers: limited.headers };
}

/** A live message of the channel; the bot cannot reach ephemeral ones through channel routes. */
function channelMessage(context: RouteContext, param: Params): LocalMessage {
	const message = context.store.get(param('message'));
	if (!message || message.data.channel_id !== param('channel') || isEphemeral(message)) {
		throw new DiscordError(404, 10008, 'Unknown Message');
	}
	return context.store.live(message.data.id);
}
