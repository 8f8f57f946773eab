import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
	type APIApplicationCommand,
	type APIApplicationCommandAutocompleteInteraction,
	type APIApplicationCommandInteractionDataBasicOption,
	type APIApplicationCommandOptionChoice,
	type APIBaseInteraction,
	type APIChatInputApplicationCommandInteraction,
	type APIInteraction,
	type APIInteractionDataResolved,
	type APIMessage,
	type APIMessageComponentInteraction,
	type APIModalInteractionResponseCallbackData,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	ComponentType,
	GatewayDispatchEvents,
	GatewayOpcodes,
	InteractionContextType,
	InteractionResponseType,
	InteractionType,
	type Locale,
	MessageFlags,
	MessageType,
	type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { InteractionHandle, isEphemeral, isLoading } from './interaction-handle.js';
import { createMessage, editMessage, type LocalMessage, type MessageBody, type UploadedFile } from './messages.js';
import { DiscordError, embedLimitError, json, noContent, parseBody, type Reply } from './rest-replies.js';
import { Signal } from './signal.js';
import { allPermissions, snowflake, World } from './world.js';

export type { InteractionCallback } from './interaction-handle.js';
export { InteractionHandle } from './interaction-handle.js';
export type { LocalFile, LocalMessage } from './messages.js';

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

/** What happened to a message; `listen` reports each as it happens. */
export type MessageChange = 'created' | 'edited' | 'deleted';
export type MessageListener = (message: LocalMessage, change: MessageChange) => void;

export interface LocalRequest {
	readonly method: string;
	/** Decoded path after `/api/v10`, e.g. `/webhooks/1/abc/messages/@original`. */
	readonly path: string;
	/** The matched pattern, e.g. `/channels/:channel/messages`; the path itself when unhandled. */
	readonly route: string;
	readonly query: URLSearchParams;
	/** Parsed JSON, or `payload_json` of a multipart body. */
	readonly body: unknown;
	readonly files: readonly UploadedFile[];
	readonly unhandled: boolean;
	/** 0 until answered. */
	status: number;
	/** The request was processed but the connection was reset instead of answering. */
	dropped: boolean;
}

export interface InjectedResponse {
	readonly status?: number;
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
	/** Process the request normally, then reset the connection instead of answering (the client sees ECONNRESET). */
	readonly drop?: boolean;
}

export interface GatewayFrame {
	readonly direction: 'in' | 'out';
	readonly op: GatewayOpcodes;
	readonly t: string | null;
}

/** Where an interaction happens: in a guild (`member`, context 0) or in the bot's DM with the user (`user`, context 1). */
export type InteractionTarget = { readonly userId: string; readonly channelId?: string; readonly locale?: Locale } & (
	| { readonly guildId: string; readonly dm?: undefined }
	| { readonly dm: true; readonly guildId?: undefined }
);

export type SlashCommandSpec = InteractionTarget & {
	readonly name: string;
	/** A subcommand of `name`; `options` are then the subcommand's. */
	readonly subcommand?: string;
	/** Option types come from the registered command when there is one, else from the JS type. */
	readonly options?: Readonly<Record<string, string | number | boolean>>;
};

export type ComponentSpec = InteractionTarget & {
	readonly customId: string;
	/** A message the fake stored (or its id): the one the clicked component is on. */
	readonly message: LocalMessage | APIMessage | string;
};

export type ModalSubmitSpec = InteractionTarget & {
	readonly customId: string;
	/** Text input custom id → value. */
	readonly fields: Readonly<Record<string, string>>;
	readonly message?: LocalMessage | APIMessage | string;
};

interface Route {
	readonly method: string;
	readonly pattern: string;
	readonly auth: boolean;
	readonly handler: (request: LocalRequest, param: (name: string) => string) => Reply;
}

type BaseFields = APIBaseInteraction<InteractionType, unknown>;
type InteractionBase = Omit<BaseFields, 'type' | 'data'> & Required<Pick<BaseFields, 'channel' | 'channel_id'>>;

interface GatewaySession {
	readonly id: string;
	seq: number;
	socket: WebSocket | undefined;
	readonly sent: { readonly s: number; readonly t: string; readonly d: unknown }[];
}

const nonceWindowMs = 5 * 60_000;

const guildsIntent = 1;

export class LocalDiscord {
	readonly world: World;
	readonly token: string;
	readonly requests: LocalRequest[] = [];
	readonly gatewayLog: GatewayFrame[] = [];
	private readonly signal = new Signal();
	private readonly listeners = new Set<MessageListener>();
	/** How many REST requests got each status, kept even when traffic is not recorded. */
	readonly statusCounts = new Map<number, number>();
	private readonly messages = new Map<string, LocalMessage>();
	private readonly channelMessages = new Map<string, LocalMessage[]>();
	private readonly interactions = new Map<string, InteractionHandle>();
	private readonly commands = new Map<string, APIApplicationCommand[]>();
	private readonly sessions = new Map<string, GatewaySession>();
	private readonly injections: { predicate: (request: LocalRequest) => boolean; response: InjectedResponse }[] = [];
	private readonly windows = new Map<string, { start: number; count: number }>();
	private readonly wss = new WebSocketServer({ noServer: true });
	private readonly sockets = new Set<Socket>();
	private readonly routes = this.buildRoutes();
	private origin = '';

	private constructor(
		private readonly server: Server,
		private readonly options: LocalDiscordOptions,
	) {
		this.world = new World(options.applicationId ?? snowflake(), options.botUsername ?? 'desk-bot');
		this.token = options.token ?? 'local-discord-bot-token';
		server.on('request', (req, res) => {
			this.handleHttp(req, res).catch((error: unknown) => {
				res
					.writeHead(500, { 'content-type': 'application/json' })
					.end(JSON.stringify({ message: String(error), code: 0 }));
			});
		});
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.once('close', () => this.sockets.delete(socket));
		});
		server.on('upgrade', (req, socket, head) => {
			if (new URL(req.url ?? '/', 'http://x').pathname !== '/gateway') return void socket.destroy();
			this.wss.handleUpgrade(req, socket, head, (ws) => this.onGatewayConnection(ws));
		});
	}

	static async start(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
		const fake = new LocalDiscord(createServer(), options);
		fake.server.listen(0, '127.0.0.1');
		await once(fake.server, 'listening');
		fake.origin = `127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
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
		for (const handle of this.interactions.values()) clearTimeout(handle.timer);
		this.wss.close();
		const closed = [...this.sockets].map((socket) => once(socket, 'close'));
		for (const socket of this.sockets) socket.destroy();
		await Promise.all([...closed, new Promise((resolve) => this.server.close(resolve))]);
	}

	// --- world builders; once a client is logged in they also dispatch the create events -----------------

	addGuild(options?: Parameters<World['addGuild']>[0]): string {
		const id = this.world.addGuild(options);
		if (this.sessions.size > 0) this.dispatch(GatewayDispatchEvents.GuildCreate, this.world.guildCreatePayload(id));
		return id;
	}

	addRole(guildId: string, options: Parameters<World['addRole']>[1]): string {
		const id = this.world.addRole(guildId, options);
		const role = this.world.role(guildId, id);
		if (this.sessions.size > 0) this.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guildId, role });
		return id;
	}

	addChannel(guildId: string, options: Parameters<World['addChannel']>[1]): string {
		const id = this.world.addChannel(guildId, options);
		if (this.sessions.size > 0) this.dispatch(GatewayDispatchEvents.ChannelCreate, this.world.channel(id));
		return id;
	}

	/** Members are not dispatched: interactions carry the member (roles, permissions) as it is then. */
	addMember(guildId: string, options?: Parameters<World['addMember']>[1]): string {
		return this.world.addMember(guildId, options);
	}

	// --- inspection and failure injection ---------------------------------------------------------------

	registeredCommands(guildId?: string): APIApplicationCommand[] {
		return this.commands.get(guildId ?? 'global') ?? [];
	}

	message(messageId: string): LocalMessage | undefined {
		return this.messages.get(messageId);
	}

	/** Live, non-ephemeral messages in a channel, oldest first, interaction responses included. */
	messagesIn(channelId: string): LocalMessage[] {
		return (this.channelMessages.get(channelId) ?? []).filter((message) => !message.deleted && !isEphemeral(message));
	}

	/** Calls `listener` on every message created, edited or deleted; returns the unsubscribe. */
	listen(listener: MessageListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
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
		return this.interactions.get(id);
	}

	/** The next request matching `predicate` gets `response` instead of the normal one (or, with `drop`, none). */
	respondOnce(predicate: (request: LocalRequest) => boolean, response: InjectedResponse): void {
		this.injections.push({ predicate, response });
	}

	/** Closes every gateway connection with `code`; discord.js resumes after 4000. */
	disconnectGateway(code = 4000): void {
		for (const session of this.sessions.values()) session.socket?.close(code, 'fake disconnect');
	}

	// --- interactions ------------------------------------------------------------------------------------

	injectSlashCommand(spec: SlashCommandSpec): InteractionHandle {
		const data = { ...this.commandData(spec, undefined), type: ApplicationCommandType.ChatInput as const };
		const payload: APIChatInputApplicationCommandInteraction = {
			...this.interactionBase(spec),
			type: InteractionType.ApplicationCommand,
			data,
		};
		return this.inject(payload, undefined);
	}

	/** The `focused` option gets `focused: true` and a string value, as Discord sends while the user types. */
	injectAutocomplete(spec: SlashCommandSpec & { readonly focused: string }): InteractionHandle {
		const command = this.commandData(spec, spec.focused);
		const data = { ...command, options: command.options ?? [], type: ApplicationCommandType.ChatInput as const };
		const payload: APIApplicationCommandAutocompleteInteraction = {
			...this.interactionBase(spec),
			type: InteractionType.ApplicationCommandAutocomplete,
			data,
		};
		return this.inject(payload, undefined);
	}

	injectButton(spec: ComponentSpec): InteractionHandle {
		const source = this.storedMessage(spec.message);
		const data = { custom_id: spec.customId, component_type: ComponentType.Button } as const;
		const payload: APIMessageComponentInteraction = {
			...this.interactionBase({ ...spec, channelId: spec.channelId ?? source.data.channel_id }),
			type: InteractionType.MessageComponent,
			data,
			message: structuredClone(source.data),
		};
		return this.inject(payload, source.data.id);
	}

	/** Fields arrive as action rows of text inputs; discord.js reads them the same way as label-wrapped ones. */
	injectModalSubmit(spec: ModalSubmitSpec): InteractionHandle {
		const source = spec.message === undefined ? undefined : this.storedMessage(spec.message);
		const components = Object.entries(spec.fields).map(([customId, value], index) => ({
			type: ComponentType.ActionRow as const,
			id: 2 * index + 1,
			components: [{ type: ComponentType.TextInput as const, id: 2 * index + 2, custom_id: customId, value }],
		}));
		const base = this.interactionBase({ ...spec, channelId: spec.channelId ?? source?.data.channel_id });
		const message = source ? { message: structuredClone(source.data) } : {};
		const data = { custom_id: spec.customId, components };
		return this.inject({ ...base, type: InteractionType.ModalSubmit, data, ...message }, source?.data.id);
	}

	private storedMessage(message: LocalMessage | APIMessage | string): LocalMessage {
		const id = typeof message === 'string' ? message : 'data' in message ? message.data.id : message.id;
		const stored = this.messages.get(id);
		if (!stored) throw new Error(`message ${id} was not created through the fake`);
		return stored;
	}

	/** The fields every interaction needs; a missing `entitlements` or owners map silently kills interactionCreate. */
	private interactionBase(target: InteractionTarget) {
		const id = snowflake();
		const guildId = target.guildId;
		const channelId = target.channelId ?? (guildId ? this.world.firstChannel(guildId) : undefined);
		const channel = channelId ? this.world.channel(channelId) : this.world.dmChannel(target.userId);
		if (!channel) throw new Error(`unknown channel ${channelId}`);
		const base: InteractionBase = {
			id,
			application_id: this.applicationId,
			token: `fake.${id}.${randomBytes(12).toString('base64url')}`,
			version: 1,
			app_permissions: this.options.appPermissions ?? allPermissions,
			locale: target.locale ?? ('en-US' as Locale),
			entitlements: [],
			authorizing_integration_owners: { 0: guildId ?? '0' },
			context: guildId ? InteractionContextType.Guild : InteractionContextType.BotDM,
			attachment_size_limit: 10 * 1024 * 1024,
			channel,
			channel_id: channel.id,
		};
		if (!guildId) return { ...base, user: this.world.user(target.userId) };
		const member = this.world.memberPayload(guildId, target.userId);
		return { ...base, guild: { id: guildId, locale: base.locale, features: [] }, guild_id: guildId, member };
	}

	private commandData(spec: SlashCommandSpec, focused: string | undefined) {
		const registered = [...this.registeredCommands(spec.guildId), ...this.registeredCommands()].find(
			(command) => command.name === spec.name && command.type === ApplicationCommandType.ChatInput,
		);
		const resolved: APIInteractionDataResolved = {};
		const subcommand = spec.subcommand
			? registered?.options?.find(
					(option) => option.name === spec.subcommand && option.type === ApplicationCommandOptionType.Subcommand,
				)
			: undefined;
		const definitions = subcommand && 'options' in subcommand ? subcommand.options : registered?.options;
		const given = Object.entries(spec.options ?? {}).map(([name, value]) => {
			const type = definitions?.find((option) => option.name === name)?.type ?? inferType(value);
			if (name === focused)
				return { name, type, value: String(value), focused: true } as APIApplicationCommandInteractionDataBasicOption;
			this.world.resolve(resolved, type, String(value), spec.guildId);
			return { name, type, value } as APIApplicationCommandInteractionDataBasicOption;
		});
		const options = spec.subcommand
			? [{ type: ApplicationCommandOptionType.Subcommand as const, name: spec.subcommand, options: given }]
			: given;
		const id = registered?.id ?? snowflake();
		return {
			id,
			name: spec.name,
			...(options.length > 0 ? { options } : {}),
			...(isEmpty(resolved) ? {} : { resolved }),
		};
	}

	private inject(payload: APIInteraction, sourceMessageId: string | undefined): InteractionHandle {
		const handle = new InteractionHandle(payload, sourceMessageId, this.messages, this.signal);
		this.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
		this.interactions.set(payload.id, handle);
		handle.timer = setTimeout(() => {
			handle.lapsed = !handle.acknowledged;
			this.signal.wake();
		}, this.options.ackDeadlineMs ?? 3000);
		return handle;
	}

	// --- gateway -----------------------------------------------------------------------------------------

	private onGatewayConnection(socket: WebSocket): void {
		let session: GatewaySession | undefined;
		const send = (op: GatewayOpcodes, d: unknown) => {
			this.record(this.gatewayLog, { direction: 'out', op, t: null });
			socket.send(JSON.stringify({ op, d, s: null, t: null }));
			this.signal.wake();
		};
		send(GatewayOpcodes.Hello, { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 });
		socket.on('message', (raw) => {
			const { op, d } = JSON.parse(raw.toString()) as { op: GatewayOpcodes; d: Record<string, unknown> | null };
			this.record(this.gatewayLog, { direction: 'in', op, t: null });
			this.signal.wake();
			if (op === GatewayOpcodes.Heartbeat) send(GatewayOpcodes.HeartbeatAck, null);
			if (op === GatewayOpcodes.Identify) {
				if (d?.token !== this.token) return socket.close(4004, 'Authentication failed.');
				session = { id: randomBytes(16).toString('hex'), seq: 0, socket, sent: [] };
				this.sessions.set(session.id, session);
				this.dispatchTo(session, GatewayDispatchEvents.Ready, {
					v: 10,
					user: this.world.bot,
					guilds: this.world.guildIds().map((id) => ({ id, unavailable: true })),
					session_id: session.id,
					resume_gateway_url: `ws://${this.origin}/gateway`,
					shard: [0, 1],
					application: { id: this.applicationId, flags: 0 },
				});
				// Like Discord, guilds arrive only with the Guilds intent; without it role checks fail (pitfall 1).
				if ((Number(d?.intents) & guildsIntent) === 0) return;
				for (const id of this.world.guildIds()) {
					this.dispatchTo(session, GatewayDispatchEvents.GuildCreate, this.world.guildCreatePayload(id));
				}
			}
			if (op === GatewayOpcodes.Resume) {
				const resumed = this.sessions.get(String(d?.session_id));
				if (!resumed || d?.token !== this.token) return send(GatewayOpcodes.InvalidSession, false);
				session = resumed;
				session.socket = socket;
				for (const missed of session.sent.filter((frame) => frame.s > Number(d?.seq))) this.write(session, missed);
				this.dispatchTo(session, GatewayDispatchEvents.Resumed, null);
			}
		});
		socket.on('close', (code) => {
			if (session?.socket !== socket) return;
			session.socket = undefined;
			if (code === 1000 || code === 1001) this.sessions.delete(session.id);
		});
	}

	private dispatch(t: string, d: unknown): void {
		if (this.sessions.size === 0) throw new Error(`no gateway session to send ${t} to: log a client in first`);
		for (const session of this.sessions.values()) this.dispatchTo(session, t, d);
	}

	/** Numbers the event and keeps it for replay on RESUME; sends it now if the session is connected. */
	private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
		session.seq += 1;
		const frame = { s: session.seq, t, d };
		session.sent.push(frame);
		this.write(session, frame);
	}

	private write(session: GatewaySession, frame: GatewaySession['sent'][number]): void {
		if (!session.socket) return;
		this.record(this.gatewayLog, { direction: 'out', op: GatewayOpcodes.Dispatch, t: frame.t });
		session.socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...frame }));
		this.signal.wake();
	}

	// --- REST --------------------------------------------------------------------------------------------

	private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://x');
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const { body, files } = await parseBody(Buffer.concat(chunks), req.headers['content-type']);
		const versioned = url.pathname.startsWith('/api/v10/');
		const path = url.pathname
			.replace(/^\/api\/v10/, '')
			.split('/')
			.map(decodeURIComponent)
			.join('/');
		const method = req.method ?? 'GET';
		const match = versioned ? this.match(method, path) : undefined;
		const request: LocalRequest = {
			method,
			path,
			route: match?.route.pattern ?? path,
			query: url.searchParams,
			body,
			files,
			unhandled: !match,
			status: 0,
			dropped: false,
		};
		this.record(this.requests, request);
		const index = this.injections.findIndex((injection) => injection.predicate(request));
		const injected = index >= 0 ? this.injections.splice(index, 1)[0]?.response : undefined;
		const status = injected?.status ?? 500;
		const reply: Reply =
			injected && !injected.drop
				? { status, headers: injected.headers, body: injected.body ?? { message: `injected ${status}`, code: 0 } }
				: this.answer(request, match, req.headers.authorization);
		request.status = reply.status;
		this.statusCounts.set(reply.status, (this.statusCounts.get(reply.status) ?? 0) + 1);
		request.dropped = injected?.drop === true;
		if (request.dropped) {
			res.socket?.resetAndDestroy();
		} else {
			const text = reply.body === undefined ? undefined : JSON.stringify(reply.body);
			res.writeHead(reply.status, { ...(text ? { 'content-type': 'application/json' } : {}), ...reply.headers });
			res.end(text);
		}
		this.signal.wake();
	}

	private answer(request: LocalRequest, match: ReturnType<LocalDiscord['match']>, authorization?: string): Reply {
		try {
			if (!match)
				throw new DiscordError(404, 0, `404: Not Found (the local Discord has no ${request.method} ${request.path})`);
			if (match.route.auth && authorization !== `Bot ${this.token}`)
				throw new DiscordError(401, 0, '401: Unauthorized');
			return match.route.handler(request, (name) => match.params.get(name) ?? '');
		} catch (error) {
			if (!(error instanceof DiscordError)) throw error;
			return json({ message: error.message, code: error.code }, error.status);
		}
	}

	private match(method: string, path: string) {
		const segments = path.split('/');
		for (const route of this.routes) {
			const parts = route.pattern.split('/');
			if (route.method !== method || parts.length !== segments.length) continue;
			const params = new Map<string, string>();
			const same = parts.every((part, i) =>
				part.startsWith(':') ? params.set(part.slice(1), segments[i] ?? '') : part === segments[i],
			);
			if (same) return { route, params };
		}
		return undefined;
	}

	private buildRoutes(): Route[] {
		const route = (method: string, pattern: string, auth: boolean, handler: Route['handler']) => ({
			method,
			pattern,
			auth,
			handler,
		});
		const commands = '/applications/:application/commands';
		const guildCommands = '/applications/:application/guilds/:guild/commands';
		const sessionStartLimit = { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 };
		return [
			route('GET', '/gateway/bot', true, () =>
				json({ url: `ws://${this.origin}/gateway`, shards: 1, session_start_limit: sessionStartLimit }),
			),
			route('GET', commands, true, (_, p) => json(this.commandsIn(p('application'), undefined))),
			route('GET', guildCommands, true, (_, p) => json(this.commandsIn(p('application'), p('guild')))),
			route('PUT', commands, true, (r, p) => json(this.putCommands(r, p('application'), undefined))),
			route('PUT', guildCommands, true, (r, p) => json(this.putCommands(r, p('application'), p('guild')))),
			route('POST', '/interactions/:interaction/:token/callback', false, (r, p) => this.callback(r, p)),
			route('POST', '/webhooks/:application/:token', false, (r, p) => this.createFollowUp(r, p)),
			...['GET', 'PATCH', 'DELETE'].map((method) =>
				route(method, '/webhooks/:application/:token/messages/:message', false, (r, p) => this.webhookMessage(r, p)),
			),
			route('GET', '/channels/:channel', true, (_, p) => json(this.channel(p('channel')))),
			route('POST', '/channels/:channel/messages', true, (r, p) => this.createChannelMessage(r, p('channel'))),
			...['GET', 'PATCH', 'DELETE'].map((method) =>
				route(method, '/channels/:channel/messages/:message', true, (r, p) => this.channelMessage(r, p)),
			),
			route('POST', '/users/@me/channels', true, (r) =>
				json(this.world.dmChannel(String((r.body as { recipient_id?: string }).recipient_id))),
			),
		];
	}

	private commandsIn(applicationId: string, guildId: string | undefined): APIApplicationCommand[] {
		if (applicationId !== this.applicationId) throw new DiscordError(404, 10002, 'Unknown Application');
		if (guildId !== undefined && !this.world.hasGuild(guildId)) throw new DiscordError(404, 10004, 'Unknown Guild');
		return this.registeredCommands(guildId);
	}

	/** Bulk overwrite; a command keeps its id while its name and type stay the same, as on Discord. */
	private putCommands(request: LocalRequest, applicationId: string, guildId: string | undefined) {
		const previous = this.commandsIn(applicationId, guildId);
		const commands = (request.body as RESTPostAPIApplicationCommandsJSONBody[]).map((body): APIApplicationCommand => {
			const type = body.type ?? ApplicationCommandType.ChatInput;
			const kept = previous.find((command) => command.name === body.name && command.type === type);
			return {
				...(body as Omit<APIApplicationCommand, 'id' | 'application_id' | 'version'>),
				id: kept?.id ?? snowflake(),
				application_id: this.applicationId,
				...(guildId ? { guild_id: guildId } : {}),
				version: snowflake(),
				type,
				description: 'description' in body ? (body.description ?? '') : '',
				default_member_permissions: body.default_member_permissions ?? null,
			};
		});
		this.commands.set(guildId ?? 'global', commands);
		return commands;
	}

	private callback(request: LocalRequest, param: (name: string) => string): Reply {
		const handle = this.interactions.get(param('interaction'));
		if (!handle || handle.token !== param('token')) throw new DiscordError(404, 10062, 'Unknown interaction');
		if (handle.acknowledged) throw new DiscordError(400, 40060, 'Interaction has already been acknowledged.');
		if (handle.lapsed || Date.now() - handle.createdAt >= (this.options.ackDeadlineMs ?? 3000)) {
			throw new DiscordError(404, 10062, 'Unknown interaction');
		}
		const { type, data } = request.body as { type: InteractionResponseType; data?: unknown };
		const R = InteractionResponseType;
		const allowed: Record<InteractionType, readonly InteractionResponseType[]> = {
			[InteractionType.Ping]: [R.Pong],
			[InteractionType.ApplicationCommand]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal],
			[InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
			[InteractionType.ApplicationCommandAutocomplete]: [R.ApplicationCommandAutocompleteResult],
			[InteractionType.ModalSubmit]: handle.sourceMessageId ? [4, 5, 6, 7] : [4, 5],
		};
		if (!allowed[handle.payload.type].includes(type))
			throw new DiscordError(400, 50035, `Invalid callback type ${type}`);
		clearTimeout(handle.timer);
		handle.callbacks.push({ type, data });
		const body = (data ?? {}) as MessageBody & Pick<APIModalInteractionResponseCallbackData, 'custom_id'>;
		if (type === R.ChannelMessageWithSource || type === R.DeferredChannelMessageWithSource) {
			const ephemeral = (body.flags ?? 0) & MessageFlags.Ephemeral;
			const deferred = type === R.DeferredChannelMessageWithSource;
			const flags = ephemeral | (deferred ? MessageFlags.Loading : 0);
			handle.originalId = this.respond(handle, deferred ? {} : body, request.files, flags).data.id;
		}
		if (type === R.UpdateMessage) this.edit(handle.originalId ?? '', body, request.files);
		if (type === R.ApplicationCommandAutocompleteResult) {
			handle.choices = (data as { choices?: APIApplicationCommandOptionChoice[] }).choices ?? [];
		}
		if (type === R.Modal) handle.modal = data as APIModalInteractionResponseCallbackData;
		this.signal.wake();
		if (request.query.get('with_response') !== 'true') return noContent;
		const message = [4, 5, 7].includes(type) ? this.messages.get(handle.originalId ?? '')?.data : undefined;
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

	private webhookHandle(param: (name: string) => string): InteractionHandle {
		const handle = [...this.interactions.values()].find((candidate) => candidate.token === param('token'));
		if (!handle?.acknowledged || param('application') !== this.applicationId) {
			throw new DiscordError(404, 10015, 'Unknown Webhook');
		}
		return handle;
	}

	/** After a defer, the first follow-up fills in the "thinking" original instead of posting, as on Discord. */
	private createFollowUp(request: LocalRequest, param: (name: string) => string): Reply {
		const handle = this.webhookHandle(param);
		const body = request.body as MessageBody;
		const original = handle.original;
		let message: LocalMessage;
		if (original && isLoading(original) && original.history.length === 0) {
			message = this.edit(original.data.id, body, request.files);
		} else {
			message = this.respond(handle, body, request.files, (body.flags ?? 0) & MessageFlags.Ephemeral);
			handle.followUps.push(message);
		}
		this.signal.wake();
		return request.query.get('wait') === 'true' ? json(message.data) : noContent;
	}

	private webhookMessage(request: LocalRequest, param: (name: string) => string): Reply {
		const handle = this.webhookHandle(param);
		const id = param('message') === '@original' ? handle.originalId : param('message');
		const known = id === handle.originalId || handle.followUps.some((message) => message.data.id === id);
		if (!id || !known) throw new DiscordError(404, 10008, 'Unknown Message');
		return this.onMessage(request, id);
	}

	private channel(channelId: string) {
		const channel = this.world.channel(channelId);
		if (!channel) throw new DiscordError(404, 10003, 'Unknown Channel');
		return channel;
	}

	/** Honours `enforce_nonce`: a repeated nonce within a few minutes returns the existing message. */
	private createChannelMessage(request: LocalRequest, channelId: string): Reply {
		this.channel(channelId);
		const limited = this.rateLimit(channelId);
		if (limited.status === 429) return limited;
		const body = request.body as MessageBody & { enforce_nonce?: boolean };
		const tooLong = embedLimitError(body.embeds);
		if (tooLong) return tooLong;
		const repeat =
			body.enforce_nonce && body.nonce !== undefined
				? this.messagesIn(channelId).find(
						(message) => message.nonce === String(body.nonce) && Date.now() - message.createdAt < nonceWindowMs,
					)
				: undefined;
		const { attachmentBase, world } = this;
		const message =
			repeat ??
			this.store(createMessage({ channelId, author: world.bot, body, uploads: request.files, attachmentBase }));
		return { ...json(message.data), headers: limited.headers };
	}

	private channelMessage(request: LocalRequest, param: (name: string) => string): Reply {
		const message = this.messages.get(param('message'));
		if (!message || message.data.channel_id !== param('channel') || isEphemeral(message)) {
			throw new DiscordError(404, 10008, 'Unknown Message');
		}
		return this.onMessage(request, message.data.id);
	}

	private onMessage(request: LocalRequest, messageId: string): Reply {
		const message = this.messages.get(messageId);
		if (!message || message.deleted) throw new DiscordError(404, 10008, 'Unknown Message');
		if (request.method === 'GET') return json(message.data);
		if (request.method === 'PATCH') return json(this.edit(messageId, request.body as MessageBody, request.files).data);
		message.deleted = true;
		this.changed(message, 'deleted');
		return noContent;
	}

	private rateLimit(channelId: string): Reply {
		const limit = this.options.rateLimit?.perChannel;
		if (!limit) return noContent;
		const now = Date.now();
		const current = this.windows.get(channelId);
		const window = current && now - current.start < limit.windowMs ? current : { start: now, count: 0 };
		this.windows.set(channelId, window);
		const resetAfter = ((window.start + limit.windowMs - now) / 1000).toFixed(3);
		const headers = {
			'x-ratelimit-limit': String(limit.limit),
			'x-ratelimit-remaining': String(Math.max(0, limit.limit - window.count - 1)),
			'x-ratelimit-reset-after': resetAfter,
			'x-ratelimit-reset': ((window.start + limit.windowMs) / 1000).toFixed(3),
			'x-ratelimit-bucket': `fake-messages-${channelId}`,
		};
		if (window.count >= limit.limit) {
			const body = { message: 'You are being rate limited.', retry_after: Number(resetAfter), global: false };
			return { status: 429, body, headers: { ...headers, 'retry-after': resetAfter, 'x-ratelimit-scope': 'user' } };
		}
		window.count += 1;
		return { status: 204, headers };
	}

	/** An interaction response or follow-up: posted by the bot through the application's webhook. */
	private respond(handle: InteractionHandle, body: MessageBody, uploads: readonly UploadedFile[], flags: number) {
		const { payload } = handle;
		const user = payload.member?.user ?? payload.user ?? this.world.bot;
		const command = payload.type === InteractionType.ApplicationCommand;
		const fromInteraction = {
			type: command ? MessageType.ChatInputCommand : MessageType.Default,
			application_id: this.applicationId,
			webhook_id: this.applicationId,
			interaction_metadata: {
				id: payload.id,
				type: payload.type,
				user,
				authorizing_integration_owners: payload.authorizing_integration_owners,
			} as APIMessage['interaction_metadata'],
		};
		const channelId = payload.channel?.id ?? '';
		const { attachmentBase, world } = this;
		return this.store(
			createMessage({ channelId, author: world.bot, body, uploads, attachmentBase, flags, fromInteraction }),
		);
	}

	private store(message: LocalMessage): LocalMessage {
		this.messages.set(message.data.id, message);
		const list = this.channelMessages.get(message.data.channel_id) ?? [];
		list.push(message);
		this.channelMessages.set(message.data.channel_id, list);
		this.changed(message, 'created');
		return message;
	}

	private edit(messageId: string, body: MessageBody, uploads: readonly UploadedFile[]): LocalMessage {
		const message = this.messages.get(messageId);
		if (!message || message.deleted) throw new DiscordError(404, 10008, 'Unknown Message');
		editMessage(message, body, uploads, this.attachmentBase);
		this.changed(message, 'edited');
		return message;
	}

	private changed(message: LocalMessage, change: MessageChange): void {
		for (const listener of this.listeners) listener(message, change);
		this.signal.wake();
	}

	private record<T>(log: T[], entry: T): void {
		if (this.options.recordTraffic !== false) log.push(entry);
	}

	private get attachmentBase(): string {
		return `http://${this.origin}/attachments`;
	}
}

const isEmpty = (object: object) => Object.keys(object).length === 0;

function inferType(value: string | number | boolean): ApplicationCommandOptionType {
	if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
	if (typeof value === 'string') return ApplicationCommandOptionType.String;
	return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
}
