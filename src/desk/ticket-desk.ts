import { Decimal } from 'decimal.js';
import type { Logger } from 'pino';
import type { AccountCheck, OrderUnderWay } from './account-check.js';
import type { AuditTrail } from './audit.js';
import { accept, type Checked, refuse } from './checked.js';
import { deskClock } from './desk-time.js';
import { askForQuote, noWorse, priceWords, type QuoteRequester, quotedDraft } from './firm-quote.js';
import { type HaltStore, haltRefusal } from './halt.js';
import type { InstrumentCatalog } from './instrument-catalog.js';
import { checkInstrumentRules } from './instrument-rules.js';
import { checkLimits, type TradingToday } from './limit-check.js';
import type { Market } from './market.js';
import { checkDecimal, checkOrderInput, type OrderDraft, type RawOrderInput } from './order-input.js';
import { type OrderLimits, type OrderPreview, previewOrder } from './order-preview.js';
import type { OrderWatch, WatchEnd } from './order-watch.js';
import { fromOrder, type OrderPlacer, type Placement, placeTicketOrder } from './place-order.js';
import type { TicketRecords } from './ticket-records.js';
import type { FirmQuote, Ticket, TicketBook } from './tickets.js';
import { type DeskLimitDefaults, type EffectiveLimits, effectiveLimits, type LimitsStore } from './trader-limits.js';
import { startOfTradingDay } from './trading-day.js';
import { valueOrder } from './valuation.js';

/** Who acts, and where: for the ticket's record and the audit trail. */
export interface Actor {
	readonly userId: string;
	readonly guildId: string | null;
	readonly channelId: string | null;
	/** The roles the person holds: limits may be set per role. */
	readonly roleIds: readonly string[];
}

export interface SendHooks {
	/** Called once when the broker's answer was lost, before the order is looked up; its failure is ignored. */
	readonly onOutcomeUnknown: () => Promise<void>;
	/** Shows the trader the placement; the ticket counts as being sent until this settles (shutdown waits on it). */
	readonly show: (placement: Placement) => Promise<void>;
}

/** Hears how each confirmed ticket ended, for metrics; it changes nothing about the ticket. */
export interface TicketObserver {
	/** Once per sent ticket, after its first result was shown: the outcome, and the time since sending began. */
	settled(outcome: Placement['kind'], durationMs: number): void;
}

export interface TicketDeskParts {
	readonly broker: OrderPlacer & QuoteRequester;
	readonly book: TicketBook;
	readonly records: TicketRecords;
	readonly market: Market;
	/** The broker's rules for each instrument. */
	readonly instruments: InstrumentCatalog;
	/** The broker's balances and risk headroom. */
	readonly account: AccountCheck;
	readonly limits: OrderLimits;
	readonly deskCurrency: string;
	readonly halt: Pick<HaltStore, 'halt'>;
	readonly audit: AuditTrail;
	/** Keeps looking for orders whose fate is not known yet. */
	readonly watch: OrderWatch;
	/** The limits per trader, per role and for the desk, and the desk's trading day they count over. */
	readonly traderLimits: {
		readonly store: LimitsStore;
		readonly defaults: DeskLimitDefaults;
		readonly timeZone: string;
	};
	readonly logger: Logger;
	readonly now: () => number;
	readonly observer?: TicketObserver;
}

/** An approved quote this close to its expiry is asked for again before it is taken. */
const quoteLeadMs = 1_000;

const baseAssetOf = (draft: OrderDraft) => draft.symbol.split('/')[0] ?? draft.symbol;

/** What a ticket sends, for its record and the audit trail. */
export function ticketInputs(ticket: Ticket) {
	const { draft } = ticket.preview;
	return {
		side: draft.side,
		symbol: draft.symbol,
		type: draft.type,
		amount: draft.amount.toFixed(),
		price: draft.price?.toFixed() ?? null,
	};
}

/**
 * The order workflow: a ticket is opened from checked input, confirmed once (for a large order only after the
 * amount is typed again), sent once, and settled into the truth about its order, recorded and audited.
 */
export class TicketDesk {
	constructor(private readonly parts: TicketDeskParts) {}

	/**
	 * Checks the input against the desk's symbols, the halt and its limits, then against the broker's rules for
	 * the instrument and the broker's figures for the account, and opens a ticket. Nothing is sent.
	 */
	async open(actor: Actor, input: RawOrderInput): Promise<Checked<Ticket>> {
		const draft = checkOrderInput(input, this.parts.market.symbols);
		if (!draft.ok) return draft;
		return this.openDraft(actor, draft.value);
	}

	/**
	 * Asks the dealer for a firm price for the side and size, checks the order it makes as `open` checks any
	 * order, and opens a ticket that takes exactly that quote and lives as long as it does.
	 */
	async openQuote(actor: Actor, input: Omit<RawOrderInput, 'type' | 'price'>): Promise<Checked<Ticket>> {
		const draft = checkOrderInput({ ...input, type: 'market' }, this.parts.market.symbols);
		if (!draft.ok) return draft;
		const before = await this.checkBeforeQuote(actor, draft.value);
		if (!before.ok) return before;
		const id = this.parts.book.nextId();
		const firm = await askForQuote(this.parts.broker, draft.value, id, actor.userId, this.parts.now);
		if (!firm.ok) return firm;
		return this.openDraft(actor, quotedDraft(draft.value, firm.value.quote), { id, quote: firm.value });
	}

	/**
	 * The dealer is asked only for what the desk could trade: the halt, the instrument's rules, and, where the
	 * live ladder can price the size, the limits. A size past the ladder's tiers, or one with no live ladder, is
	 * what a dealer quotes on request: then the quoted price is checked, as every ticket is, before Accept.
	 */
	private async checkBeforeQuote(actor: Actor, draft: OrderDraft): Promise<Checked<OrderDraft>> {
		const { market, limits, deskCurrency } = this.parts;
		const halted = this.haltRefusal();
		if (halted) return halted;
		const rules = await this.parts.instruments.rulesFor(draft.symbol);
		if (rules.kind === 'known') {
			const allowed = checkInstrumentRules(draft, rules.rules, { dealerSetsMaxSize: true });
			if (!allowed.ok) return allowed;
		}
		const context = { ladders: market, symbols: market.symbols, staleAfterMs: market.staleAfterMs, deskCurrency };
		if (!valueOrder(draft, context).ok) return accept(draft);
		const preview = previewOrder(draft, context, limits);
		if (!preview.ok) return preview;
		const withinLimits = this.checkLimits(actor, preview.value);
		return withinLimits.ok ? accept(draft) : withinLimits;
	}

	/** A fresh quote for the side and size of an earlier quote ticket, closing it if it was still open. */
	async requote(ticketId: string, actor: Actor): Promise<Checked<Ticket>> {
		const earlier = this.parts.book.find(ticketId, actor.userId);
		if (!earlier.ok) return earlier;
		if (earlier.value.state === 'open') this.parts.book.cancel(ticketId, actor.userId);
		const { side, symbol, amount } = earlier.value.preview.draft;
		return this.openQuote(actor, { side, symbol, amount: amount.toFixed() });
	}

	private async openDraft(
		actor: Actor,
		draft: OrderDraft,
		firm?: { readonly id: string; readonly quote: FirmQuote },
	): Promise<Checked<Ticket>> {
		const checked = await this.checkDraft(actor, draft);
		if (!checked.ok) return checked;
		// A dealer's firm price is not a typed limit: the ticket shows the ladder beside it instead of a warning.
		const preview = firm ? { ...checked.value, limitWarning: undefined } : checked.value;
		return accept(this.openChecked(actor, preview, firm));
	}

	/** Every check a ticket passes before it opens, with the broker's figures for the ticket to show. */
	private async checkDraft(actor: Actor, draft: OrderDraft): Promise<Checked<OrderPreview>> {
		const { market, limits, deskCurrency } = this.parts;
		const halted = this.haltRefusal();
		if (halted) return halted;
		const rules = await this.parts.instruments.rulesFor(draft.symbol);
		const notes: string[] = [];
		if (rules.kind === 'known') {
			const allowed = checkInstrumentRules(draft, rules.rules, { dealerSetsMaxSize: draft.firmQuote === true });
			if (!allowed.ok) return allowed;
		} else {
			notes.push(`Instrument rules: not checked (${rules.reason}); the broker checks them when the order arrives.`);
		}
		const context = { ladders: market, symbols: market.symbols, staleAfterMs: market.staleAfterMs, deskCurrency };
		const preview = previewOrder(draft, context, limits);
		if (!preview.ok) return preview;
		const withinLimits = this.checkLimits(actor, preview.value);
		if (!withinLimits.ok) return withinLimits;
		const account = await this.parts.account.check({
			draft,
			baseAsset: rules.kind === 'known' ? rules.rules.baseAsset : baseAssetOf(draft),
			valuation: preview.value.valuation,
			underWay: this.ordersUnderWay(),
			person: actor.userId,
		});
		if (!account.ok) return account;
		// Checked again after the broker's answers: a halt may have come in meanwhile.
		const haltedSince = this.haltRefusal();
		if (haltedSince) return haltedSince;
		return accept({ ...preview.value, brokerNotes: [...notes, ...account.value] });
	}

	private openChecked(actor: Actor, preview: OrderPreview, firm?: Parameters<TicketBook['open']>[2]): Ticket {
		const { book, records } = this.parts;
		const ticket = book.open(actor.userId, preview, firm);
		// Recorded before it is shown: a ticket the desk cannot record is never offered.
		records.opened({
			id: ticket.id,
			userId: ticket.userId,
			channelId: actor.channelId,
			...ticketInputs(ticket),
			openedAt: ticket.createdAt,
			value: preview.valuation.value.toFixed(),
		});
		return ticket;
	}

	/** Orders being sent now: the broker's balances and headroom may not show them yet. */
	private ordersUnderWay(): OrderUnderWay[] {
		return this.parts.book.sendingTickets().map(({ preview }) => ({
			side: preview.draft.side,
			baseAsset: baseAssetOf(preview.draft),
			amount: preview.draft.amount,
			value: preview.valuation.value,
		}));
	}

	/** The limits that apply to a person with these roles. */
	limitsOf(userId: string, roleIds: readonly string[]): EffectiveLimits {
		const { store, defaults } = this.parts.traderLimits;
		const roles = roleIds.flatMap((id) => store.get({ kind: 'role', id }) ?? []);
		return effectiveLimits(defaults, store.get({ kind: 'user', id: userId }), roles);
	}

	/**
	 * What the desk's limits count today: the orders the day counts by their record (sent today, filled today or
	 * still working, with what the broker says they filled), and those being sent now, each once.
	 */
	today(excludingTicket?: string): TradingToday {
		const { records, book, now, traderLimits } = this.parts;
		const dayStart = startOfTradingDay(now(), traderLimits.timeZone);
		const recorded = records.sentSince(dayStart).filter((order) => order.id !== excludingTicket);
		const known = new Set(recorded.map((order) => order.id));
		// A ticket being sent counts whole at worst, unless its record already holds the broker's word on it.
		const sending = book
			.sendingTickets()
			.filter((ticket) => ticket.id !== excludingTicket && !known.has(ticket.id))
			.map((ticket) => ({
				id: ticket.id,
				userId: ticket.userId,
				...ticketInputs(ticket),
				value: ticket.preview.valuation.value.toFixed(),
				fills: undefined,
			}));
		return {
			orders: [...recorded, ...sending],
			dayStart,
			deskDailyValue: traderLimits.defaults.deskDailyValue,
			currency: this.parts.deskCurrency,
		};
	}

	private checkLimits(actor: Actor, preview: OrderPreview, excludingTicket?: string) {
		const { draft, valuation } = preview;
		const order = {
			userId: actor.userId,
			symbol: draft.symbol,
			side: draft.side,
			amount: draft.amount,
			value: valuation.value,
		};
		return checkLimits(order, this.limitsOf(actor.userId, actor.roleIds), this.today(excludingTicket));
	}

	/** True once the ticket expired unused, false once it was confirmed or canceled: its message can then say so. */
	whenExpired(ticketId: string): Promise<boolean> {
		return this.parts.book.whenExpired(ticketId);
	}

	/** Whether `userId` may act on the ticket now, without changing it. */
	check(ticketId: string, userId: string): Checked<Ticket> {
		return this.parts.book.check(ticketId, userId);
	}

	/** Like `check`, with the time a quote ran out named: after it, only Requote can help. */
	checkQuote(ticketId: string, userId: string): Checked<Ticket> {
		const checked = this.check(ticketId, userId);
		if (checked.ok) return checked;
		const found = this.parts.book.find(ticketId, userId);
		if (!found.ok || !found.value.firmQuote || found.value.state !== 'open') return checked;
		const at = deskClock(found.value.expiresAt, this.parts.traderLimits.timeZone);
		return refuse(`This quote expired at ${at}. Nothing was sent; press Requote for a fresh price.`);
	}

	/**
	 * The form that asks for the amount again is open: the ticket gets a full time to live from now, so that it
	 * does not run out while the trader types.
	 */
	formOpened(ticketId: string, userId: string): Checked<Ticket> {
		return this.parts.book.extend(ticketId, userId);
	}

	/** The ticket, if the amount typed again matches it exactly. */
	checkRetyped(ticketId: string, userId: string, typed: string): Checked<Ticket> {
		// A firm quote can run out while its form is open (its time to live is the dealer's): say so as Accept would.
		const checked = this.checkQuote(ticketId, userId);
		if (!checked.ok) return checked;
		// The ticket shows amounts with grouped digits (40,000): typed the same way they are the same amount.
		const plain = /^\s*\d{1,3}(,\d{3})+(\.\d+)?\s*$/.test(typed) ? typed.replaceAll(',', '') : typed;
		const amount = checkDecimal('amount', plain);
		const expected = checked.value.preview.draft.amount;
		if (!amount.ok || !amount.value.eq(expected)) {
			return refuse(
				`The amount you typed (${typed.slice(0, 40)}) does not match the ticket (${expected.toFixed()}). Nothing was sent; press Confirm to try again.`,
			);
		}
		return checked;
	}

	/**
	 * Takes the ticket for sending, once, unless the desk is halted: the one transition that sends at most one order.
	 * With `approvalTtlMs` the ticket instead waits that long for a second person's approval.
	 */
	claim(ticketId: string, actor: Actor, retyped: boolean, approvalTtlMs?: number): Checked<Ticket> {
		const halted = this.haltRefusal();
		if (halted) return halted;
		const checked = this.parts.book.check(ticketId, actor.userId);
		if (!checked.ok) return checked;
		// Checked again at the moment of sending, with nothing awaited before the claim: two tickets opened within
		// the limits cannot both be sent past them.
		const withinLimits = this.checkLimits(actor, checked.value.preview);
		if (!withinLimits.ok) return withinLimits;
		const { book } = this.parts;
		return approvalTtlMs === undefined
			? book.claim(ticketId, actor.userId, retyped)
			: book.awaitApproval(ticketId, actor.userId, retyped, approvalTtlMs);
	}

	/**
	 * The ticket priced again against the live market and checked again against the halt, the desk's per-order
	 * limit and the trader's limits, as if it were opened now: for an order approved long after it was opened.
	 */
	recheck(ticket: Ticket, trader: Actor): Checked<OrderPreview> {
		const { market, limits, deskCurrency } = this.parts;
		const halted = this.haltRefusal();
		if (halted) return halted;
		const context = { ladders: market, symbols: market.symbols, staleAfterMs: market.staleAfterMs, deskCurrency };
		const preview = previewOrder(ticket.preview.draft, context, limits);
		if (!preview.ok) return preview;
		const withinLimits = this.checkLimits(trader, preview.value);
		return withinLimits.ok ? preview : withinLimits;
	}

	/** Gives a claimed ticket back, unsent: its confirmation could not even be acknowledged. */
	release(ticketId: string): void {
		this.parts.book.release(ticketId);
	}

	acknowledge(ticketId: string, userId: string): Checked<Ticket> {
		return this.parts.book.acknowledge(ticketId, userId);
	}

	cancel(ticketId: string, userId: string): Checked<Ticket> {
		return this.parts.book.cancel(ticketId, userId);
	}

	/** The trader who opened the ticket whose id an order carries as its client order id, across restarts. */
	traderOf(clientOrderId: string): string | undefined {
		return this.parts.book.ownerOf(clientOrderId) ?? this.parts.records.ownerOf(clientOrderId);
	}

	/** How many orders are being sent or settled right now. */
	sending(): number {
		return this.parts.book.sending();
	}

	/** Resolves true once no order is being sent, or false after `timeoutMs`: shutdown waits on this. */
	whenIdle(timeoutMs: number): Promise<boolean> {
		return this.parts.book.whenIdle(timeoutMs);
	}

	/**
	 * Sends a claimed ticket's order once and settles it: the placement is logged, recorded on the ticket,
	 * audited and shown, in that order; the ticket is done only after it was shown.
	 */
	async send(ticket: Ticket, actor: Actor, hooks: SendHooks): Promise<Placement> {
		const { broker, book, logger } = this.parts;
		const sendingSince = performance.now();
		try {
			// An approval that outlived its quote is repriced first, so that the trail shows the price sent.
			const outlived = await this.quoteOutlived(ticket, actor);
			// Written before the order can leave: the audit trail links a live order to its trader from the start.
			this.parts.audit.record({
				at: this.parts.now(),
				userId: actor.userId,
				guildId: actor.guildId,
				channelId: actor.channelId,
				action: 'order sending',
				inputs: JSON.stringify(ticketInputs(ticket)),
				ticketId: ticket.id,
				outcome: 'sending',
				detail: null,
				latencyMs: null,
			});
			const placement =
				outlived ??
				(await placeTicketOrder(broker, ticket, {
					onOutcomeUnknown: hooks.onOutcomeUnknown,
					timeZone: this.parts.traderLimits.timeZone,
					// A halt that lands while this order waits to leave still stops it.
					veto: () => this.haltRefusal()?.refusal,
				}));
			logger.info({ ticketId: ticket.id, userId: actor.userId, outcome: placement.kind }, 'order ticket settled');
			this.settle(ticket, actor, placement);
			try {
				await hooks.show(placement);
			} finally {
				this.parts.observer?.settled(placement.kind, performance.now() - sendingSince);
				// Started once "not found yet" is on the ticket, so that what the watch finds is shown after it.
				if (placement.kind === 'not-found-yet' || placement.kind === 'unresolved') {
					this.keepLooking(ticket, actor, hooks.show);
				}
			}
			return placement;
		} finally {
			book.finish(ticket.id);
		}
	}

	/**
	 * An approval that outlived its quote takes a fresh one, asked with the same client order id (the broker
	 * replaces the quote), and only at a price no worse for the trader than the one approved, within every limit;
	 * otherwise nothing is sent and this says why.
	 */
	private async quoteOutlived(ticket: Ticket, trader: Actor): Promise<Placement | undefined> {
		const firm = ticket.firmQuote;
		if (!firm || !ticket.approval || this.parts.now() < firm.expiresAt - quoteLeadMs) return undefined;
		const { draft } = ticket.preview;
		const notPlaced = (why: string): Placement => ({
			kind: 'not-placed',
			reason: `The quote expired while it waited for approval, and ${why} Nothing was sent; ask for a new quote.`,
		});
		const fresh = await askForQuote(this.parts.broker, draft, ticket.id, trader.userId, this.parts.now).catch(
			(error: unknown) => refuse(error instanceof Error ? error.message : String(error)),
		);
		if (!fresh.ok)
			return notPlaced(`the dealer gave no fresh one (${fresh.refusal.replace(/ Nothing was sent\.$/, '')}).`);
		const approved = new Decimal(firm.quote.price);
		const price = new Decimal(fresh.value.quote.price);
		if (!noWorse(draft.side, price, approved)) {
			return notPlaced(`the fresh price (${priceWords(price)}) is worse than the approved ${priceWords(approved)}.`);
		}
		const freshDraft = quotedDraft(draft, fresh.value.quote);
		const valuation = {
			...ticket.preview.valuation,
			value: ticket.preview.valuation.value.times(price).dividedBy(approved),
		};
		// The ticket itself is being sent: it is counted here at the fresh price, not also at the approved one.
		const rechecked = this.checkLimits(trader, { ...ticket.preview, draft: freshDraft, valuation }, ticket.id);
		if (!rechecked.ok) return notPlaced(`at the fresh price ${rechecked.refusal}`);
		// What is sent, audited and counted against the day's limits is the fresh quote, not the approved one; a
		// price the desk cannot record would leave the day's limits counting the old one, so it is not sent.
		if (!this.recordRepriced(ticket.id, price, valuation.value)) return notPlaced('the desk could not record it.');
		ticket.firmQuote = fresh.value;
		ticket.preview = { ...ticket.preview, draft: freshDraft, valuation };
		return undefined;
	}

	/** How many orders of unknown fate the desk is still looking for. */
	watching(): number {
		return this.parts.watch.size;
	}

	/** Stops looking for orders of unknown fate (shutdown): the relay's catch-up shows them after a restart. */
	stopWatching(): void {
		this.parts.watch.stop();
	}

	/** Records and audits what is known of the ticket's order now. */
	private settle(ticket: Ticket, actor: Actor, placement: Placement): void {
		this.recordSettled(ticket, placement);
		this.parts.audit.record({
			at: this.parts.now(),
			userId: actor.userId,
			guildId: actor.guildId,
			channelId: actor.channelId,
			action: 'order placement',
			inputs: JSON.stringify(ticketInputs(ticket)),
			ticketId: ticket.id,
			outcome: placement.kind,
			detail: 'order' in placement ? placement.order.id : placement.reason,
			latencyMs: null,
		});
	}

	/** Looks for the order until it appears or the watch ends, then tells the trader on the ticket. */
	private keepLooking(ticket: Ticket, actor: Actor, show: SendHooks['show']): void {
		const { draft } = ticket.preview;
		this.parts.watch.watch(ticket.id, { symbol: draft.symbol, since: ticket.createdAt }, async (end) => {
			const placement = this.afterWatch(ticket, end);
			this.parts.logger.info({ ticketId: ticket.id, outcome: placement.kind }, 'order of unknown fate settled');
			this.settle(ticket, actor, placement);
			await show(placement);
		});
	}

	private afterWatch(ticket: Ticket, end: WatchEnd): Placement {
		if (end.kind === 'found') return fromOrder(end.order);
		const minutes = Math.round(this.parts.watch.watchForMs / 60_000);
		const last =
			end.lastCheckedAt === undefined
				? 'the broker could not be asked'
				: `last at ${deskClock(end.lastCheckedAt, this.parts.traderLimits.timeZone)}`;
		return {
			kind: 'not-found-yet',
			watching: false,
			reason: `The broker has shown no order for this ticket in ${minutes} minutes of looking (${last}). It may still arrive: the orders route and /orders will show it under this ticket's id. Check /order-status ${ticket.id} before placing it again.`,
		};
	}

	private haltRefusal() {
		const sentence = haltRefusal(this.parts.halt.halt());
		return sentence === undefined ? undefined : refuse(sentence);
	}

	/** Records a ticket's fresh price and value; false (and logged) when the store would not take them. */
	private recordRepriced(ticketId: string, price: Decimal, value: Decimal): boolean {
		try {
			this.parts.records.repriced(ticketId, price.toFixed(), value.toFixed());
			return true;
		} catch (error) {
			this.parts.logger.error(
				{ ticketId, err: error instanceof Error ? error.message : String(error) },
				'ticket record not repriced',
			);
			return false;
		}
	}

	/** The ticket's record must not stop the trader from hearing the result: a failure is logged instead. */
	private recordSettled(ticket: Ticket, placement: Placement): void {
		try {
			this.parts.records.settled(
				ticket.id,
				placement.kind,
				'order' in placement ? placement.order.id : null,
				this.parts.now(),
			);
		} catch (error) {
			this.parts.logger.error(
				{ ticketId: ticket.id, err: error instanceof Error ? error.message : String(error) },
				'ticket record not updated',
			);
		}
	}
}
