import {
	type APIMessage,
	InteractionResponseType,
	InteractionType,
	MessageFlags,
	MessageType,
} from 'discord-api-types/v10';
import type { z } from 'zod';
import { type InteractionHandle, isLoading } from './interaction-handle.js';
import type { LocalMessage, UploadedFile } from './messages.js';
import { interactionCallbackBody, type MessageBody, messageBody } from './request-bodies.js';
import { DiscordError, json, noContent, type Reply } from './rest-replies.js';
import type { RouteContext } from './rest-routes.js';
import { type LocalRequest, type Params, type Route, route, withBody } from './route.js';

const R = InteractionResponseType;

/** Interaction callbacks and the interaction webhook (follow-ups, `@original`), authorised by the interaction token. */
export function interactionRoutes(context: RouteContext): Route[] {
	const { store } = context;
	const webhookMessage = '/webhooks/:application/:token/messages/:message';
	const callback = withBody(interactionCallbackBody, (body, request, p) => answerCallback(context, body, request, p));
	return [
		route('POST', '/interactions/:interaction/:token/callback', false, callback),
		route(
			'POST',
			'/webhooks/:application/:token',
			false,
			withBody(messageBody, (b, r, p) => followUp(context, b, r, p)),
		),
		route('GET', webhookMessage, false, (_, p) => json(webhookMessageOf(context, p).data)),
		route(
			'PATCH',
			webhookMessage,
			false,
			withBody(messageBody, (body, request, p) => {
				return json(store.edit(webhookMessageOf(context, p).data.id, body, request.files).data);
			}),
		),
		route('DELETE', webhookMessage, false, (_, p) => {
			store.delete(webhookMessageOf(context, p).data.id);
			return noContent;
		}),
	];
}

function answerCallback(
	context: RouteContext,
	body: z.output<typeof interactionCallbackBody>,
	request: LocalRequest,
	param: Params,
): Reply {
	const { handles, store } = context;
	const handle = handles.get(param('interaction'));
	if (!handle || handle.token !== param('token')) throw new DiscordError(404, 10062, 'Unknown interaction');
	if (handle.acknowledged) throw new DiscordError(400, 40060, 'Interaction has already been acknowledged.');
	if (handles.late(handle)) throw new DiscordError(404, 10062, 'Unknown interaction');
	const { type } = body;
	if (!allowedCallbacks(handle).includes(type)) throw new DiscordError(400, 50035, `Invalid callback type ${type}`);
	clearTimeout(handle.timer);
	handle.callbacks.push({ type, data: body.data });
	if (body.type === R.ChannelMessageWithSource || body.type === R.DeferredChannelMessageWithSource) {
		const data = body.data ?? {};
		const ephemeral = (data.flags ?? 0) & MessageFlags.Ephemeral;
		const deferred = body.type === R.DeferredChannelMessageWithSource;
		const flags = ephemeral | (deferred ? MessageFlags.Loading : 0);
		handle.originalId = respond(context, handle, deferred ? {} : data, request.files, flags).data.id;
	}
	if (body.type === R.UpdateMessage) store.edit(handle.originalId ?? '', body.data ?? {}, request.files);
	if (body.type === R.ApplicationCommandAutocompleteResult) handle.choices = body.data.choices ?? [];
	if (body.type === R.Modal) handle.modal = body.data;
	context.signal.wake();
	if (request.query.get('with_response') !== 'true') return noContent;
	const message = [4, 5, 7].includes(type) ? store.get(handle.originalId ?? '')?.data : undefined;
	const about = message && {
		response_message_id: message.id,
		response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
		response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
	};
	return json({
		interaction: { id: handle.id, type: handle.payload.type, ...about },
		resource: { type, ...(message ? { message } : {}) },
	});
}

function allowedCallbacks(handle: InteractionHandle): readonly InteractionResponseType[] {
	const allowed: Record<InteractionType, readonly InteractionResponseType[]> = {
		[InteractionType.Ping]: [R.Pong],
		[InteractionType.ApplicationCommand]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal],
		[InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
		[InteractionType.ApplicationCommandAutocomplete]: [R.ApplicationCommandAutocompleteResult],
		[InteractionType.ModalSubmit]: handle.sourceMessageId ? [4, 5, 6, 7] : [4, 5],
	};
	return allowed[handle.payload.type];
}

/** After a defer, the first follow-up fills in the "thinking" original instead of posting, as on Discord. */
function followUp(context: RouteContext, body: MessageBody, request: LocalRequest, param: Params): Reply {
	const handle = webhookHandle(context, param);
	const original = handle.original;
	let message: LocalMessage;
	if (original && isLoading(original) && original.history.length === 0) {
		message = context.store.edit(original.data.id, body, request.files);
	} else {
		message = respond(context, handle, body, request.files, (body.flags ?? 0) & MessageFlags.Ephemeral);
		handle.followUps.push(message);
	}
	context.signal.wake();
	return request.query.get('wait') === 'true' ? json(message.data) : noContent;
}

function webhookHandle(context: RouteContext, param: Params): InteractionHandle {
	const handle = context.handles.byToken(param('token'));
	if (!handle?.acknowledged || param('application') !== context.world.applicationId) {
		throw new DiscordError(404, 10015, 'Unknown Webhook');
	}
	return handle;
}

/** `@original` or a follow-up of the interaction the webhook token belongs to. */
function webhookMessageOf(context: RouteContext, param: Params): LocalMessage {
	const handle = webhookHandle(context, param);
	const id = param('message') === '@original' ? handle.originalId : param('message');
	const known = id === handle.originalId || handle.followUps.some((message) => message.data.id === id);
	if (!id || !known) throw new DiscordError(404, 10008, 'Unknown Message');
	return context.store.live(id);
}

/** An interaction response or follow-up: posted by the bot through the application's webhook. */
function respond(
	context: RouteContext,
	handle: InteractionHandle,
	body: MessageBody,
	uploads: readonly UploadedFile[],
	flags: number,
): LocalMessage {
	const { world } = context;
	const { payload } = handle;
	const user = payload.member?.user ?? payload.user ?? world.bot;
	const command = payload.type === InteractionType.ApplicationCommand;
	const fromInteraction = {
		type: command ? MessageType.ChatInputCommand : MessageType.Default,
		application_id: world.applicationId,
		webhook_id: world.applicationId,
		// The metadata union is per interaction type; the fake fills in only the fields all types share.
		interaction_metadata: {
			id: payload.id,
			type: payload.type,
			user,
			authorizing_integration_owners: payload.authorizing_integration_owners,
		} as APIMessage['interaction_metadata'],
	};
	const channelId = payload.channel?.id ?? '';
	return context.store.create({ channelId, author: world.bot, body, uploads, flags, fromInteraction });
}
