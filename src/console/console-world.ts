import { type APIApplicationCommandBasicOption, ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { RoleGrants } from '../discord/access.js';
import { LocalDiscord } from '../local-discord/local-discord.js';
import { InputError } from './command-line.js';
import type { ConsoleRole } from './console-roles.js';

/**
 * The console's one-server Discord: a desk channel to type in, a channel per alert kind, a role per capability,
 * and the person at the keyboard. The ids never change between runs, because the console's database keeps
 * alert routes, tickets and audit rows that name them.
 */
const ids = {
	application: '1200000000000000001',
	guild: '1200000000000000002',
	user: '1200000000000000003',
	roles: {
		viewer: '1200000000000000011',
		trader: '1200000000000000012',
		admin: '1200000000000000013',
		approver: '1200000000000000014',
	},
	channels: {
		desk: '1200000000000000021',
		orders: '1200000000000000022',
		fills: '1200000000000000023',
		errors: '1200000000000000024',
		approvals: '1200000000000000025',
		reports: '1200000000000000026',
	},
} as const;

export type ConsoleChannel = keyof typeof ids.channels;
const consoleChannels: readonly ConsoleChannel[] = ['desk', 'orders', 'fills', 'errors', 'approvals', 'reports'];
export const consoleRoles: readonly ConsoleRole[] = ['viewer', 'trader', 'admin', 'approver'];
export const consoleUsername = 'you';
const roleNames: Record<ConsoleRole, string> = {
	viewer: 'Viewer',
	trader: 'Trader',
	admin: 'Admin',
	approver: 'Approver',
};
const channelTopics: Record<ConsoleChannel, string> = {
	desk: 'Where your commands run',
	orders: 'Order status changes',
	fills: 'Fills',
	errors: 'Alert route failures and outages',
	approvals: 'Large orders waiting for a second person',
	reports: 'The end-of-day report',
};

export class ConsoleWorld {
	readonly guildId = ids.guild;
	readonly userId = ids.user;
	readonly channels = ids.channels;
	/** Which role grants which capability, for the bot's dispatcher. */
	readonly grants: RoleGrants = {
		view: [ids.roles.viewer],
		trade: [ids.roles.trader],
		admin: [ids.roles.admin],
		approve: [ids.roles.approver],
	};
	private held: readonly ConsoleRole[];

	private constructor(
		readonly discord: LocalDiscord,
		roles: readonly ConsoleRole[],
	) {
		this.held = roles;
	}

	static async start(roles: readonly ConsoleRole[]): Promise<ConsoleWorld> {
		const discord = await LocalDiscord.start({ applicationId: ids.application, recordTraffic: false });
		const guildId = discord.addGuild({ id: ids.guild, name: 'Local desk' });
		for (const role of consoleRoles) discord.addRole(guildId, { id: ids.roles[role], name: roleNames[role] });
		for (const name of consoleChannels) {
			discord.addChannel(guildId, { id: ids.channels[name], name, topic: channelTopics[name] });
		}
		const username = consoleUsername;
		discord.addMember(guildId, { id: ids.user, username, roles: roles.map((role) => ids.roles[role]) });
		return new ConsoleWorld(discord, roles);
	}

	get roles(): readonly ConsoleRole[] {
		return this.held;
	}

	/** Later interactions carry the new roles, as they would after a change in the server's settings. */
	setRoles(roles: readonly ConsoleRole[]): void {
		this.discord.world.setMember(this.guildId, this.userId, { roles: roles.map((role) => ids.roles[role]) });
		this.held = roles;
	}

	channelName(channelId: string): string | undefined {
		const channel = this.discord.world.channel(channelId);
		return channel && 'name' in channel && channel.name ? channel.name : undefined;
	}

	/** `#fills`, `fills` or an id for channels; `@you`, `you` or an id for people and roles. */
	resolveOption = (option: APIApplicationCommandBasicOption, text: string): string => {
		const { Channel, User, Role, Mentionable } = ApplicationCommandOptionType;
		const bare = text.replace(/^[#@]/, '').toLowerCase();
		if (option.type === Channel) {
			const found = Object.values(this.channels).find((id) => id === text || this.channelName(id) === bare);
			if (!found) throw new InputError(`is not a channel here; there are ${this.channelList()}`);
			return found;
		}
		const userId = this.userId === text || bare === consoleUsername ? this.userId : undefined;
		const roleId = Object.entries(ids.roles).find(([name, id]) => id === text || name === bare)?.[1];
		if (option.type === User && userId) return userId;
		if (option.type === Role && roleId) return roleId;
		if (option.type === Mentionable && (userId ?? roleId)) return userId ?? roleId ?? '';
		if (option.type === User) throw new InputError(`is not someone here; the only person is @${consoleUsername}`);
		if (option.type === Role)
			throw new InputError('is not a role here; there are @viewer, @trader, @admin and @approver');
		throw new InputError('cannot be given in the console');
	};

	channelList(): string {
		return Object.keys(this.channels)
			.map((name) => `#${name}`)
			.join(', ');
	}

	async stop(): Promise<void> {
		await this.discord.stop();
	}
}
