import {
	type APIAttachment,
	type APIDMChannel,
	type APIEmbed,
	type APIInteractionDataResolved,
	type APIInteractionGuildMember,
	type APIMessage,
	type APIRole,
	type APITextChannel,
	type APIUser,
	ApplicationCommandOptionType,
	ChannelType,
	type GatewayGuildCreateDispatchData,
	type GuildMemberFlags,
	MessageFlags,
	MessageType,
	PermissionFlagsBits,
	type RESTPostAPIChannelMessageJSONBody,
	type RoleFlags,
} from 'discord-api-types/v10';

/** The guild, role, channel and user model a FakeDiscord serves, and the message objects it keeps. */

const discordEpoch = 1_420_070_400_000n;
let lastSnowflake = 0n;

/** A real, strictly increasing snowflake: milliseconds since the Discord epoch, then worker 1, process 1, counter. */
export function snowflake(now = Date.now()): string {
	const timeBased = ((BigInt(now) - discordEpoch) << 22n) | (1n << 17n) | (1n << 12n);
	lastSnowflake = timeBased > lastSnowflake ? timeBased : lastSnowflake + 1n;
	return lastSnowflake.toString();
}

export const allPermissions = Object.values(PermissionFlagsBits)
	.reduce((all, bit) => all | bit, 0n)
	.toString();

/** Close to what Discord gives @everyone in a new server: see, talk, embed, attach, use commands. */
export const defaultEveryonePermissions = (
	PermissionFlagsBits.ViewChannel |
	PermissionFlagsBits.SendMessages |
	PermissionFlagsBits.EmbedLinks |
	PermissionFlagsBits.AttachFiles |
	PermissionFlagsBits.ReadMessageHistory |
	PermissionFlagsBits.AddReactions |
	PermissionFlagsBits.UseApplicationCommands
).toString();

export interface GuildOptions {
	readonly name?: string;
	/** Permission bitfield (decimal string) of the @everyone role. */
	readonly everyonePermissions?: string;
	readonly ownerId?: string;
}

export interface RoleOptions {
	readonly name: string;
	readonly permissions?: string;
	readonly position?: number;
}

export interface ChannelOptions {
	readonly name: string;
	readonly topic?: string;
}

export interface UserOptions {
	readonly username?: string;
	readonly bot?: boolean;
}

export interface MemberOptions extends UserOptions {
	/** An existing user to add; a new user is made when absent. */
	readonly userId?: string;
	readonly roles?: readonly string[];
	/** Fixed `member.permissions` for interactions; computed from the member's roles when absent. */
	readonly permissions?: string;
	readonly nick?: string;
}

interface MemberRecord {
	readonly userId: string;
	roles: string[];
	permissions: string | undefined;
	readonly nick: string | null;
	readonly joinedAt: string;
}

interface GuildRecord {
	readonly id: string;
	readonly name: string;
	readonly ownerId: string;
	readonly roles: Map<string, APIRole>;
	readonly channels: Map<string, APITextChannel>;
	readonly members: Map<string, MemberRecord>;
}

export class World {
	readonly bot: APIUser;
	readonly users = new Map<string, APIUser>();
	private readonly guilds = new Map<string, GuildRecord>();
	private readonly dmChannels = new Map<string, APIDMChannel>();

	constructor(
		readonly applicationId: string,
		botUsername: string,
	) {
		this.bot = {
			id: applicationId,
			username: botUsername,
			discriminator: '0',
			global_name: null,
			avatar: null,
			bot: true,
		};
		this.users.set(this.bot.id, this.bot);
	}

	addUser(options: UserOptions = {}): string {
		const id = snowflake();
		const username = options.username ?? `user-${id.slice(-6)}`;
		this.users.set(id, { id, username, discriminator: '0', global_name: username, avatar: null, bot: options.bot });
		return id;
	}

	/** Adds a guild with its @everyone role (id = guild id); the bot is a member of it. */
	addGuild(options: GuildOptions = {}): string {
		const id = snowflake();
		const guild: GuildRecord = {
			id,
			name: options.name ?? `guild-${id.slice(-6)}`,
			ownerId: options.ownerId ?? this.bot.id,
			roles: new Map(),
			channels: new Map(),
			members: new Map(),
		};
		this.guilds.set(id, guild);
		guild.roles.set(id, role(id, '@everyone', options.everyonePermissions ?? defaultEveryonePermissions, 0));
		guild.members.set(this.bot.id, memberRecord(this.bot.id, {}));
		return id;
	}

	addRole(guildId: string, options: RoleOptions): string {
		const guild = this.guild(guildId);
		const id = snowflake();
		guild.roles.set(id, role(id, options.name, options.permissions ?? '0', options.position ?? guild.roles.size));
		return id;
	}

	addChannel(guildId: string, options: ChannelOptions): string {
		const guild = this.guild(guildId);
		const id = snowflake();
		guild.channels.set(id, {
			id,
			guild_id: guildId,
			type: ChannelType.GuildText,
			name: options.name,
			position: guild.channels.size,
			permission_overwrites: [],
			nsfw: false,
			parent_id: null,
			topic: options.topic ?? null,
			last_message_id: null,
			rate_limit_per_user: 0,
		});
		return id;
	}

	/** Adds a member (a new user unless `userId` is given) and returns the user id. */
	addMember(guildId: string, options: MemberOptions = {}): string {
		const guild = this.guild(guildId);
		const userId = options.userId ?? this.addUser(options);
		this.user(userId);
		for (const roleId of options.roles ?? []) if (!guild.roles.has(roleId)) throw new Error(`unknown role ${roleId}`);
		guild.members.set(userId, memberRecord(userId, options));
		return userId;
	}

	/** Changes a member's roles (and optionally permissions); later interactions carry them. */
	setMember(guildId: string, userId: string, change: { roles?: readonly string[]; permissions?: string }): void {
		const member = this.member(guildId, userId);
		if (change.roles) member.roles = [...change.roles];
		if (change.permissions !== undefined) member.permissions = change.permissions;
	}

	hasGuild(guildId: string): boolean {
		return this.guilds.has(guildId);
	}

	guildIds(): string[] {
		return [...this.guilds.keys()];
	}

	user(userId: string): APIUser {
		const user = this.users.get(userId);
		if (!user) throw new Error(`unknown user ${userId}`);
		return user;
	}

	role(guildId: string, roleId: string): APIRole | undefined {
		return this.guilds.get(guildId)?.roles.get(roleId);
	}

	/** A guild channel or DM channel by id. */
	channel(channelId: string): APITextChannel | APIDMChannel | undefined {
		for (const guild of this.guilds.values()) {
			const channel = guild.channels.get(channelId);
			if (channel) return channel;
		}
		return this.dmChannels.get(channelId);
	}

	firstChannel(guildId: string): string {
		const [first] = this.guild(guildId).channels.keys();
		if (first === undefined) throw new Error(`guild ${guildId} has no channels`);
		return first;
	}

	/** The bot's DM channel with a user, made on first use. */
	dmChannel(userId: string): APIDMChannel {
		for (const channel of this.dmChannels.values()) if (channel.recipients?.[0]?.id === userId) return channel;
		const channel: APIDMChannel = {
			id: snowflake(),
			type: ChannelType.DM,
			recipients: [this.user(userId)],
			last_message_id: null,
			name: null,
		};
		this.dmChannels.set(channel.id, channel);
		return channel;
	}

	/** `member.permissions` as an interaction carries it: fixed, or the OR of its roles (everything for admins). */
	memberPayload(guildId: string, userId: string): APIInteractionGuildMember {
		const guild = this.guild(guildId);
		const member = this.member(guildId, userId);
		let bits = 0n;
		for (const roleId of [guildId, ...member.roles]) bits |= BigInt(guild.roles.get(roleId)?.permissions ?? '0');
		const admin = (bits & PermissionFlagsBits.Administrator) !== 0n || guild.ownerId === userId;
		return {
			user: this.user(userId),
			roles: [...member.roles],
			permissions: member.permissions ?? (admin ? allPermissions : bits.toString()),
			joined_at: member.joinedAt,
			nick: member.nick,
			avatar: null,
			premium_since: null,
			communication_disabled_until: null,
			deaf: false,
			mute: false,
			pending: false,
			flags: 0 as GuildMemberFlags,
		};
	}

	/** Adds the user, member, role or channel an option names to `resolved`, as Discord does. */
	resolve(
		resolved: APIInteractionDataResolved,
		type: ApplicationCommandOptionType,
		id: string,
		guildId?: string,
	): void {
		const { User, Role, Mentionable, Channel } = ApplicationCommandOptionType;
		const user = this.users.get(id);
		if (user && (type === User || type === Mentionable)) {
			resolved.users = { ...resolved.users, [id]: user };
			if (guildId && this.guild(guildId).members.has(id)) {
				const { user: _, ...member } = this.memberPayload(guildId, id);
				resolved.members = { ...resolved.members, [id]: member };
			}
		}
		const role = guildId ? this.role(guildId, id) : undefined;
		if (role && (type === Role || type === Mentionable)) resolved.roles = { ...resolved.roles, [id]: role };
		const channel = this.channel(id);
		if (channel?.type === ChannelType.GuildText && type === Channel) {
			const partial = { id, type: channel.type, name: channel.name, permissions: allPermissions };
			resolved.channels = { ...resolved.channels, [id]: partial };
		}
	}

	/**
	 * GUILD_CREATE with what discord.js caches: roles (incl. @everyone), channels, members. The many other APIGuild
	 * fields are absent (discord.js guards them with `'x' in data`), hence the cast.
	 */
	guildCreatePayload(guildId: string): GatewayGuildCreateDispatchData {
		const guild = this.guild(guildId);
		const members = [...guild.members.keys()].map((userId) => {
			const { permissions: _, ...member } = this.memberPayload(guildId, userId);
			return member;
		});
		const { id, name, ownerId } = guild;
		const [roles, channels] = [[...guild.roles.values()], [...guild.channels.values()]];
		const extra = {
			joined_at: new Date().toISOString(),
			large: false,
			unavailable: false,
			member_count: members.length,
		};
		const payload = { id, name, owner_id: ownerId, roles, channels, members, ...extra, features: [], emojis: [] };
		return payload as Partial<GatewayGuildCreateDispatchData> as GatewayGuildCreateDispatchData;
	}

	private guild(guildId: string): GuildRecord {
		const guild = this.guilds.get(guildId);
		if (!guild) throw new Error(`unknown guild ${guildId}`);
		return guild;
	}

	private member(guildId: string, userId: string): MemberRecord {
		const member = this.guild(guildId).members.get(userId);
		if (!member) throw new Error(`user ${userId} is not a member of guild ${guildId}`);
		return member;
	}
}

function role(id: string, name: string, permissions: string, position: number): APIRole {
	return {
		id,
		name,
		permissions,
		position,
		color: 0,
		colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
		hoist: false,
		managed: false,
		mentionable: false,
		flags: 0 as RoleFlags,
	};
}

function memberRecord(userId: string, options: MemberOptions): MemberRecord {
	return {
		userId,
		roles: [...(options.roles ?? [])],
		permissions: options.permissions,
		nick: options.nick ?? null,
		joinedAt: new Date().toISOString(),
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

export interface FakeFile {
	readonly attachmentId: string;
	readonly name: string;
	readonly contentType: string;
	readonly content: Buffer;
}

/** A message the fake created; `data` is what the bot is served and is edited in place. */
export interface FakeMessage {
	readonly data: APIMessage;
	/** Snapshots of `data` taken before each edit, oldest first. */
	readonly history: APIMessage[];
	/** Every uploaded file with its bytes, including files added by edits. */
	readonly files: FakeFile[];
	readonly nonce: string | undefined;
	readonly createdAt: number;
	/** The interaction whose response this is, if any. */
	readonly interactionId: string | undefined;
	deleted: boolean;
}

/** What the bot sends to create or edit a message (JSON, or `payload_json` of a multipart body). */
export type MessageBody = RESTPostAPIChannelMessageJSONBody;

/** A file part of a multipart body: `files[n]` is attachment `n`. */
export interface UploadedFile {
	readonly index: number;
	readonly name: string;
	readonly contentType: string;
	readonly content: Buffer;
}

export interface NewMessage {
	readonly channelId: string;
	readonly author: APIUser;
	readonly body: MessageBody;
	readonly uploads: readonly UploadedFile[];
	/** Attachment URLs start with this; the fake does not serve them (tests read `FakeMessage.files`). */
	readonly attachmentBase: string;
	readonly flags?: number;
	/** For interaction responses: message type, webhook and application id, interaction metadata. */
	readonly fromInteraction?: Pick<APIMessage, 'type' | 'application_id' | 'webhook_id' | 'interaction_metadata'>;
}

export function createMessage(spec: NewMessage): FakeMessage {
	const now = Date.now();
	const files: FakeFile[] = [];
	const { body, channelId } = spec;
	const data: APIMessage = {
		id: snowflake(now),
		channel_id: channelId,
		author: spec.author,
		content: body.content ?? '',
		timestamp: new Date(now).toISOString(),
		edited_timestamp: null,
		tts: body.tts ?? false,
		mention_everyone: false,
		mentions: [],
		mention_roles: [],
		attachments: attachmentsFor(body, [], spec.uploads, channelId, spec.attachmentBase, files),
		embeds: richEmbeds(body.embeds),
		components: body.components ?? [],
		pinned: false,
		type: MessageType.Default,
		flags: spec.flags ?? body.flags ?? 0,
		...spec.fromInteraction,
	};
	if (body.nonce !== undefined) data.nonce = body.nonce;
	if (body.message_reference) data.message_reference = { channel_id: channelId, ...body.message_reference };
	const nonce = body.nonce === undefined ? undefined : String(body.nonce);
	const interactionId = spec.fromInteraction?.interaction_metadata?.id;
	return { data, history: [], files, nonce, createdAt: now, interactionId, deleted: false };
}

/** Applies an edit in place, keeping a snapshot. The ephemeral flag cannot change; the loading flag clears. */
export function editMessage(
	message: FakeMessage,
	body: MessageBody,
	uploads: readonly UploadedFile[],
	attachmentBase: string,
): void {
	const data = message.data;
	message.history.push(structuredClone(data));
	if ('content' in body) data.content = body.content ?? '';
	if ('embeds' in body) data.embeds = richEmbeds(body.embeds);
	if ('components' in body) data.components = body.components ?? [];
	const kept = body.flags ?? data.flags ?? 0;
	data.flags = (kept & ~(MessageFlags.Ephemeral | MessageFlags.Loading)) | ((data.flags ?? 0) & MessageFlags.Ephemeral);
	if ('attachments' in body || uploads.length > 0) {
		data.attachments = attachmentsFor(body, data.attachments, uploads, data.channel_id, attachmentBase, message.files);
	}
	data.edited_timestamp = new Date().toISOString();
}

function richEmbeds(embeds: readonly APIEmbed[] | undefined): APIEmbed[] {
	return (embeds ?? []).map((embed) => ({ type: 'rich' as APIEmbed['type'], ...embed }));
}

/** Attachments listed in the body keep existing ones by id and bind `files[n]` uploads to entries with id `n`. */
function attachmentsFor(
	body: MessageBody,
	existing: readonly APIAttachment[],
	uploads: readonly UploadedFile[],
	channelId: string,
	base: string,
	files: FakeFile[],
): APIAttachment[] {
	const listed = body.attachments;
	const kept = listed ? existing.filter((old) => listed.some((entry) => String(entry.id) === old.id)) : [...existing];
	for (const upload of uploads) {
		const entry = listed?.find((candidate) => String(candidate.id) === String(upload.index));
		const id = snowflake();
		const filename = entry?.filename ?? upload.name;
		files.push({ attachmentId: id, name: filename, contentType: upload.contentType, content: upload.content });
		const url = `${base}/${channelId}/${id}/${encodeURIComponent(filename)}`;
		kept.push({
			id,
			filename,
			size: upload.content.length,
			url,
			proxy_url: url,
			content_type: upload.contentType,
			...(entry?.description ? { description: entry.description } : {}),
		});
	}
	return kept;
}
