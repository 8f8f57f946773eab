import { Decimal } from 'decimal.js';
import type { Balance, ReadList, RiskLimit, RiskReport } from '../zerocap/domain-account.js';
import type { CallLane } from '../zerocap/limiter.js';
import type { AccountReads } from './account-check.js';
import { liveRate, noRateWords, type RateContext } from './desk-rates.js';

/** A figure as the broker gave it, or worked out from the others when they make it certain. */
export interface Figure {
	readonly value: Decimal;
	readonly derived: boolean;
}

export type AssetValue =
	| { readonly kind: 'valued'; readonly value: Decimal; readonly rate: Decimal; readonly via: readonly string[] }
	/** Nothing held: worth nothing whatever the price, so a missing price leaves no gap in the total. */
	| { readonly kind: 'nothing-held' }
	| { readonly kind: 'unpriced'; readonly reason: string };

export interface BalanceLine {
	readonly asset: string;
	readonly total: Figure | undefined;
	readonly available: Figure | undefined;
	readonly held: Figure | undefined;
	readonly value: AssetValue;
}

export interface BalancesView {
	readonly currency: string;
	/** When the broker stamped the figures, else when they were read (ms). */
	readonly at: number;
	readonly lines: readonly BalanceLine[];
	/** The sum of the valued lines only. */
	readonly total: Decimal;
	/** Assets left out of the total because they could not be priced: the total is partial when any are. */
	readonly leftOut: readonly string[];
	/** Balances the broker sent that could not be read: the view is incomplete when any are. */
	readonly unreadable: number;
}

export interface RiskLine {
	readonly name: string;
	readonly limit: Figure | undefined;
	readonly used: Figure | undefined;
	readonly remaining: Figure | undefined;
	/** remaining ÷ limit × 100; undefined when either is unknown. */
	readonly headroomPercent: Decimal | undefined;
}

export interface RiskView {
	readonly currency: string | undefined;
	readonly at: number;
	readonly lines: readonly RiskLine[];
	readonly unreadable: number;
}

const hundred = new Decimal(100);

function given(text: string | undefined): Figure | undefined {
	return text === undefined ? undefined : { value: new Decimal(text), derived: false };
}

function derived(value: Decimal): Figure {
	return { value, derived: true };
}

/** available = total − held (contract §3.6), so any two give the third. */
function balanceFigures(balance: Balance): Pick<BalanceLine, 'total' | 'available' | 'held'> {
	const total = given(balance.total);
	const available = given(balance.available);
	const held = given(balance.held);
	return {
		total: total ?? (available && held ? derived(available.value.plus(held.value)) : undefined),
		available: available ?? (total && held ? derived(total.value.minus(held.value)) : undefined),
		held: held ?? (total && available ? derived(total.value.minus(available.value)) : undefined),
	};
}

function assetValue(asset: string, total: Figure | undefined, context: RateContext): AssetValue {
	if (!total) return { kind: 'unpriced', reason: 'the broker did not report a total' };
	if (total.value.isZero()) return { kind: 'nothing-held' };
	const rate = liveRate(asset, context);
	if (!rate.ok) return { kind: 'unpriced', reason: noRateWords(rate, context.deskCurrency) };
	return { kind: 'valued', value: total.value.times(rate.rate), rate: rate.rate, via: rate.via };
}

/** Each asset's figures and its value in the desk's currency at the live mid; an asset without one is left out of the total, by name. */
export function balancesView(list: ReadList<Balance>, context: RateContext, readAt: number): BalancesView {
	const lines = [...list.items]
		.sort((a, b) => a.asset.localeCompare(b.asset))
		.map((balance) => {
			const figures = balanceFigures(balance);
			return { asset: balance.asset, ...figures, value: assetValue(balance.asset, figures.total, context) };
		});
	let total = new Decimal(0);
	for (const line of lines) if (line.value.kind === 'valued') total = total.plus(line.value.value);
	return {
		currency: context.deskCurrency,
		at: list.timestamp ?? readAt,
		lines,
		total,
		leftOut: lines.filter((line) => line.value.kind === 'unpriced').map((line) => line.asset),
		unreadable: list.unreadable,
	};
}

/**
 * remaining = max(0, limit − used) (contract §3.6). A missing figure is worked out only where that is certain:
 * remaining from limit and used always; used or limit from the other two only while remaining is above zero,
 * since a remaining of 0 says only that used reached the limit, not by how much.
 */
function riskFigures(limit: RiskLimit): Pick<RiskLine, 'limit' | 'used' | 'remaining'> {
	const cap = given(limit.limit);
	const used = given(limit.used);
	const remaining = given(limit.remaining);
	const left = remaining?.value.gt(0) ? remaining.value : undefined;
	return {
		limit: cap ?? (used && left ? derived(used.value.plus(left)) : undefined),
		used: used ?? (cap && left ? derived(cap.value.minus(left)) : undefined),
		remaining: remaining ?? (cap && used ? derived(Decimal.max(0, cap.value.minus(used.value))) : undefined),
	};
}

/** A limit of zero leaves no headroom at all. */
function headroom(cap: Figure | undefined, remaining: Figure | undefined): Decimal | undefined {
	if (!cap || !remaining) return undefined;
	if (cap.value.lte(0)) return new Decimal(0);
	return remaining.value.dividedBy(cap.value).times(hundred);
}

export function riskView(report: RiskReport, readAt: number): RiskView {
	return {
		currency: report.currency,
		at: report.timestamp ?? readAt,
		lines: report.items.map((limit) => {
			const figures = riskFigures(limit);
			return { name: limit.name, ...figures, headroomPercent: headroom(figures.limit, figures.remaining) };
		}),
		unreadable: report.unreadable,
	};
}

/** /balances and /risk: the broker's figures read on a person's behalf, made into views. */
export class AccountViews {
	constructor(
		private readonly reads: AccountReads,
		private readonly rates: RateContext,
		private readonly now: () => number,
	) {}

	get deskCurrency(): string {
		return this.rates.deskCurrency;
	}

	/** A person's reads go in their own lane (`{ kind: 'read', person }`); the daily report's in the catch-up lane. */
	async balances(lane: CallLane): Promise<BalancesView> {
		return balancesView(await this.reads.getBalances(lane), this.rates, this.now());
	}

	async risk(lane: CallLane): Promise<RiskView> {
		return riskView(await this.reads.getRisk(lane), this.now());
	}
}
