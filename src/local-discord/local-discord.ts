import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { type APIApplicationCommand, GatewayDispatchEvents } from 'discord-api-types/v10';
import { ApplicationCommands } from './application-commands.js';
import { Gateway, type GatewayFrame } from './gateway.js';
import { type ComponentSpec, Injector, type ModalSubmitSpec, type SlashCommandSpec } from './injection.js';
import { type InteractionHandle, InteractionHandles } from './interaction-handle.js';
import { type MessageListener, MessageStore } from './message-store.js';
import type { LocalMessage } from './messages.js';
import { ChannelRateLimiter } from './rate-limiter.js';
import { restRoutes } from './rest-routes.js';
import { type InjectedResponse, RestServer } from './rest-server.js';
import type { LocalRequest } from './route.js';
import { Signal } from './signal.js';
import { snowflake } from './snowflake.js';
import { World } from './world.js';

export type { GatewayFrame } from './gateway.js';
export type { ComponentSpec, InteractionTarget, ModalSubmitSpec, SlashCommandSpec } from './injection.js';
export type { InteractionCallback } from './interaction-handle.js';
export { InteractionHandle } from './interaction-handle.js';
export type { MessageChange, MessageListener } from './message-store.js';
export type { LocalFile, LocalMessage } from './messages.js';
export type { InjectedResponse } from './rest-server.js';
export type { LocalRequest } from './route.js';

/**
 * A Discord-compatible server on 127.0.0.1 for an unmodified discord.js v14 Client: REST v10 under `/api` and a
 * JSON gateway, as shared/reference/discord-offline-testing.md describes. The console serves the desk from it,
 * and the tests drive the real bot through it: build a world, inject interactions, and wait for what the bot
 * did (events with timeouts, never sleeps). It keeps Discord's rules that matter to the bot: the 3 s ack
 * deadline, embed limits, `enforce_nonce`, and optionally a per-channel rate limit.
 */

export interface LocalDiscordOptions {
	readonly token?: string;
	readonly botUsername?: string;
	/** Discord allows 3 s for the first callback; a later one gets 404 code 10062. */
	readonly ackDeadlineMs?: number;
	readonly heartbeatIntervalMs?: number;
	/** `app_permissions` on interactions; every permission by default. */
	readonly appPermissions?: string;
	/** Limits POST /channels/{id}/messages per channel in fixed windows; past `limit`, 429 with Retry-After. */
	readonly rateLimit?: { readonly perChannel?: { readonly limit: number; readonly windowMs: number } };
	/** The bot's application and user id; a new snowflake when absent. */
	readonly applicationId?: string;
	/** Keep every REST request and gateway frame for inspection (tests); a long-running console turns it off. */
	readonly recordTraffic?: boolean;
}

export class LocalDiscord {
	readonly world: World;
	readonly token: string;
	readonly requests: LocalRequest[];
	readonly gatewayLog: GatewayFrame[];
	/** How many REST requests got each status, kept even when traffic is not recorded. */
	readonly statusCounts: Map<number, number>;
	private readonly signal = new Signal();
	private readonly store: MessageStore;
	private readonly commands: ApplicationCommands;
	private readonly handles: InteractionHandles;
	private readonly gateway: Gateway;
	private readonly rest: RestServer;
	private readonly injector: Injector;
	private readonly sockets = new Set<Socket>();
	private origin = '';

	private constructor(
		private readonly server: Server,
		options: LocalDiscordOptions,
	) {
		const { signal } = this;
		const record = options.recordTraffic !== false;
		const world = new World(options.applicationId ?? snowflake(), options.botUsername ?? 'desk-bot');
		const token = options.token ?? 'local-discord-bot-token';
		const gatewayUrl = () => `ws://${this.origin}/gateway`;
		const store = new MessageStore(signal, () => `http://${this.origin}/attachments`);
		const commands = new ApplicationCommands(world.applicationId);
		const handles = new InteractionHandles(signal, options.ackDeadlineMs ?? 3000);
		const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
		const gateway = new Gateway(world, signal, { token, heartbeatIntervalMs, record, url: gatewayUrl });
		const rateLimiter = new ChannelRateLimiter(options.rateLimit?.perChannel);
		const routes = restRoutes({ world, store, commands, handles, rateLimiter, signal, gatewayUrl });
		const appPermissions = options.appPermissions;
		this.world = world;
		this.token = token;
		this.store = store;
		this.commands = commands;
		this.handles = handles;
		this.gateway = gateway;
		this.rest = new RestServer(routes, signal, { token, record });
		this.injector = new Injector({ world, store, commands, handles, gateway, signal, appPermissions });
		this.requests = this.rest.requests;
		this.gatewayLog = gateway.log;
		this.statusCounts = this.rest.statusCounts;
		server.on('request', (req, res) => this.rest.serve(req, res));
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.once('close', () => this.sockets.delete(socket));
		});
		server.on('upgrade', (req, socket, head) => gateway.upgrade(req, socket, head));
	}

	static async start(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
		const fake = new LocalDiscord(createServer(), options);
		fake.server.listen(0, '127.0.0.1');
		await once(fake.server, 'listening');
		const address = fake.server.address();
		if (address === null || typeof address === 'string') throw new Error('the local Discord is not on a TCP port');
		fake.origin = `127.0.0.1:${address.port}`;
		return fake;
	}

	/** Pass as discord.js `rest: { api }` (or `new REST({ api })`). */
	get apiBase(): string {
		return `http://${this.origin}/api`;
	}

	get applicationId(): string {
		return this.world.applicationId;
	}

	get botUserId(): string {
		return this.world.bot.id;
	}

	/** Requests for routes the fake does not implement (answered 404 code 0). */
	get unhandled(): LocalRequest[] {
		return this.requests.filter((request) => request.unhandled);
	}

	/** Rejects pending waits, cancels deadline timers, closes every connection and the server. */
	async stop(): Promise<void> {
		this.signal.stop();
		this.handles.stop();
		this.gateway.close();
		const closed = [...this.sockets].map((socket) => once(socket, 'close'));
		for (const socket of this.sockets) socket.destroy();
		await Promise.all([...closed, new Promise((resolve) => this.server.close(resolve))]);
	}

	// --- world builders; once a client is logged in they also dispatch the create events -----------------

	addGuild(options?: Parameters<World['addGuild']>[0]): string {
		const id = this.world.addGuild(options);
		if (this.gateway.hasSessions)
			this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, this.world.guildCreatePayload(id));
		return id;
	}

	addRole(guildId: string, options: Parameters<World['addRole']>[1]): string {
		const id = this.world.addRole(guildId, options);
		const role = this.world.role(guildId, id);
		if (this.gateway.hasSessions)
			this.gateway.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guildId, role });
		return id;
	}

	addChannel(guildId: string, options: Parameters<World['addChannel']>[1]): string {
		const id = this.world.addChannel(guildId, options);
		if (this.gateway.hasSessions) this.gateway.dispatch(GatewayDispatchEvents.ChannelCreate, this.world.channel(id));
		return id;
	}

	/** Members are not dispatched: interactions carry the member (roles, permissions) as it is then. */
	addMember(guildId: string, options?: Parameters<World['addMember']>[1]): string {
		return this.world.addMember(guildId, options);
	}

	// --- inspection and failure injection ---------------------------------------------------------------

	registeredCommands(guildId?: string): APIApplicationCommand[] {
		return this.commands.list(guildId);
	}

	message(messageId: string): LocalMessage | undefined {
		return this.store.get(messageId);
	}

	/** Live, non-ephemeral messages in a channel, oldest first, interaction responses included. */
	messagesIn(channelId: string): LocalMessage[] {
		return this.store.in(channelId);
	}

	/** Calls `listener` on every message created, edited or deleted; returns the unsubscribe. */
	listen(listener: MessageListener): () => void {
		return this.store.listen(listener);
	}

	waitForMessage(channelId: string, predicate = (_: LocalMessage) => true, timeoutMs?: number): Promise<LocalMessage> {
		const probe = () => this.messagesIn(channelId).find(predicate);
		return this.signal.until(probe, `a matching message in channel ${channelId}`, timeoutMs);
	}

	/** The first answered request from index `from` on that matches. */
	waitForRequest(predicate: (request: LocalRequest) => boolean, from = 0, timeoutMs?: number): Promise<LocalRequest> {
		const probe = () => this.requests.slice(from).find((request) => request.status > 0 && predicate(request));
		return this.signal.until(probe, 'a matching request', timeoutMs);
	}

	waitForGateway(predicate: (frame: GatewayFrame) => boolean, from = 0, timeoutMs?: number): Promise<GatewayFrame> {
		return this.signal.until(() => this.gatewayLog.slice(from).find(predicate), 'a gateway frame', timeoutMs);
	}

	interaction(id: string): InteractionHandle | undefined {
		return this.handles.get(id);
	}

	/** The next request matching `predicate` gets `response` instead of the normal one (or, with `drop`, none). */
	respondOnce(predicate: (request: LocalRequest) => boolean, response: InjectedResponse): void {
		this.rest.respondOnce(predicate, response);
	}

	/** Closes every gateway connection with `code`; discord.js resumes after 4000. */
	disconnectGateway(code = 4000): void {
		this.gateway.disconnect(code);
	}

	// --- interactions ------------------------------------------------------------------------------------

	injectSlashCommand(spec: SlashCommandSpec): InteractionHandle {
		return this.injector.slashCommand(spec);
	}

	/** The `focused` option gets `focused: true` and a string value, as Discord sends while the user types. */
	injectAutocomplete(spec: SlashCommandSpec & { readonly focused: string }): InteractionHandle {
		return this.injector.autocomplete(spec);
	}

	injectButton(spec: ComponentSpec): InteractionHandle {
		return this.injector.button(spec);
	}

	/** Fields arrive as action rows of text inputs; discord.js reads them the same way as label-wrapped ones. */
	injectModalSubmit(spec: ModalSubmitSpec): InteractionHandle {
		return this.injector.modalSubmit(spec);
	}
}
