import { accept, type Checked, refuse } from '../desk/checked.js';

export type Capability = 'view' | 'trade' | 'admin' | 'approve';

export interface RoleGrants {
	readonly view: readonly string[];
	readonly trade: readonly string[];
	readonly admin: readonly string[];
	readonly approve: readonly string[];
}

/** Who is asking, in plain data: where (null for a direct message) and with which roles. */
export interface Caller {
	readonly guildId: string | null;
	readonly roleIds: readonly string[];
}

const capabilityWords: Record<Capability, string> = {
	view: 'view (prices and orders)',
	trade: 'trade (placing orders)',
	admin: 'admin (desk controls)',
	approve: 'approve (a second approval of large orders)',
};

/**
 * What a member may do. Traders, admins and approvers may also view; trading and admin are separate, so an engineer
 * who runs the bot cannot place orders by being an admin. A capability with no role configured is nobody's.
 */
export function capabilitiesOf(roleIds: readonly string[], grants: RoleGrants): Set<Capability> {
	const holds = (granted: readonly string[]) => granted.some((role) => roleIds.includes(role));
	const capabilities = new Set<Capability>();
	if (holds(grants.trade)) capabilities.add('trade');
	if (holds(grants.admin)) capabilities.add('admin');
	if (holds(grants.approve)) capabilities.add('approve');
	if (holds(grants.view) || capabilities.size > 0) capabilities.add('view');
	return capabilities;
}

/** The bot's own check, made on every command, button, modal and autocomplete; Discord's settings are only the outer gate. */
export function checkAccess(
	caller: Caller,
	needed: Capability,
	grants: RoleGrants,
	deskGuildId: string | undefined,
): Checked<Capability> {
	if (caller.guildId === null) return refuse('The desk works only in its Discord server, not in direct messages.');
	if (deskGuildId !== undefined && caller.guildId !== deskGuildId) {
		return refuse('This bot serves another server’s desk.');
	}
	if (!capabilitiesOf(caller.roleIds, grants).has(needed)) {
		return refuse(
			`You need the ${capabilityWords[needed]} capability for this. Ask a desk head to grant you the role.`,
		);
	}
	return accept(needed);
}
