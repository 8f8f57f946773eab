import { vi } from 'vitest';
import type { AuditEntry } from '../../src/desk/audit.js';
import type { Capability } from '../../src/discord/access.js';
import { buttonIds, type DeskHarness, messageText } from './desk-harness.js';
import type { FakeMessage, InteractionHandle } from './fake-discord.js';
import { call } from './sandbox-peer.js';

/**
 * The authorization matrix's view of the desk: who acts (a role), where (the desk's server, a direct
 * message, another server), what each action looks like from outside (an order at the exchange, a halt in
 * the store, a route changed, a CSV sent), and the audit row it leaves.
 */

export type Role = 'none' | 'viewer' | 'trader' | 'admin' | 'approver';
export type Place = 'desk' | 'dm' | 'elsewhere';
export const roles: readonly Role[] = ['none', 'viewer', 'trader', 'admin', 'approver'];
export const places: readonly Place[] = ['desk', 'dm', 'elsewhere'];

/** What each role may do: traders, admins and approvers may also view; the rest are separate. */
export const roleCapabilities: Record<Role, readonly Capability[]> = {
	none: [],
	viewer: ['view'],
	trader: ['view', 'trade'],
	admin: ['view', 'admin'],
	approver: ['view', 'approve'],
};

export type Target = { readonly userId: string; readonly channelId?: string } & (
	| { readonly guildId: string; readonly dm?: undefined }
	| { readonly dm: true; readonly guildId?: undefined }
);

/** One action, staged for one actor: how to do it, and how to see from outside whether it happened. */
export interface Scene {
	/** What the audit trail calls it. */
	readonly action: string;
	/** What the audit row's inputs must hold. */
	readonly inputs: Record<string, unknown>;
	readonly ticketId: string | null;
	/** For an action that opens a ticket: the id of the ticket it showed, which its audit row must carry. */
	readonly ticketOpened?: (handle: InteractionHandle) => string | null;
	fire(target: Target): InteractionHandle;
	acted(handle: InteractionHandle): Promise<boolean> | boolean;
}

export type Stage = (world: AuthzDesk, actor: { readonly role: Role; readonly userId: string }) => Promise<Scene>;

export const deskTicket = { side: 'buy', symbol: 'USDT/AUD', amount: '10', type: 'market' } as const;
/** A buy limited far above the market: the ticket asks for an acknowledgement first. */
export const farLimitTicket = { side: 'buy', symbol: 'USDT/AUD', amount: '10', type: 'limit', price: '2' } as const;
/** Large enough to be asked again (retype), within the desk's limit. */
export const largeTicket = { side: 'buy', symbol: 'USDT/AUD', amount: '40000', type: 'market' } as const;
/** Above the matrix desk's approval threshold (100,000 AUD), within its per-order limit. */
export const approvalTicket = { side: 'buy', symbol: 'USDT/AUD', amount: '70000', type: 'market' } as const;
export const matrixApprovalAbove = '100000';

export class AuthzDesk {
	readonly elsewhereChannelId: string;
	readonly alertsChannelId: string;
	readonly spareChannelId: string;
	readonly approvalsChannelId: string;

	constructor(readonly desk: DeskHarness) {
		const { fake } = desk;
		this.elsewhereChannelId = fake.world.firstChannel(desk.otherGuildId);
		// The other server has its own roles of the same names; they grant nothing here.
		const otherRoles = {
			Viewer: fake.addRole(desk.otherGuildId, { name: 'Viewer' }),
			Trader: fake.addRole(desk.otherGuildId, { name: 'Trader' }),
			Admin: fake.addRole(desk.otherGuildId, { name: 'Admin' }),
			Approver: fake.addRole(desk.otherGuildId, { name: 'Approver' }),
		};
		fake.world.setMember(desk.otherGuildId, desk.users.trader, { roles: [otherRoles.Trader] });
		fake.addMember(desk.otherGuildId, { userId: desk.users.viewer, roles: [otherRoles.Viewer] });
		fake.addMember(desk.otherGuildId, { userId: desk.users.admin, roles: [otherRoles.Admin] });
		fake.addMember(desk.otherGuildId, { userId: desk.users.nobody });
		fake.addMember(desk.otherGuildId, { userId: desk.users.approver, roles: [otherRoles.Approver] });
		this.alertsChannelId = fake.addChannel(desk.guildId, { name: 'desk-alerts' });
		this.spareChannelId = fake.addChannel(desk.guildId, { name: 'desk-spare' });
		this.approvalsChannelId = fake.addChannel(desk.guildId, { name: 'desk-approvals' });
		desk.store.routes.set({
			kind: 'approvals',
			channelId: this.approvalsChannelId,
			mode: 'on',
			changedBy: 'matrix',
			changedAt: desk.clock.now(),
		});
	}

	userOf(role: Role): string {
		const { users } = this.desk;
		const { nobody, viewer, trader, admin, approver } = users;
		return { none: nobody, viewer, trader, admin, approver }[role];
	}

	target(userId: string, place: Place): Target {
		if (place === 'dm') return { dm: true, userId };
		if (place === 'elsewhere') return { guildId: this.desk.otherGuildId, channelId: this.elsewhereChannelId, userId };
		return { guildId: this.desk.guildId, channelId: this.desk.channelId, userId };
	}

	/** The actor when their role may create the thing, else someone who may (its owner, for buttons). */
	ownerFor(actor: { readonly role: Role; readonly userId: string }, needed: Capability, fallback: Role): string {
		return roleCapabilities[actor.role].includes(needed) ? actor.userId : this.userOf(fallback);
	}

	auditRows(): AuditEntry[] {
		return this.desk.store.audit.query({ limit: 1_000_000 });
	}

	/** The audit row `userId`'s action leaves, once the bot has finished with it (the row is written last). */
	async auditRowAfter(baseline: number, userId: string, action: string): Promise<AuditEntry> {
		return vi.waitFor(
			() => {
				const rows = this.auditRows();
				const row = rows
					.slice(0, rows.length - baseline)
					.find((entry) => entry.userId === userId && entry.action === action);
				if (!row) throw new Error(`no audit row for ${action} by ${userId} yet`);
				return row;
			},
			{ timeout: 5_000, interval: 5 },
		);
	}

	/** Opens an order ticket as `owner` and returns its message and id. */
	async openTicket(owner: string, options: Record<string, string> = deskTicket) {
		const message = await this.desk.reply(this.desk.slash(owner, 'order', options));
		const confirm = buttonIds(message.data).find((id) => id.startsWith('order:confirm:'));
		if (!confirm) throw new Error(`no ticket: ${messageText(message.data)}`);
		return { message, ticketId: confirm.slice('order:confirm:'.length) };
	}

	/** Asks for a firm quote as `owner`, and returns its card and ticket id. */
	async openQuote(owner: string) {
		const message = await this.desk.reply(
			this.desk.slash(owner, 'quote', { side: 'buy', symbol: 'USDT/AUD', amount: deskTicket.amount }),
		);
		const accept = buttonIds(message.data).find((id) => id.startsWith('quote:accept:'));
		if (!accept) throw new Error(`no quote card: ${messageText(message.data)}`);
		return { message, ticketId: accept.slice('quote:accept:'.length) };
	}

	/** Opens a ticket above the approval threshold as `owner`, confirms it, and returns the request it posted. */
	async requestApproval(owner: string) {
		const { message, ticketId } = await this.openTicket(owner, approvalTicket);
		const retype = this.desk.submitModal(owner, message, `order:retype:${ticketId}`, { amount: approvalTicket.amount });
		await this.desk.reply(retype, (text) => text.includes('Waiting for approval'));
		const request = await vi.waitFor(
			() => {
				const approve = `order:approve:${ticketId}`;
				const found = this.desk.fake
					.messagesIn(this.approvalsChannelId)
					.find((posted) => buttonIds(posted.data).includes(approve));
				if (!found) throw new Error(`no approval request for ${ticketId} yet`);
				return found;
			},
			{ timeout: 5_000, interval: 5 },
		);
		return { request, ticketId };
	}

	/** Whether the audit trail holds a decision on the ticket's approval with this outcome. */
	decided(ticketId: string, outcome: string): boolean {
		return this.auditRows().some(
			(row) => row.action === 'approval decision' && row.ticketId === ticketId && row.outcome === outcome,
		);
	}

	/** Runs /orders as `owner` and returns its message and the Next button's custom id. */
	async openOrders(owner: string) {
		const message = await this.desk.reply(this.desk.slash(owner, 'orders'));
		const next = buttonIds(message.data).find((id) => id.startsWith('orders:page:') && id.endsWith(':2'));
		if (!next) throw new Error(`no pages: ${messageText(message.data)}`);
		return { message, next };
	}

	async exchangeOrders(clientOrderId: string): Promise<number> {
		const reply = await call(this.desk.sandbox, 'fetch_orders', { limit: 500 });
		return reply.body.order_list.filter((order: { client_order_id: string }) => order.client_order_id === clientOrderId)
			.length;
	}

	slashScene(
		name: string,
		subcommand: string | undefined,
		options: Record<string, string>,
		acted: (handle: InteractionHandle) => Promise<boolean> | boolean,
	): Scene {
		return {
			action: subcommand ? `/${name} ${subcommand}` : `/${name}`,
			inputs: options,
			ticketId: null,
			fire: (target) =>
				this.desk.fake.injectSlashCommand({ ...target, name, options, ...(subcommand ? { subcommand } : {}) }),
			acted,
		};
	}

	buttonScene(message: FakeMessage, customId: string, acted: Scene['acted']): Scene {
		const [command, action, ticket] = customId.split(':');
		return {
			action: `button ${command}:${action}`,
			inputs: { customId },
			ticketId: command === 'order' || command === 'quote' ? (ticket ?? null) : null,
			fire: (target) => this.desk.fake.injectButton({ ...target, customId, message }),
			acted,
		};
	}
}

/** The text of the answer the person saw: the original response, or the message a button replied with. */
export function answerText(handle: InteractionHandle): string {
	const original = handle.original;
	return original ? messageText(original.data) : '';
}

export function titleOf(handle: InteractionHandle): string | undefined {
	return handle.original?.data.embeds[0]?.title;
}
