import { Decimal } from 'decimal.js';
import { accept, type Checked, refuse } from './checked.js';
import { formatMoney, groupDigits } from './money.js';
import type { SentTicket } from './ticket-records.js';
import type { EffectiveLimits } from './trader-limits.js';

/** An order as the limits see it: who, what, how much, and what it can cost at worst in the desk's currency. */
export interface LimitedOrder {
	readonly userId: string;
	readonly symbol: string;
	readonly side: string;
	readonly amount: Decimal;
	readonly value: Decimal;
}

export interface TradingToday {
	/** The orders the day counts (sent today, filled today, or still working), and those being sent now. */
	readonly orders: readonly SentTicket[];
	/** When the desk's day began (ms): only fills since then count. */
	readonly dayStart: number;
	readonly deskDailyValue: Decimal;
	readonly currency: string;
}

/** Units still working per side, on orders that may yet fill. */
export interface WorkingUnits {
	readonly buy: Decimal;
	readonly sell: Decimal;
}

/** What a trader has used of their limits today, for /limits. */
export interface LimitUsage {
	/** Bought plus sold today: fills at what they cost, and orders still working at their value at worst. */
	readonly traded: Decimal;
	/** Of `traded`, what is still working and may not fill. */
	readonly working: Decimal;
	readonly deskTraded: Decimal;
	readonly deskWorking: Decimal;
	/** Net units bought (positive) or sold (negative) today, per asset, counting fills only. */
	readonly positions: ReadonlyMap<string, Decimal>;
	/** Per asset, the trader's units still working on each side. */
	readonly workingUnits: ReadonlyMap<string, WorkingUnits>;
}

const zero = new Decimal(0);
const baseAsset = (symbol: string) => symbol.split('/')[0] ?? symbol;
const quoteAsset = (symbol: string) => symbol.split('/')[1] ?? '';
const signed = (side: string, amount: Decimal) => (side === 'sell' ? amount.negated() : amount);

/** One order's part in the day: units and value filled today, and units and value still working at worst. */
interface DayShare {
	readonly filled: Decimal;
	readonly filledValue: Decimal;
	readonly working: Decimal;
	readonly workingValue: Decimal;
}

function dayShare(order: SentTicket, today: TradingToday): DayShare {
	const amount = new Decimal(order.amount);
	const value = new Decimal(order.value);
	const unitAtWorst = amount.gt(0) ? value.dividedBy(amount) : zero;
	const { fills } = order;
	// The broker has not spoken of it: it may have filled whole, so it counts whole, at worst.
	if (!fills) return { filled: zero, filledValue: zero, working: amount, workingValue: value };
	const filled = new Decimal(fills.filled);
	const working = fills.status === 'open' ? Decimal.max(amount.minus(filled), zero) : zero;
	const workingValue = working.times(unitAtWorst);
	if (fills.filledAt === null || fills.filledAt < today.dayStart) {
		return { filled: zero, filledValue: zero, working, workingValue };
	}
	const before = new Decimal(fills.filledBeforeDay);
	const filledToday = filled.minus(before);
	const costKnown = fills.cost !== null && (before.isZero() || fills.costBeforeDay !== null);
	// The broker's cost is in the quote currency; another currency's is counted at the order's own value at
	// worst, converted when the ticket was priced, rather than at a rate guessed now.
	const filledValue =
		costKnown && quoteAsset(order.symbol) === today.currency
			? new Decimal(fills.cost ?? 0).minus(fills.costBeforeDay ?? 0)
			: filledToday.times(unitAtWorst);
	return { filled: filledToday, filledValue, working, workingValue };
}

/**
 * Today's use: bought plus sold by the trader and by the desk (what filled today at what it cost, and what still
 * works at its value at worst, since it may yet fill), the trader's net position per asset from fills, and what
 * they still have working on each side.
 */
export function usageToday(userId: string, today: TradingToday): LimitUsage {
	let traded = zero;
	let working = zero;
	let deskTraded = zero;
	let deskWorking = zero;
	const positions = new Map<string, Decimal>();
	const workingUnits = new Map<string, WorkingUnits>();
	for (const order of today.orders) {
		const share = dayShare(order, today);
		deskTraded = deskTraded.plus(share.filledValue).plus(share.workingValue);
		deskWorking = deskWorking.plus(share.workingValue);
		if (order.userId !== userId) continue;
		traded = traded.plus(share.filledValue).plus(share.workingValue);
		working = working.plus(share.workingValue);
		const asset = baseAsset(order.symbol);
		if (!share.filled.isZero()) {
			positions.set(asset, (positions.get(asset) ?? zero).plus(signed(order.side, share.filled)));
		}
		if (!share.working.isZero()) {
			const units = workingUnits.get(asset) ?? { buy: zero, sell: zero };
			workingUnits.set(asset, {
				buy: order.side === 'sell' ? units.buy : units.buy.plus(share.working),
				sell: order.side === 'sell' ? units.sell.plus(share.working) : units.sell,
			});
		}
	}
	return { traded, working, deskTraded, deskWorking, positions, workingUnits };
}

/** "you have traded 30,000.00 AUD", or, when some of it is still working, "you have 30,000.00 AUD traded or working". */
function usedWords(who: string, used: Decimal, working: Decimal, money: (value: Decimal) => string): string {
	return working.isZero() ? `${who} traded ${money(used)}` : `${who} ${money(used)} traded or working`;
}

/**
 * The net position an order is checked against: the day's fills, plus the trader's working orders on the order's
 * own side, which may all fill. Working orders on the other side may never fill, so they never make room.
 */
function positionCheck(
	order: LimitedOrder,
	maxPosition: Decimal,
	usage: LimitUsage,
	money: (value: Decimal) => string,
) {
	const asset = baseAsset(order.symbol);
	const filled = usage.positions.get(asset) ?? zero;
	const units = usage.workingUnits.get(asset);
	const sameSide = order.side === 'sell' ? (units?.sell.negated() ?? zero) : (units?.buy ?? zero);
	const now = filled.plus(sameSide);
	const after = now.plus(signed(order.side, order.amount));
	// The position is valued at this order's own worst price per unit, in the desk's currency.
	const afterValue = after.abs().times(order.value.dividedBy(order.amount));
	if (!after.abs().gt(now.abs()) || !afterValue.gt(maxPosition)) return undefined;
	const withWorking = sameSide.isZero()
		? ''
		: `, ${groupDigits(now.toFixed())} ${asset} with your working ${order.side === 'sell' ? 'sells' : 'buys'}`;
	return `Your net position limit is ${money(maxPosition)} per asset: your ${asset} position today is ${groupDigits(filled.toFixed())} ${asset}${withWorking}, and this order would make it ${groupDigits(after.toFixed())} ${asset}, worth up to ${money(afterValue)}. Nothing was sent.`;
}

/** The order if every limit of its trader and of the desk allows it; else the limit, its value, what is used and what it would become. */
export function checkLimits(order: LimitedOrder, limits: EffectiveLimits, today: TradingToday): Checked<LimitUsage> {
	const money = (value: Decimal) => formatMoney(value, today.currency);
	if (limits.symbols && !limits.symbols.includes(order.symbol)) {
		const allowed = limits.symbols.length > 0 ? limits.symbols.join(', ') : 'no symbol';
		return refuse(`Your limits allow ${allowed}; ${order.symbol} is not among them. Nothing was sent.`);
	}
	if (order.value.gt(limits.maxOrderValue)) {
		return refuse(
			`This order is worth up to ${money(order.value)} at worst, above your limit of ${money(limits.maxOrderValue)} per order. Nothing was sent.`,
		);
	}
	const usage = usageToday(order.userId, today);
	const traded = usage.traded.plus(order.value);
	if (traded.gt(limits.dailyValue)) {
		return refuse(
			`Your daily limit is ${money(limits.dailyValue)}: ${usedWords('you have', usage.traded, usage.working, money)} today, and this order would make it ${money(traded)}. Nothing was sent.`,
		);
	}
	const deskTraded = usage.deskTraded.plus(order.value);
	if (deskTraded.gt(today.deskDailyValue)) {
		return refuse(
			`The desk's daily limit is ${money(today.deskDailyValue)}: ${usedWords('the desk has', usage.deskTraded, usage.deskWorking, money)} today, and this order would make it ${money(deskTraded)}. Nothing was sent.`,
		);
	}
	if (limits.maxPosition && order.amount.gt(0)) {
		const refusal = positionCheck(order, limits.maxPosition, usage, money);
		if (refusal) return refuse(refusal);
	}
	return accept(usage);
}
