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
	/** Today's orders that went to the broker, recorded and being sent: what the day's limits count. */
	readonly orders: readonly SentTicket[];
	readonly deskDailyValue: Decimal;
	readonly currency: string;
}

/** What a trader has used of their limits today, for /limits. */
export interface LimitUsage {
	readonly traded: Decimal;
	readonly deskTraded: Decimal;
	/** Net units bought (positive) or sold (negative) today, per asset. */
	readonly positions: ReadonlyMap<string, Decimal>;
}

const baseAsset = (symbol: string) => symbol.split('/')[0] ?? symbol;
const signed = (side: string, amount: Decimal) => (side === 'sell' ? amount.negated() : amount);

/**
 * Today's use: bought plus sold by the trader and by the desk, each order at its value at worst when it was
 * opened (whether it filled or still works: never less than its fills), and the trader's net position per asset.
 */
export function usageToday(userId: string, today: TradingToday): LimitUsage {
	let traded = new Decimal(0);
	let deskTraded = new Decimal(0);
	const positions = new Map<string, Decimal>();
	for (const order of today.orders) {
		const value = new Decimal(order.value);
		deskTraded = deskTraded.plus(value);
		if (order.userId !== userId) continue;
		traded = traded.plus(value);
		const asset = baseAsset(order.symbol);
		positions.set(asset, (positions.get(asset) ?? new Decimal(0)).plus(signed(order.side, new Decimal(order.amount))));
	}
	return { traded, deskTraded, positions };
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
			`Your daily limit is ${money(limits.dailyValue)}: you have traded ${money(usage.traded)} today, and this order would make it ${money(traded)}. Nothing was sent.`,
		);
	}
	const deskTraded = usage.deskTraded.plus(order.value);
	if (deskTraded.gt(today.deskDailyValue)) {
		return refuse(
			`The desk's daily limit is ${money(today.deskDailyValue)}: the desk has traded ${money(usage.deskTraded)} today, and this order would make it ${money(deskTraded)}. Nothing was sent.`,
		);
	}
	if (limits.maxPosition && order.amount.gt(0)) {
		const asset = baseAsset(order.symbol);
		const now = usage.positions.get(asset) ?? new Decimal(0);
		const after = now.plus(signed(order.side, order.amount));
		// The position is valued at this order's own worst price per unit, in the desk's currency.
		const afterValue = after.abs().times(order.value.dividedBy(order.amount));
		if (after.abs().gt(now.abs()) && afterValue.gt(limits.maxPosition)) {
			return refuse(
				`Your net position limit is ${money(limits.maxPosition)} per asset: your ${asset} position today is ${groupDigits(now.toFixed())} ${asset}, and this order would make it ${groupDigits(after.toFixed())} ${asset}, worth up to ${money(afterValue)}. Nothing was sent.`,
			);
		}
	}
	return accept(usage);
}
