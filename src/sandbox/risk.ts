import { Decimal } from 'decimal.js';
import type { Market } from './market.js';
import type { OrderBook } from './orders.js';

/** The account's credit limits, in the risk currency. */
export interface RiskLimits {
	/** Fills since the start of the UTC day (market clock), valued at the current mid. */
	readonly dailyNotional: Decimal;
	/** Resting limit orders, valued at their limits. */
	readonly openExposure: Decimal;
}

export const riskCurrency = 'AUD';

export const defaultRiskLimits: RiskLimits = {
	dailyNotional: new Decimal('5000000'),
	openExposure: new Decimal('2000000'),
};

export interface RiskLine {
	readonly name: 'daily_notional' | 'open_exposure';
	readonly limit: Decimal;
	readonly used: Decimal;
	readonly remaining: Decimal;
}

const dayMs = 24 * 3_600_000;

/**
 * `amount` of `asset` in the risk currency at the current mid, through the asset's market against it; undefined
 * when the sandbox quotes no such market.
 */
function valued(market: Market, asset: string, amount: Decimal): Decimal | undefined {
	if (asset === riskCurrency) return amount;
	if (market.instrument(`${asset}/${riskCurrency}`)) return amount.times(market.mid(`${asset}/${riskCurrency}`));
	if (market.instrument(`${riskCurrency}/${asset}`)) return amount.dividedBy(market.mid(`${riskCurrency}/${asset}`));
	return undefined;
}

function line(name: RiskLine['name'], limit: Decimal, used: Decimal): RiskLine {
	return { name, limit, used, remaining: Decimal.max(0, limit.minus(used)) };
}

/**
 * What the account has used of its limits. The sandbox reports them and does not enforce them: Zerocap's own
 * rule for refusing an order over a limit is not public, and refusing orders the desk never saw refused would
 * be a guess.
 */
export function riskReport(market: Market, book: OrderBook, accountId: string, now: number, limits: RiskLimits) {
	const dayStart = Math.floor(now / dayMs) * dayMs;
	let traded = new Decimal(0);
	for (const order of book.ordersOf(accountId)) {
		const quoteAsset = market.instrument(order.symbol)?.quoteAsset ?? '';
		for (const trade of order.trades) {
			if (trade.timestamp >= dayStart) traded = traded.plus(valued(market, quoteAsset, trade.cost) ?? 0);
		}
	}
	let open = new Decimal(0);
	for (const order of book.restingOf(accountId)) {
		const quoteAsset = market.instrument(order.symbol)?.quoteAsset ?? '';
		const atLimit = order.amount.times(order.requestedPrice ?? 0);
		open = open.plus(valued(market, quoteAsset, atLimit) ?? 0);
	}
	return {
		currency: riskCurrency,
		lines: [line('daily_notional', limits.dailyNotional, traded), line('open_exposure', limits.openExposure, open)],
	};
}
