import { Decimal } from 'decimal.js';
import { type LadderSource, quoteFor } from './quote.js';

/** Where the desk's live prices come from, and when one is too old to be called live. */
export interface RateContext {
	readonly ladders: LadderSource;
	readonly symbols: readonly string[];
	readonly staleAfterMs: number;
	readonly deskCurrency: string;
}

/** A price of one unit of an asset in the desk's currency, and the pairs it was read from. */
export interface LiveRate {
	readonly ok: true;
	readonly rate: Decimal;
	/** The pairs whose live mids made it; empty for the desk's currency itself. */
	readonly via: readonly string[];
}

/** Why an asset has no live price: said plainly, never replaced by a guess. */
export type NoRate =
	| { readonly ok: false; readonly kind: 'no-pair' }
	| { readonly ok: false; readonly kind: 'none'; readonly symbol: string }
	| { readonly ok: false; readonly kind: 'stale'; readonly symbol: string; readonly ageMs: number }
	| { readonly ok: false; readonly kind: 'unavailable'; readonly symbol: string; readonly ageMs: number }
	| { readonly ok: false; readonly kind: 'not-quoted'; readonly symbol: string };

export type RateLookup = LiveRate | NoRate;

const one = new Decimal(1);

/** The live mid of a symbol, or why there is none. */
function liveMid(symbol: string, context: RateContext): { mid: Decimal } | NoRate {
	const quote = quoteFor(context.ladders, symbol, context.staleAfterMs);
	switch (quote.kind) {
		case 'live':
			return { mid: quote.mid };
		case 'stale':
		case 'unavailable':
			return { ok: false, kind: quote.kind, symbol, ageMs: quote.ageMs };
		case 'not-quoted':
			return { ok: false, kind: 'not-quoted', symbol };
		case 'none':
			return { ok: false, kind: 'none', symbol };
	}
}

/** One unit of `asset` in `target`, through one pair the desk trades either way round. */
function pairRate(asset: string, target: string, context: RateContext): RateLookup {
	const direct = `${asset}/${target}`;
	const inverse = `${target}/${asset}`;
	if (context.symbols.includes(direct)) {
		const read = liveMid(direct, context);
		return 'mid' in read ? { ok: true, rate: read.mid, via: [direct] } : read;
	}
	if (context.symbols.includes(inverse)) {
		const read = liveMid(inverse, context);
		if (!('mid' in read)) return read;
		if (read.mid.lte(0)) return { ok: false, kind: 'none', symbol: inverse };
		return { ok: true, rate: one.dividedBy(read.mid), via: [inverse] };
	}
	return { ok: false, kind: 'no-pair' };
}

/**
 * The live price of one unit of `asset` in the desk's currency, at the mid (a holding is neither bought nor sold,
 * so neither side is the fairer one). Through a pair with the desk's currency when the desk trades one, else
 * through one bridge asset (BTC → USDT → AUD), both legs live. The first missing or stale leg is the reason.
 */
export function liveRate(asset: string, context: RateContext): RateLookup {
	if (asset === context.deskCurrency) return { ok: true, rate: one, via: [] };
	const direct = pairRate(asset, context.deskCurrency, context);
	if (direct.ok || direct.kind !== 'no-pair') return direct;
	const bridges = context.symbols
		.map((symbol) => symbol.split('/'))
		.filter(([base, quote]) => base === asset && quote !== undefined && quote !== context.deskCurrency)
		.map(([, quote]) => quote ?? '');
	let firstMissing: RateLookup | undefined;
	for (const bridge of bridges) {
		const toDesk = pairRate(bridge, context.deskCurrency, context);
		if (!toDesk.ok && toDesk.kind === 'no-pair') continue;
		const leg = pairRate(asset, bridge, context);
		if (leg.ok && toDesk.ok) return { ok: true, rate: leg.rate.times(toDesk.rate), via: [...leg.via, ...toDesk.via] };
		firstMissing ??= leg.ok ? toDesk : leg;
	}
	return firstMissing ?? { ok: false, kind: 'no-pair' };
}

/** Why there is no price, in the words the desk uses everywhere: "no live price", "price 42 s old". */
export function noRateWords(missing: NoRate, deskCurrency: string): string {
	switch (missing.kind) {
		case 'no-pair':
			return `no pair to price it in ${deskCurrency}`;
		case 'none':
			return `no live price (${missing.symbol})`;
		case 'stale':
			return `price ${Math.round(missing.ageMs / 1000)} s old (${missing.symbol})`;
		case 'unavailable':
			return `price stream unavailable (${missing.symbol})`;
		case 'not-quoted':
			return `not quoted by the broker (${missing.symbol})`;
	}
}
