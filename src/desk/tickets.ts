import { randomUUID } from 'node:crypto';
import type { Quote } from '../zerocap/domain-account.js';
import { accept, type Checked, type Refusal, refuse } from './checked.js';
import type { OrderPreview } from './order-preview.js';

export type TicketState = 'open' | 'awaiting-approval' | 'sending' | 'done' | 'canceled';

/** How a request for a second person's approval ended; undefined while it waits. */
export type ApprovalDecision = 'approved' | 'rejected' | 'expired' | 'refused';

/** A ticket above the approval threshold, confirmed by its trader and waiting for another person. */
export interface ApprovalState {
	readonly requestedAt: number;
	readonly expiresAt: number;
	decision: ApprovalDecision | undefined;
}

/** The dealer's firm price the ticket takes, and until when by the desk's clock. */
export interface FirmQuote {
	readonly quote: Quote;
	/** When the quote stops being good, on the desk's clock (the broker stamps its own). */
	readonly expiresAt: number;
}

export interface Ticket {
	/** Also the order's client_order_id: one ticket, one order, never reused. */
	readonly id: string;
	readonly userId: string;
	/** Replaced only when an approval outlived its quote and a fresh quote, no worse, is taken instead. */
	preview: OrderPreview;
	readonly createdAt: number;
	/** Moves on only when a form the ticket opened gives the trader time to type. */
	expiresAt: number;
	state: TicketState;
	/** The trader acknowledged the ticket's warning (a limit far from the market). */
	acknowledged: boolean;
	/** Set once the trader confirmed a ticket that needs a second person's approval. */
	approval?: ApprovalState;
	/** A ticket from /quote: Accept takes this quote; replaced by a fresh one when an approval outlived it. */
	firmQuote?: FirmQuote;
}

export type TicketRefusal =
	| 'unknown'
	| 'not-yours'
	| 'expired'
	| 'used'
	| 'canceled'
	| 'needs-retype'
	| 'needs-acknowledgement';

/** A ticket a trader may act on, or the sentence that says why not. */
export type TicketClaim = Checked<Ticket>;

function turnedAway(why: TicketRefusal): Refusal {
	return refuse(ticketRefusalText[why]);
}

/** Why a button does nothing, in words for the trader. */
export const ticketRefusalText: Record<TicketRefusal, string> = {
	unknown: 'This ticket is no longer known (the bot may have restarted). Nothing was sent; open a new ticket.',
	'not-yours': 'Only the trader who opened this ticket can use it.',
	expired: 'This ticket has expired. Nothing was sent; open a new ticket.',
	used: 'This ticket has already been confirmed. Nothing more was sent.',
	canceled: 'This ticket was canceled. Nothing was sent.',
	'needs-retype':
		'This order is large: press Confirm and type the amount again in the form that opens. Nothing was sent.',
	'needs-acknowledgement': 'This ticket’s limit is far from the market: press Acknowledge first. Nothing was sent.',
};

/** Why an Approve or Reject press does nothing, in words for the approver. */
export const approvalRefusalText = {
	unknown: 'This approval request is no longer known (the bot may have restarted). Nothing was sent.',
	self: 'You opened this ticket: another approver must approve or reject it. Nothing was sent.',
	approved: 'This order was already approved. Nothing more was sent.',
	rejected: 'This request was already rejected. Nothing was sent.',
	expired: 'This approval request has expired. Nothing was sent; the trader must open a new ticket.',
	refused: 'This request was already refused at approval. Nothing was sent.',
} as const;

const keepClosedTicketsMs = 60 * 60_000;

/**
 * Open order tickets. `claim` moves a ticket from open to sending exactly once, however many clicks race
 * for it: that single transition is what makes Confirm send at most one order.
 */
export class TicketBook {
	private readonly tickets = new Map<string, Ticket>();
	private readonly idleWaiters = new Set<() => void>();

	constructor(
		private readonly ttlMs: number,
		private readonly now: () => number = Date.now,
		private readonly newId: () => string = () => `desk-${randomUUID()}`,
	) {}

	/** An id for a ticket not opened yet: a quote is asked for with it as its client order id. */
	nextId(): string {
		return this.newId();
	}

	/** Opens a ticket; a ticket that takes a firm quote has the quote's id and lives exactly as long as the quote. */
	open(userId: string, preview: OrderPreview, firm?: { readonly id: string; readonly quote: FirmQuote }): Ticket {
		this.forgetOld();
		const createdAt = this.now();
		const ticket: Ticket = {
			id: firm?.id ?? this.newId(),
			userId,
			preview,
			createdAt,
			expiresAt: firm?.quote.expiresAt ?? createdAt + this.ttlMs,
			state: 'open',
			acknowledged: false,
			...(firm ? { firmQuote: firm.quote } : {}),
		};
		this.tickets.set(ticket.id, ticket);
		return ticket;
	}

	/** Checks that `userId` may act on the open, unexpired ticket, without changing it. */
	check(id: string, userId: string): TicketClaim {
		const ticket = this.tickets.get(id);
		if (!ticket) return turnedAway('unknown');
		if (ticket.userId !== userId) return turnedAway('not-yours');
		if (ticket.state === 'canceled') return turnedAway('canceled');
		if (ticket.state !== 'open') return turnedAway('used');
		if (this.now() >= ticket.expiresAt) return turnedAway('expired');
		return accept(ticket);
	}

	/**
	 * Takes the ticket for sending: succeeds once, for its owner, before it expires, and for a large order
	 * only once the amount was typed again (`retyped`), whichever path the request came by.
	 */
	claim(id: string, userId: string, retyped = false): TicketClaim {
		const checked = this.check(id, userId);
		if (!checked.ok) return checked;
		if (checked.value.preview.limitWarning && !checked.value.acknowledged) return turnedAway('needs-acknowledgement');
		if (checked.value.preview.needsRetype && !retyped) return turnedAway('needs-retype');
		checked.value.state = 'sending';
		return checked;
	}

	/** Gives a claimed ticket back, unsent: its Confirm could not even be acknowledged. */
	release(id: string): void {
		const ticket = this.tickets.get(id);
		if (ticket?.state === 'awaiting-approval') {
			ticket.state = 'open';
			delete ticket.approval;
			return;
		}
		if (ticket?.state !== 'sending') return;
		ticket.state = 'open';
		this.wakeIfIdle();
	}

	/**
	 * Like `claim`, but the ticket waits for a second person instead of being sent: it moves from open to awaiting
	 * approval exactly once, and its approval runs out `ttlMs` from now.
	 */
	awaitApproval(id: string, userId: string, retyped: boolean, ttlMs: number): TicketClaim {
		const checked = this.claim(id, userId, retyped);
		if (!checked.ok) return checked;
		const requestedAt = this.now();
		checked.value.state = 'awaiting-approval';
		checked.value.approval = { requestedAt, expiresAt: requestedAt + ttlMs, decision: undefined };
		return checked;
	}

	/** Whether `approverId` may decide on the ticket's approval now, without changing it. */
	checkApproval(id: string, approverId: string): TicketClaim {
		const ticket = this.tickets.get(id);
		if (!ticket?.approval) return refuse(approvalRefusalText.unknown);
		const { decision, expiresAt } = ticket.approval;
		if (decision !== undefined) return refuse(approvalRefusalText[decision]);
		if (ticket.userId === approverId) return refuse(approvalRefusalText.self);
		if (this.now() >= expiresAt) return refuse(approvalRefusalText.expired);
		return accept(ticket);
	}

	/**
	 * Ends the wait, once: approved moves the ticket to sending, anything else closes it unsent. Whatever presses
	 * race, only the first decision takes; the others are refused with what happened.
	 */
	decide(id: string, approverId: string, decision: Exclude<ApprovalDecision, 'expired'>): TicketClaim {
		const checked = this.checkApproval(id, approverId);
		if (!checked.ok) return checked;
		return accept(this.close(checked.value, decision));
	}

	/** Closes a request whose time ran out; undefined if it was decided first or has time left. */
	expire(id: string): Ticket | undefined {
		const ticket = this.tickets.get(id);
		if (!ticket?.approval || ticket.approval.decision !== undefined) return undefined;
		if (this.now() < ticket.approval.expiresAt) return undefined;
		return this.close(ticket, 'expired');
	}

	/** Closes a request that never reached an approver (its post failed), unsent. */
	abandon(id: string): void {
		const ticket = this.tickets.get(id);
		if (ticket?.approval?.decision === undefined && ticket?.state === 'awaiting-approval')
			this.close(ticket, 'refused');
	}

	private close(ticket: Ticket, decision: ApprovalDecision): Ticket {
		if (ticket.approval) ticket.approval.decision = decision;
		ticket.state = decision === 'approved' ? 'sending' : 'canceled';
		return ticket;
	}

	/** Gives an open ticket a full time to live from now (never less than it had); a quote's time is the dealer's. */
	extend(id: string, userId: string): TicketClaim {
		const checked = this.check(id, userId);
		if (checked.ok && !checked.value.firmQuote)
			checked.value.expiresAt = Math.max(checked.value.expiresAt, this.now() + this.ttlMs);
		return checked;
	}

	/** Any ticket still remembered, whatever its state, for its owner: what a Requote asks for again. */
	find(id: string, userId: string): TicketClaim {
		const ticket = this.tickets.get(id);
		if (!ticket) return turnedAway('unknown');
		if (ticket.userId !== userId) return turnedAway('not-yours');
		return accept(ticket);
	}

	/** The owner has read the ticket's warning; from now on Confirm may send it. */
	acknowledge(id: string, userId: string): TicketClaim {
		const checked = this.check(id, userId);
		if (checked.ok) checked.value.acknowledged = true;
		return checked;
	}

	cancel(id: string, userId: string): TicketClaim {
		const checked = this.check(id, userId);
		if (checked.ok) checked.value.state = 'canceled';
		return checked;
	}

	finish(id: string): void {
		const ticket = this.tickets.get(id);
		if (ticket) ticket.state = 'done';
		this.wakeIfIdle();
	}

	/**
	 * Resolves true once the ticket has expired while still open (nobody confirmed or canceled it), false as
	 * soon as that can no longer happen. The timer does not keep the process alive.
	 */
	whenExpired(id: string): Promise<boolean> {
		return new Promise((resolve) => {
			const check = () => {
				const ticket = this.tickets.get(id);
				if (ticket?.state !== 'open') return resolve(false);
				const left = ticket.expiresAt - this.now();
				if (left <= 0) return resolve(true);
				setTimeout(check, left).unref();
			};
			check();
		});
	}

	/** Who opened a ticket: the trader an order with this client order id belongs to. */
	ownerOf(ticketId: string): string | undefined {
		return this.tickets.get(ticketId)?.userId;
	}

	/** The tickets whose orders are being sent or settled right now. */
	sendingTickets(): Ticket[] {
		return [...this.tickets.values()].filter((ticket) => ticket.state === 'sending');
	}

	/** How many orders are being sent or settled right now. */
	sending(): number {
		let count = 0;
		for (const ticket of this.tickets.values()) if (ticket.state === 'sending') count++;
		return count;
	}

	/** Resolves true once no order is being sent, or false after `timeoutMs`: shutdown waits on this. */
	whenIdle(timeoutMs: number): Promise<boolean> {
		if (this.sending() === 0) return Promise.resolve(true);
		return new Promise((resolve) => {
			const done = (idle: boolean) => {
				clearTimeout(timer);
				this.idleWaiters.delete(wake);
				resolve(idle);
			};
			const wake = () => done(true);
			const timer = setTimeout(() => done(false), timeoutMs);
			this.idleWaiters.add(wake);
		});
	}

	private wakeIfIdle(): void {
		if (this.sending() > 0) return;
		for (const wake of [...this.idleWaiters]) wake();
	}

	/** Closed tickets are kept an hour so that late clicks get a true answer, then dropped. */
	private forgetOld(): void {
		const cutoff = this.now() - keepClosedTicketsMs;
		for (const [id, ticket] of this.tickets) {
			const until = Math.max(ticket.expiresAt, ticket.approval?.expiresAt ?? 0);
			if (until < cutoff && ticket.state !== 'sending' && ticket.state !== 'awaiting-approval') this.tickets.delete(id);
		}
	}
}
