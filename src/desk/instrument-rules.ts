import { Decimal } from 'decimal.js';
import type { Instrument } from '../zerocap/domain-account.js';
import { accept, type Checked, refuse } from './checked.js';
import { groupDigits } from './money.js';
import type { OrderDraft } from './order-input.js';

/** What the broker accepts for one instrument; a rule the broker did not give is not checked. */
export interface InstrumentRules {
	readonly symbol: string;
	readonly baseAsset: string;
	readonly quoteAsset: string | undefined;
	readonly minAmount: Decimal | undefined;
	readonly maxAmount: Decimal | undefined;
	/** The amount must be a whole number of these. */
	readonly amountStep: Decimal | undefined;
	/** A limit price must be a whole number of these. */
	readonly priceTick: Decimal | undefined;
}

const positive = (text: string | undefined) => {
	if (text === undefined || text === '') return undefined;
	const value = new Decimal(text);
	return value.gt(0) ? value : undefined;
};

/** A step from an explicit step, else from a count of decimals: the coarser of the two when both are given. */
function stepOf(step: string | undefined, decimals: number | undefined): Decimal | undefined {
	const explicit = positive(step);
	const fromDecimals = decimals === undefined ? undefined : new Decimal(10).pow(-decimals);
	if (explicit && fromDecimals) return Decimal.max(explicit, fromDecimals);
	return explicit ?? fromDecimals;
}

export function rulesOf(instrument: Instrument): InstrumentRules {
	return {
		symbol: instrument.symbol,
		baseAsset: instrument.baseAsset,
		quoteAsset: instrument.quoteAsset,
		minAmount: positive(instrument.minAmount),
		maxAmount: positive(instrument.maxAmount),
		amountStep: stepOf(instrument.amountStep, instrument.amountDecimals),
		priceTick: stepOf(instrument.priceTick, instrument.priceDecimals),
	};
}

const onStep = (value: Decimal, step: Decimal) => value.mod(step).isZero();
const shown = (value: Decimal) => groupDigits(value.toFixed());

/** The draft if the broker's rules for its instrument allow it, else the rule it breaks with both numbers. */
export function checkInstrumentRules(
	draft: OrderDraft,
	rules: InstrumentRules,
	options: { readonly dealerSetsMaxSize?: boolean } = {},
): Checked<OrderDraft> {
	const { symbol, baseAsset, quoteAsset, minAmount, maxAmount, amountStep, priceTick } = rules;
	const { amount, price } = draft;
	const unsent = 'Nothing was sent.';
	if (minAmount && amount.lt(minAmount)) {
		return refuse(
			`The smallest ${symbol} order is ${shown(minAmount)} ${baseAsset}; this one is ${shown(amount)} ${baseAsset}. ${unsent}`,
		);
	}
	// A block past the largest order is what a dealer quotes on request: for a quote, the dealer says how large.
	if (maxAmount && amount.gt(maxAmount) && !options.dealerSetsMaxSize) {
		return refuse(
			`The largest ${symbol} order is ${shown(maxAmount)} ${baseAsset}; this one is ${shown(amount)} ${baseAsset}. ${unsent}`,
		);
	}
	if (amountStep && !onStep(amount, amountStep)) {
		return refuse(
			`${symbol} amounts go in steps of ${amountStep.toFixed()} ${baseAsset}; ${shown(amount)} is not one. ${unsent}`,
		);
	}
	if (price && priceTick && draft.type === 'limit' && !onStep(price, priceTick)) {
		const currency = quoteAsset ? ` ${quoteAsset}` : '';
		return refuse(
			`${symbol} prices go in steps of ${priceTick.toFixed()}${currency}; ${shown(price)} is not one. ${unsent}`,
		);
	}
	return accept(draft);
}
