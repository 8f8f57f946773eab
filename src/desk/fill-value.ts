import { Decimal } from 'decimal.js';
import type { DeskFill, PricePoint } from './blotter-fills.js';
import { liveRate, noRateWords, type RateContext } from './desk-rates.js';

/** A fill's traded value in the desk's currency, and how the quote currency was converted, said in the output. */
export type FillValue =
	| { readonly kind: 'direct'; readonly value: Decimal }
	/** At a trade of the conversion pair near the fill's own time. */
	| {
			readonly kind: 'at-time';
			readonly value: Decimal;
			readonly rate: Decimal;
			readonly symbol: string;
			readonly rateAt: number;
	  }
	/** At the conversion pair's live mid now: no trade of it near the fill's time was found. */
	| { readonly kind: 'live'; readonly value: Decimal; readonly rate: Decimal; readonly via: readonly string[] }
	| { readonly kind: 'none'; readonly reason: string };

export interface FillValueSettings {
	/** A trade of the conversion pair counts as "the price at the time" within this distance of the fill (default 5 min). */
	readonly atTimeWithinMs: number;
}

const one = new Decimal(1);

/** The nearest point in time among those sorted by `at`, by binary search. */
function nearest(points: readonly PricePoint[], at: number): PricePoint | undefined {
	let low = 0;
	let high = points.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((points[middle]?.at ?? 0) < at) low = middle + 1;
		else high = middle;
	}
	const after = points[low];
	const before = points[low - 1];
	if (!before) return after;
	if (!after) return before;
	return at - before.at <= after.at - at ? before : after;
}

/** Values the fills of a day: a conversion pair's trades are indexed once, so each fill costs a binary search. */
export class FillValuer {
	private readonly bySymbol = new Map<string, PricePoint[]>();
	/** One live rate per currency for the whole day's figures, so that they agree with one another. */
	private readonly live = new Map<string, ReturnType<typeof liveRate>>();

	constructor(
		pricePoints: readonly PricePoint[],
		private readonly rates: RateContext,
		private readonly settings: FillValueSettings,
	) {
		for (const point of pricePoints) {
			const list = this.bySymbol.get(point.symbol);
			if (list) list.push(point);
			else this.bySymbol.set(point.symbol, [point]);
		}
	}

	/** One unit of `currency` in the desk's currency at a trade near `at`, either way round; undefined if none is near. */
	private atTime(currency: string, at: number) {
		const desk = this.rates.deskCurrency;
		const candidates = [
			{ symbol: `${currency}/${desk}`, inverse: false },
			{ symbol: `${desk}/${currency}`, inverse: true },
		];
		for (const { symbol, inverse } of candidates) {
			const point = nearest(this.bySymbol.get(symbol) ?? [], at);
			if (!point || Math.abs(point.at - at) > this.settings.atTimeWithinMs || point.price.lte(0)) continue;
			return { symbol, rate: inverse ? one.dividedBy(point.price) : point.price, rateAt: point.at };
		}
		return undefined;
	}

	value(fill: DeskFill): FillValue {
		const quoteValue = fill.amount.times(fill.price);
		if (fill.quoteAsset === this.rates.deskCurrency) return { kind: 'direct', value: quoteValue };
		const then = this.atTime(fill.quoteAsset, fill.at);
		if (then) return { kind: 'at-time', value: quoteValue.times(then.rate), ...then };
		const now = this.live.get(fill.quoteAsset) ?? liveRate(fill.quoteAsset, this.rates);
		this.live.set(fill.quoteAsset, now);
		if (now.ok) return { kind: 'live', value: quoteValue.times(now.rate), rate: now.rate, via: now.via };
		return { kind: 'none', reason: noRateWords(now, this.rates.deskCurrency) };
	}
}
