import type { Decimal } from 'decimal.js';
import type { Logger } from 'pino';
import type { AlertRoute, AlertRoutes } from './alert-routes.js';
import type { AuditTrail } from './audit.js';
import { accept, type Checked, type Refusal, refuse } from './checked.js';
import { formatMoney } from './money.js';
import type { Placement } from './place-order.js';
import { type Actor, type SendHooks, type TicketDesk, ticketInputs } from './ticket-desk.js';
import { approvalRefusalText, type Ticket, type TicketBook } from './tickets.js';

/** How a request ended without an order. */
export type ApprovalEnd =
	| { readonly kind: 'rejected'; readonly by: string }
	| { readonly kind: 'expired' }
	| { readonly kind: 'refused'; readonly by: string; readonly reason: string };

/** How the trader hears what became of their request: the placement, or why nothing was sent. */
export interface TraderHooks extends SendHooks {
	/** Once, when the request ended without an order; its failure is logged. */
	readonly closed: (end: ApprovalEnd) => Promise<void>;
}

export interface ApprovalRequest {
	readonly ticket: Ticket;
	readonly route: AlertRoute;
	readonly expiresAt: number;
}

/** An approved ticket, taken for sending: sent once with `Approvals.send`. */
export interface Approved {
	readonly ticket: Ticket;
	readonly trader: Actor;
	readonly hooks: TraderHooks;
}

export interface ApprovalParts {
	readonly tickets: TicketDesk;
	readonly book: TicketBook;
	readonly routes: Pick<AlertRoutes, 'get'>;
	readonly audit: AuditTrail;
	readonly logger: Logger;
	readonly now: () => number;
	/** Orders worth more than this at worst, in the desk's currency, need a second person's approval. */
	readonly above: Decimal;
	readonly ttlMs: number;
	readonly currency: string;
	/** How often a waiting request looks at the clock: a clock moved forward (tests, a suspended host) is noticed. */
	readonly pollMs?: number;
}

/**
 * Four eyes above a threshold: the trader's Confirm asks for approval on the approvals route, and the order goes
 * out only when another person with the approve capability approves it in time, priced and checked again then.
 */
export class Approvals {
	private readonly waiting = new Map<string, { readonly trader: Actor; readonly hooks: TraderHooks }>();

	constructor(private readonly parts: ApprovalParts) {}

	get ttlMs(): number {
		return this.parts.ttlMs;
	}

	required(ticket: Ticket): boolean {
		return ticket.preview.valuation.value.gt(this.parts.above);
	}

	/** Takes the ticket out of the trader's hands to wait for approval, once; nothing is posted or audited yet. */
	request(ticketId: string, trader: Actor, retyped: boolean, hooks: TraderHooks): Checked<ApprovalRequest> {
		const { routes, tickets, ttlMs, above, currency } = this.parts;
		const route = routes.get('approvals');
		if (!route || route.mode === 'off') {
			return refuse(
				`Orders above ${formatMoney(above, currency)} need a second person's approval, and the approvals route is not set: an admin must set it with /alerts set kind approvals. Nothing was sent.`,
			);
		}
		const claimed = tickets.claim(ticketId, trader, retyped, ttlMs);
		if (!claimed.ok) return claimed;
		const ticket = claimed.value;
		this.waiting.set(ticket.id, { trader, hooks });
		return accept({ ticket, route, expiresAt: ticket.approval?.expiresAt ?? this.parts.now() + ttlMs });
	}

	/** The trader's ticket could not even be acknowledged: it is theirs again, unsent. */
	withdraw(ticketId: string): void {
		this.waiting.delete(ticketId);
		this.parts.tickets.release(ticketId);
	}

	/** The request is on the approvals route: audited, and from now on it can expire. */
	posted(request: ApprovalRequest): void {
		const { ticket, route, expiresAt } = request;
		this.record(ticket, this.waiting.get(ticket.id)?.trader, {
			action: 'approval request',
			outcome: 'requested',
			detail: `posted to channel ${route.channelId}; expires ${new Date(expiresAt).toISOString()}`,
		});
		this.watchExpiry(ticket.id);
	}

	/** The request could not be posted: the ticket closes unsent, and the trader is told why. */
	notPosted(request: ApprovalRequest, reason: string): Refusal {
		const { ticket } = request;
		const trader = this.waiting.get(ticket.id)?.trader;
		this.waiting.delete(ticket.id);
		this.parts.book.abandon(ticket.id);
		const sentence = `The approval request could not be posted (${reason.slice(0, 200)}). Nothing was sent; open a new ticket.`;
		this.record(ticket, trader, { action: 'approval request', outcome: 'not posted', detail: sentence });
		return refuse(sentence);
	}

	/**
	 * Approves, once, whatever presses race: the ticket is priced and checked again first (halt, limits), and a
	 * failure closes it unsent, with that sentence for the approver and the trader.
	 */
	approve(ticketId: string, approver: Actor): Checked<Approved> {
		const { book, tickets } = this.parts;
		this.expireIfDue(ticketId);
		const checked = book.checkApproval(ticketId, approver.userId);
		if (!checked.ok) return checked;
		const entry = this.waiting.get(ticketId);
		if (!entry) return refuse(approvalRefusalText.unknown);
		const rechecked = tickets.recheck(checked.value, entry.trader);
		if (!rechecked.ok) {
			const refused = book.decide(ticketId, approver.userId, 'refused');
			if (refused.ok)
				this.end(refused.value, approver, { kind: 'refused', by: approver.userId, reason: rechecked.refusal });
			return rechecked;
		}
		const approved = book.decide(ticketId, approver.userId, 'approved');
		if (!approved.ok) return approved;
		this.waiting.delete(ticketId);
		const value = formatMoney(rechecked.value.valuation.value, this.parts.currency);
		this.recordDecision(approved.value, approver, 'approved', `value at worst now ${value}`);
		return accept({ ticket: approved.value, trader: entry.trader, hooks: entry.hooks });
	}

	reject(ticketId: string, approver: Actor): Checked<Ticket> {
		this.expireIfDue(ticketId);
		const rejected = this.parts.book.decide(ticketId, approver.userId, 'rejected');
		if (rejected.ok) this.end(rejected.value, approver, { kind: 'rejected', by: approver.userId });
		return rejected;
	}

	/** Sends the approved order once; the trader's ticket and the approver's request both show the result. */
	send(approved: Approved, showApprover: (placement: Placement) => Promise<void>): Promise<Placement> {
		const { ticket, trader, hooks } = approved;
		return this.parts.tickets.send(ticket, trader, {
			onOutcomeUnknown: hooks.onOutcomeUnknown,
			show: async (placement) => {
				await Promise.allSettled([hooks.show(placement), showApprover(placement)]);
			},
		});
	}

	private watchExpiry(ticketId: string): void {
		const tick = () => {
			if (this.expireIfDue(ticketId) || !this.waiting.has(ticketId)) return;
			setTimeout(tick, this.parts.pollMs ?? 1000).unref();
		};
		tick();
	}

	/** True if the request's time had run out and it was closed now. */
	private expireIfDue(ticketId: string): boolean {
		const expired = this.parts.book.expire(ticketId);
		if (expired) this.end(expired, undefined, { kind: 'expired' });
		return expired !== undefined;
	}

	private end(ticket: Ticket, by: Actor | undefined, end: ApprovalEnd): void {
		const entry = this.waiting.get(ticket.id);
		this.waiting.delete(ticket.id);
		this.recordDecision(ticket, by ?? entry?.trader, end.kind, end.kind === 'refused' ? end.reason : null);
		entry?.hooks.closed(end).catch((error: unknown) => {
			this.parts.logger.error(
				{ ticketId: ticket.id, err: error instanceof Error ? error.message : String(error) },
				'the trader could not be told how their approval request ended',
			);
		});
	}

	private recordDecision(ticket: Ticket, by: Actor | undefined, outcome: string, detail: string | null): void {
		const requestedAt = ticket.approval?.requestedAt;
		this.record(ticket, by, {
			action: 'approval decision',
			outcome,
			detail,
			latencyMs: requestedAt === undefined ? null : this.parts.now() - requestedAt,
		});
	}

	private record(
		ticket: Ticket,
		by: Actor | undefined,
		row: { action: string; outcome: string; detail: string | null; latencyMs?: number | null },
	): void {
		this.parts.audit.record({
			at: this.parts.now(),
			userId: by?.userId ?? ticket.userId,
			guildId: by?.guildId ?? null,
			channelId: by?.channelId ?? null,
			action: row.action,
			inputs: JSON.stringify({ ...ticketInputs(ticket), value: ticket.preview.valuation.value.toFixed() }),
			ticketId: ticket.id,
			outcome: row.outcome,
			detail: row.detail,
			latencyMs: row.latencyMs ?? null,
		});
	}
}
