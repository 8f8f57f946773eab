import { Decimal } from 'decimal.js';
import type { Balance, ReadList, RiskLimit, RiskReport } from '../zerocap/domain-account.js';
import { isZerocapError } from '../zerocap/errors.js';
import type { CallLane } from '../zerocap/limiter.js';
import { brokerLimitWords } from './broker-limit-name.js';
import { accept, type Checked, refuse } from './checked.js';
import { deskClock } from './desk-time.js';
import { formatMoney, groupDigits } from './money.js';
import type { OrderDraft } from './order-input.js';
import type { Valuation } from './valuation.js';

/** The broker's account reads the ticket checks against. */
export interface AccountReads {
	getBalances(lane?: CallLane): Promise<ReadList<Balance>>;
	getRisk(lane?: CallLane): Promise<RiskReport>;
}

/** An order on its way to the broker: not yet in the broker's figures, so counted against them here. */
export interface OrderUnderWay {
	readonly side: string;
	readonly baseAsset: string;
	readonly amount: Decimal;
	/** In the desk's currency. */
	readonly value: Decimal;
}

export interface AccountCheckInput {
	readonly draft: OrderDraft;
	readonly baseAsset: string;
	readonly valuation: Valuation;
	readonly underWay: readonly OrderUnderWay[];
	/** Whose reads these are: they count against that person's budget of calls to the broker. */
	readonly person: string;
}

export interface AccountCheckSettings {
	readonly timeZone: string;
	/** The ticket waits this long for the broker's figures; past it, they are said to be unchecked. */
	readonly deadlineMs: number;
	readonly now: () => number;
}

type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const unsent = 'Nothing was sent.';
const brokerDecides = 'the broker checks it when the order arrives.';

/**
 * The ticket's check against the broker's own figures: a sell of more than the account has available, and an
 * order past any of the broker's risk headrooms, are refused with the broker's numbers. Where the broker did not
 * answer, the ticket says so and the broker decides; a busy trader's reads are refused, as every read is.
 */
export class AccountCheck {
	constructor(
		private readonly reads: AccountReads,
		private readonly settings: AccountCheckSettings,
	) {}

	/** The lines the ticket shows about the account, or the refusal. */
	async check(input: AccountCheckInput): Promise<Checked<readonly string[]>> {
		const lane: CallLane = { kind: 'read', person: input.person };
		const selling = input.draft.side === 'sell';
		const [balances, risk] = await Promise.all([
			selling ? this.read('get_balances', () => this.reads.getBalances(lane)) : undefined,
			this.read('get_risk', () => this.reads.getRisk(lane)),
		]);
		const notes: string[] = [];
		if (balances) {
			const held = checkBalance(input, balances, this.clock(balances));
			if (!held.ok) return held;
			notes.push(held.value);
		}
		const headroom = checkHeadroom(input, risk);
		if (!headroom.ok) return headroom;
		notes.push(headroom.value);
		return accept(notes);
	}

	private clock(read: Read<ReadList<unknown>>): string {
		const at = read.ok && read.value.timestamp !== undefined ? read.value.timestamp : this.settings.now();
		return deskClock(at, this.settings.timeZone);
	}

	/** The broker's answer, or why there is none; a busy person's read is thrown, to be refused like any read. */
	private async read<T>(call: string, read: () => Promise<T>): Promise<Read<T>> {
		let timer: NodeJS.Timeout | undefined;
		const deadline = new Promise<Read<T>>((resolve) => {
			timer = setTimeout(
				() => resolve({ ok: false, reason: `the broker did not answer ${call} within ${this.settings.deadlineMs} ms` }),
				this.settings.deadlineMs,
			);
		});
		const answer = read().then(
			(value): Read<T> => ({ ok: true, value }),
			(error: unknown): Read<T> => {
				if (isZerocapError(error) && error.kind === 'busy') throw error;
				const why = isZerocapError(error) ? error.userMessage : 'an unexpected error';
				return { ok: false, reason: `the broker did not answer ${call}: ${why.replace(/\.$/, '')}` };
			},
		);
		try {
			return await Promise.race([answer, deadline]);
		} finally {
			clearTimeout(timer);
		}
	}
}

function available(balance: Balance): Decimal | undefined {
	if (balance.available !== undefined) return new Decimal(balance.available);
	if (balance.total !== undefined && balance.held !== undefined) return new Decimal(balance.total).minus(balance.held);
	return undefined;
}

function checkBalance(input: AccountCheckInput, read: Read<ReadList<Balance>>, at: string): Checked<string> {
	if (!read.ok) return accept(`Account: not checked (${read.reason}); ${brokerDecides}`);
	const { baseAsset, draft, underWay } = input;
	const balance = read.value.items.find((item) => item.asset === baseAsset);
	const free = balance ? available(balance) : new Decimal(0);
	if (free === undefined) {
		return accept(`Account: not checked (the broker does not report the ${baseAsset} available); ${brokerDecides}`);
	}
	const selling = underWay
		.filter((order) => order.side === 'sell' && order.baseAsset === baseAsset)
		.reduce((sum, order) => sum.plus(order.amount), new Decimal(0));
	const left = free.minus(selling);
	const amount = (value: Decimal) => `${groupDigits(value.toFixed())} ${baseAsset}`;
	const figures = balance
		? `${groupDigits(balance.total ?? '?')} in total, ${groupDigits(balance.held ?? '?')} held by open orders, at ${at}`
		: `the account holds none, at ${at}`;
	const onTheWay = selling.gt(0) ? `, less ${amount(selling)} being sold by orders on their way` : '';
	if (draft.amount.gt(left)) {
		return refuse(
			`The broker reports ${amount(free)} available (${figures})${onTheWay}; this order sells ${amount(draft.amount)}. ${unsent}`,
		);
	}
	return accept(`Account: ${amount(free)} available (${figures})${onTheWay}.`);
}

function remainingOf(limit: RiskLimit): Decimal | undefined {
	if (limit.remaining !== undefined) return new Decimal(limit.remaining);
	if (limit.limit !== undefined && limit.used !== undefined) return new Decimal(limit.limit).minus(limit.used);
	return undefined;
}

/**
 * Every headroom the broker reports bounds every order: which of its limits an order will use (a resting limit
 * order, a fill) is the broker's rule and not public, so the conservative reading is that it may use any of them.
 */
function checkHeadroom(input: AccountCheckInput, read: Read<RiskReport>): Checked<string> {
	if (!read.ok) return accept(`Headroom: not checked (${read.reason}); ${brokerDecides}`);
	const { valuation, underWay } = input;
	const currency = read.value.currency ?? valuation.currency;
	const value =
		currency === valuation.currency
			? valuation.value
			: currency === valuation.quoteCurrency
				? valuation.quoteValue
				: undefined;
	if (value === undefined) {
		return accept(`Headroom: not checked (the broker's limits are in ${currency}); ${brokerDecides}`);
	}
	const pending =
		currency === valuation.currency
			? underWay.reduce((sum, order) => sum.plus(order.value), new Decimal(0))
			: new Decimal(0);
	const money = (amount: Decimal) => formatMoney(amount, currency);
	const lefts: string[] = [];
	for (const limit of read.value.items) {
		const remaining = remainingOf(limit);
		if (remaining === undefined) continue;
		const left = remaining.minus(pending);
		if (value.gt(left)) {
			const figures = `limit ${limit.limit === undefined ? 'not reported' : money(new Decimal(limit.limit))}, used ${limit.used === undefined ? 'not reported' : money(new Decimal(limit.used))}`;
			const onTheWay = pending.gt(0) ? `, less ${money(pending)} on orders on their way` : '';
			return refuse(
				`The broker’s ${brokerLimitWords(limit.name)} limit has ${money(remaining)} left (${figures})${onTheWay}; this order is worth up to ${money(value)}. ${unsent}`,
			);
		}
		lefts.push(`${money(left)} of ${brokerLimitWords(limit.name)}`);
	}
	if (lefts.length === 0) return accept(`Headroom: the broker reports no limits with figures; ${brokerDecides}`);
	return accept(`Headroom left: ${lefts.join(', ')}.`);
}
