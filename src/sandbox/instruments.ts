import { Decimal } from 'decimal.js';

export interface Tier {
	/** The largest amount this tier quotes for. */
	readonly quantity: Decimal;
	/** Half the spread, in basis points of the mid, for trades up to this quantity. */
	readonly halfSpreadBps: Decimal;
}

export interface Instrument {
	readonly symbol: string;
	/** What is bought or sold: `BTC` in BTC/AUD. */
	readonly baseAsset: string;
	/** What it is paid in: `AUD` in BTC/AUD. */
	readonly quoteAsset: string;
	readonly initialMid: Decimal;
	readonly priceDecimals: number;
	readonly amountDecimals: number;
	/** Standard deviation of the mid's relative move per market tick. */
	readonly volatilityPerTick: number;
	readonly tiers: readonly Tier[];
}

function tiers(spec: ReadonlyArray<readonly [number, number]>): Tier[] {
	return spec.map(([quantity, bps]) => ({ quantity: new Decimal(quantity), halfSpreadBps: new Decimal(bps) }));
}

function instrument(
	symbol: string,
	mid: string,
	priceDecimals: number,
	amountDecimals: number,
	volatilityPerTick: number,
	tierSpec: ReadonlyArray<readonly [number, number]>,
): Instrument {
	const [baseAsset = symbol, quoteAsset = ''] = symbol.split('/');
	return {
		symbol,
		baseAsset,
		quoteAsset,
		initialMid: new Decimal(mid),
		priceDecimals,
		amountDecimals,
		volatilityPerTick,
		tiers: tiers(tierSpec),
	};
}

const stablecoinTiers = [
	[100, 4],
	[1_000, 6],
	[10_000, 9],
	[50_000, 14],
	[250_000, 25],
] as const;

export const defaultInstruments: readonly Instrument[] = [
	instrument('USDT/AUD', '1.5320', 4, 2, 0.0002, stablecoinTiers),
	instrument('USDC/AUD', '1.5315', 4, 2, 0.0002, stablecoinTiers),
	instrument('BTC/AUD', '145000.00', 2, 6, 0.0008, [
		[0.1, 8],
		[0.5, 12],
		[1, 18],
		[5, 30],
		[20, 55],
	]),
	instrument('ETH/AUD', '5200.00', 2, 5, 0.001, [
		[1, 8],
		[5, 12],
		[25, 20],
		[100, 35],
		[500, 60],
	]),
	instrument('BTC/USDT', '94600.00', 2, 6, 0.0008, [
		[0.1, 6],
		[0.5, 10],
		[1, 15],
		[5, 26],
		[20, 50],
		[50, 80],
	]),
	instrument('ETH/USDT', '3390.00', 2, 5, 0.001, [
		[1, 6],
		[5, 10],
		[25, 18],
		[100, 32],
		[500, 55],
		[1_000, 90],
	]),
];
