import type { Decimal } from 'decimal.js';

/** Whom a set of limits is for: one trader, or everyone holding a role. */
export type LimitSubject =
	| { readonly kind: 'user'; readonly id: string }
	| { readonly kind: 'role'; readonly id: string };

/** Limits an admin set; a field not set falls back to the next source (role, then the desk's settings). */
export interface LimitSet {
	/** The most one order may be worth at worst, in the desk's currency. */
	readonly maxOrderValue?: Decimal | undefined;
	/** Bought plus sold today, in the desk's currency. */
	readonly dailyValue?: Decimal | undefined;
	/** The largest net position in any one asset, valued in the desk's currency. */
	readonly maxPosition?: Decimal | undefined;
	/** The symbols the trader may trade; all the desk's when not set. */
	readonly symbols?: readonly string[] | undefined;
}

export interface StoredLimits extends LimitSet {
	readonly subject: LimitSubject;
	readonly changedBy: string;
	readonly changedAt: number;
}

/** Where the limits admins set are kept; the store implements it. */
export interface LimitsStore {
	get(subject: LimitSubject): StoredLimits | undefined;
	set(limits: StoredLimits): void;
	clear(subject: LimitSubject): boolean;
}

/** The limits that apply to one trader, each with where it came from. */
export interface EffectiveLimits {
	readonly maxOrderValue: Decimal;
	readonly dailyValue: Decimal;
	readonly maxPosition: Decimal | undefined;
	readonly symbols: readonly string[] | undefined;
	readonly sources: Readonly<Record<keyof LimitSet, 'trader' | 'role' | 'desk'>>;
}

export interface DeskLimitDefaults {
	readonly maxOrderValue: Decimal;
	readonly dailyValue: Decimal;
	readonly maxPosition: Decimal | undefined;
	/** Every trader's orders together, today. */
	readonly deskDailyValue: Decimal;
}

function smallest(values: readonly (Decimal | undefined)[]): Decimal | undefined {
	return values.reduce<Decimal | undefined>(
		(least, value) => (value && (!least || value.lt(least)) ? value : least),
		undefined,
	);
}

function commonSymbols(lists: readonly (readonly string[] | undefined)[]): readonly string[] | undefined {
	const given = lists.filter((list) => list !== undefined);
	if (given.length === 0) return undefined;
	return given.reduce((common, list) => common.filter((symbol) => list.includes(symbol)));
}

/**
 * A trader's limits: what an admin set for them, else the most restrictive of what was set for their roles,
 * else the desk's settings. The per-order value never exceeds the desk's own per-order limit.
 */
export function effectiveLimits(
	defaults: DeskLimitDefaults,
	own: LimitSet | undefined,
	roles: readonly LimitSet[],
): EffectiveLimits {
	const pick = <K extends 'maxOrderValue' | 'dailyValue' | 'maxPosition'>(field: K) => {
		const mine = own?.[field];
		if (mine) return { value: mine, source: 'trader' as const };
		const fromRoles = smallest(roles.map((role) => role[field]));
		if (fromRoles) return { value: fromRoles, source: 'role' as const };
		return { value: defaults[field], source: 'desk' as const };
	};
	const maxOrder = pick('maxOrderValue');
	const daily = pick('dailyValue');
	const position = pick('maxPosition');
	const roleSymbols = commonSymbols(roles.map((role) => role.symbols));
	const symbols = own?.symbols ?? roleSymbols;
	return {
		maxOrderValue: smallest([maxOrder.value, defaults.maxOrderValue]) ?? defaults.maxOrderValue,
		dailyValue: daily.value ?? defaults.dailyValue,
		maxPosition: position.value,
		symbols,
		sources: {
			maxOrderValue: maxOrder.source,
			dailyValue: daily.source,
			maxPosition: position.source,
			symbols: own?.symbols ? 'trader' : roleSymbols ? 'role' : 'desk',
		},
	};
}
