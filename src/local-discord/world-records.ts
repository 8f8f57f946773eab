import { type APIRole, type APITextChannel, PermissionFlagsBits, type RoleFlags } from 'discord-api-types/v10';

/** The options a World is built from and the records it keeps. */

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

/** Each builder takes an optional fixed `id`, so that a world can be rebuilt with the same ids (the console's is). */
export interface GuildOptions {
	readonly id?: string;
	readonly name?: string;
	/** Permission bitfield (decimal string) of the @everyone role. */
	readonly everyonePermissions?: string;
	readonly ownerId?: string;
}

export interface RoleOptions {
	readonly id?: string;
	readonly name: string;
	readonly permissions?: string;
	readonly position?: number;
}

export interface ChannelOptions {
	readonly id?: string;
	readonly name: string;
	readonly topic?: string;
}

export interface UserOptions {
	readonly id?: string;
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

export interface MemberRecord {
	readonly userId: string;
	roles: string[];
	permissions: string | undefined;
	readonly nick: string | null;
	readonly joinedAt: string;
}

export interface GuildRecord {
	readonly id: string;
	readonly name: string;
	readonly ownerId: string;
	readonly roles: Map<string, APIRole>;
	readonly channels: Map<string, APITextChannel>;
	readonly members: Map<string, MemberRecord>;
}

export function role(id: string, name: string, permissions: string, position: number): APIRole {
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
		// No flags set: the flags enum has no 0 member, so TypeScript needs the cast.
		flags: 0 as RoleFlags,
	};
}

export function memberRecord(userId: string, options: MemberOptions): MemberRecord {
	return {
		userId,
		roles: [...(options.roles ?? [])],
		permissions: options.permissions,
		nick: options.nick ?? null,
		joinedAt: new Date().toISOString(),
	};
}
