import { Decimal } from 'decimal.js';
import type { Instrument } from './instruments.js';
import { normalDraw } from './random.js';

export type Side = 'buy' | 'sell';

export interface LadderLevel {
	readonly price: Decimal;
	readonly quantity: Decimal;
}

/**
 * A dealer's tiered quote (contract 4.1), named from the client's side: `buy` levels are what a client pays
 * (the wire's `bids`), `sell` levels what a client receives (the wire's `asks`); smallest size first.
 */
export interface Ladder {
	readonly symbol: string;
	readonly buy: readonly LadderLevel[];
	readonly sell: readonly LadderLevel[];
}

const basisPoint = new Decimal('0.0001');

/** Mids following a seeded random walk, and the tiered ladders quoted around them. */
export class Market {
	private readonly instruments = new Map<string, Instrument>();
	private readonly mids = new Map<string, Decimal>();

	constructor(
		instruments: readonly Instrument[],
		private readonly random: () => number,
	) {
		for (const instrument of instruments) {
			this.instruments.set(instrument.symbol, instrument);
			this.mids.set(instrument.symbol, instrument.initialMid);
		}
	}

	symbols(): string[] {
		return [...this.instruments.keys()];
	}

	instrument(symbol: string): Instrument | undefined {
		return this.instruments.get(symbol);
	}

	mid(symbol: string): Decimal {
		return this.requireMid(symbol);
	}

	setMid(symbol: string, mid: Decimal): void {
		this.requireMid(symbol);
		if (!mid.isFinite() || mid.lte(0)) throw new RangeError('a mid must be a positive number');
		this.mids.set(symbol, mid);
	}

	/** One step of the walk for every instrument, in a fixed order so that a seed replays exactly. */
	walk(): void {
		for (const [symbol, instrument] of this.instruments) {
			const move = Math.exp(instrument.volatilityPerTick * normalDraw(this.random));
			const next = this.requireMid(symbol)
				.times(move)
				.toDecimalPlaces(instrument.priceDecimals + 2);
			this.mids.set(symbol, next);
		}
	}

	ladder(symbol: string): Ladder {
		const instrument = this.requireInstrument(symbol);
		const mid = this.requireMid(symbol);
		const buy = instrument.tiers.map((tier) => ({
			quantity: tier.quantity,
			price: mid
				.times(Decimal.add(1, tier.halfSpreadBps.times(basisPoint)))
				.toDecimalPlaces(instrument.priceDecimals, Decimal.ROUND_CEIL),
		}));
		const sell = instrument.tiers.map((tier) => ({
			quantity: tier.quantity,
			price: mid
				.times(Decimal.sub(1, tier.halfSpreadBps.times(basisPoint)))
				.toDecimalPlaces(instrument.priceDecimals, Decimal.ROUND_FLOOR),
		}));
		return { symbol, buy, sell };
	}

	/** The all-in price for a client trade of `amount`, or undefined when it is larger than the largest tier. */
	priceFor(symbol: string, side: Side, amount: Decimal): Decimal | undefined {
		const ladder = this.ladder(symbol);
		const levels = side === 'buy' ? ladder.buy : ladder.sell;
		return levels.find((level) => amount.lte(level.quantity))?.price;
	}

	/**
	 * A dealer's price for a block past the ladder: the largest tier's price, widened by `premiumBps` for each
	 * largest-tier size the block spans, on the tick in the dealer's favour.
	 */
	blockPrice(symbol: string, side: Side, amount: Decimal, premiumBps: number): Decimal {
		const instrument = this.requireInstrument(symbol);
		const largest = this.largestTier(symbol);
		const edge = this.priceFor(symbol, side, largest);
		if (!edge) throw new Error(`${symbol} has no price for its largest tier`);
		const widening = amount.dividedBy(largest).ceil().times(premiumBps).times(basisPoint);
		return side === 'buy'
			? edge.times(widening.plus(1)).toDecimalPlaces(instrument.priceDecimals, Decimal.ROUND_CEIL)
			: edge.times(Decimal.sub(1, widening)).toDecimalPlaces(instrument.priceDecimals, Decimal.ROUND_FLOOR);
	}

	largestTier(symbol: string): Decimal {
		const tiers = this.requireInstrument(symbol).tiers;
		const last = tiers[tiers.length - 1];
		if (!last) throw new Error(`${symbol} has no tiers`);
		return last.quantity;
	}

	private requireInstrument(symbol: string): Instrument {
		const instrument = this.instruments.get(symbol);
		if (!instrument) throw new RangeError(`unknown symbol ${symbol}`);
		return instrument;
	}

	private requireMid(symbol: string): Decimal {
		const mid = this.mids.get(symbol);
		if (!mid) throw new RangeError(`unknown symbol ${symbol}`);
		return mid;
	}
}
