import {
	type APIDMChannel,
	type APIInteractionDataResolved,
	type APIInteractionGuildMember,
	type APIRole,
	type APITextChannel,
	type APIUser,
	ApplicationCommandOptionType,
	ChannelType,
	type GatewayGuildCreateDispatchData,
	type GuildMemberFlags,
	PermissionFlagsBits,
} from 'discord-api-types/v10';
import { snowflake } from './snowflake.js';
import {
	allPermissions,
	type ChannelOptions,
	defaultEveryonePermissions,
	type GuildOptions,
	type GuildRecord,
	type MemberOptions,
	type MemberRecord,
	memberRecord,
	type RoleOptions,
	role,
	type UserOptions,
} from './world-records.js';

/** The guild, role, channel and user model a LocalDiscord serves. */

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
		const id = this.freshId(options.id);
		const username = options.username ?? `user-${id.slice(-6)}`;
		this.users.set(id, { id, username, discriminator: '0', global_name: username, avatar: null, bot: options.bot });
		return id;
	}

	/** Adds a guild with its @everyone role (id = guild id); the bot is a member of it. */
	addGuild(options: GuildOptions = {}): string {
		const id = this.freshId(options.id);
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
		const id = this.freshId(options.id);
		guild.roles.set(id, role(id, options.name, options.permissions ?? '0', options.position ?? guild.roles.size));
		return id;
	}

	addChannel(guildId: string, options: ChannelOptions): string {
		const guild = this.guild(guildId);
		const id = this.freshId(options.id);
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
			// No flags set: the flags enum has no 0 member, so TypeScript needs the cast.
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

	/** A new snowflake, or the given one if no user, guild, role or channel has it yet. */
	private freshId(wanted: string | undefined): string {
		if (wanted === undefined) return snowflake();
		if (!/^\d{17,20}$/.test(wanted)) throw new Error(`${wanted} is not a snowflake`);
		const taken =
			this.users.has(wanted) ||
			this.guilds.has(wanted) ||
			[...this.guilds.values()].some((guild) => guild.roles.has(wanted) || guild.channels.has(wanted));
		if (taken) throw new Error(`id ${wanted} is already used`);
		return wanted;
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
