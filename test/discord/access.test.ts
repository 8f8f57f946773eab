import { describe, expect, it } from 'vitest';
import { type Capability, capabilitiesOf, checkAccess } from '../../src/discord/access.js';

const guild = '100000000000000001';
const grants = {
	view: ['200000000000000001'],
	trade: ['200000000000000002'],
	admin: ['200000000000000003'],
	approve: ['200000000000000004'],
};
const roleSets: Record<string, string[]> = {
	none: [],
	viewer: ['200000000000000001'],
	trader: ['200000000000000002'],
	admin: ['200000000000000003'],
	'trader+admin': ['200000000000000002', '200000000000000003'],
	approver: ['200000000000000004'],
};

describe('access', () => {
	it.each([
		['none', []],
		['viewer', ['view']],
		['trader', ['trade', 'view']],
		['admin', ['admin', 'view']],
		['trader+admin', ['trade', 'admin', 'view']],
		['approver', ['approve', 'view']],
	])('%s holds exactly %j', (set, expected) => {
		expect([...capabilitiesOf(roleSets[set] ?? [], grants)].sort()).toEqual([...expected].sort());
	});

	const matrix: Array<[string, Capability, boolean]> = [
		['none', 'view', false],
		['none', 'trade', false],
		['none', 'admin', false],
		['viewer', 'view', true],
		['viewer', 'trade', false],
		['viewer', 'admin', false],
		['trader', 'view', true],
		['trader', 'trade', true],
		['trader', 'admin', false],
		['admin', 'view', true],
		['admin', 'trade', false],
		['admin', 'admin', true],
		['trader', 'approve', false],
		['admin', 'approve', false],
		['approver', 'approve', true],
		['approver', 'trade', false],
	];
	it.each(matrix)('%s asking for %s is allowed: %s', (set, capability, allowed) => {
		const result = checkAccess({ guildId: guild, roleIds: roleSets[set] ?? [] }, capability, grants, guild);
		expect(result.ok).toBe(allowed);
		if (!result.ok) expect(result.refusal).toContain(`You need the ${capability}`);
	});

	it('gives nobody a capability that has no role configured', () => {
		const empty = { view: [], trade: [], admin: [], approve: [] };
		expect(checkAccess({ guildId: guild, roleIds: roleSets.trader ?? [] }, 'view', empty, guild).ok).toBe(false);
		expect(capabilitiesOf([guild], empty).size).toBe(0);
	});

	it('refuses direct messages and other servers, whatever the roles', () => {
		const everything = roleSets['trader+admin'] ?? [];
		expect(checkAccess({ guildId: null, roleIds: everything }, 'view', grants, guild)).toEqual({
			ok: false,
			refusal: 'The desk works only in its Discord server, not in direct messages.',
		});
		expect(checkAccess({ guildId: '100000000000000009', roleIds: everything }, 'view', grants, guild).ok).toBe(false);
		expect(checkAccess({ guildId: '100000000000000009', roleIds: everything }, 'view', grants, undefined).ok).toBe(
			true,
		);
	});
});
