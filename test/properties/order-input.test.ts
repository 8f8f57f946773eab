import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDecimal, checkOrderInput, type RawOrderInput } from '../../src/desk/order-input.js';
import { previewOrder } from '../../src/desk/order-preview.js';
import type { LadderSource } from '../../src/desk/quote.js';
import type { Ladder } from '../../src/zerocap/domain.js';
import { d } from '../support/decimals.js';
import {
	arbitraryDecimalText,
	canonicalDecimal,
	invalidDecimal,
	knownSymbols,
	sideText,
	typedDecimal,
	typedSymbol,
	typeText,
	unknownSymbol,
} from '../support/prop-inputs.js';
import { anyText, expectClearSentence } from '../support/prop-sentences.js';

const runs = { numRuns: 400 };
const fields = ['amount', 'price', 'size'] as const;

describe('a decimal as typed (amount, price, size)', () => {
	it('is read or refused in a clear sentence, whatever the text, and never throws', () => {
		fc.assert(
			fc.property(fc.constantFrom(...fields), arbitraryDecimalText, (field, raw) => {
				const checked = checkDecimal(field, raw);
				if (!checked.ok) {
					expectClearSentence(checked.refusal, [raw]);
					expect(checked.refusal).toContain(field);
					return;
				}
				expect(checked.value.isFinite() && checked.value.gt(0)).toBe(true);
				expect(checked.value.decimalPlaces()).toBeLessThanOrEqual(8);
				expect(checked.value.toFixed()).toBe(canonicalDecimal(raw));
			}),
			runs,
		);
	});

	it('keeps every digit of a valid number: no binary rounding, up to 12 whole digits and 8 decimals', () => {
		fc.assert(
			fc.property(typedDecimal(), (raw) => {
				const checked = checkDecimal('amount', raw);
				if (!checked.ok) throw new Error(`refused ${JSON.stringify(raw)}: ${checked.refusal}`);
				expect(checked.value.toFixed()).toBe(canonicalDecimal(raw));
			}),
			runs,
		);
	});

	it('refuses text that is not a plain positive number in range', () => {
		fc.assert(
			fc.property(invalidDecimal, (raw) => {
				const checked = checkDecimal('amount', raw);
				expect(checked.ok).toBe(false);
				if (!checked.ok) expectClearSentence(checked.refusal, [raw]);
			}),
			runs,
		);
	});
});

/** An order input with, for each field, whether it is valid by construction. */
const orderInput = fc
	.record({
		side: fc.oneof(
			fc.constantFrom('buy', 'sell').map((value) => ({ value, valid: true })),
			sideText.filter((text) => text !== 'buy' && text !== 'sell').map((value) => ({ value, valid: false })),
		),
		type: fc.oneof(
			fc.constantFrom('market', 'limit').map((value) => ({ value, valid: true })),
			typeText.filter((text) => text !== 'market' && text !== 'limit').map((value) => ({ value, valid: false })),
		),
		symbol: fc.oneof(
			typedSymbol.map((value) => ({ value, valid: true })),
			unknownSymbol.map((value) => ({ value, valid: false })),
		),
		amount: fc.oneof(
			typedDecimal().map((value) => ({ value, valid: true })),
			invalidDecimal.map((value) => ({ value, valid: false })),
		),
		price: fc.oneof(
			typedDecimal().map((value) => ({ value, valid: true as boolean | undefined })),
			invalidDecimal
				.filter((text) => text.trim() !== '')
				.map((value) => ({ value, valid: false as boolean | undefined })),
			fc.constantFrom(undefined, '', '  ').map((value) => ({ value, valid: undefined })),
		),
	})
	.map((fieldsOf) => {
		const raw: RawOrderInput = {
			side: fieldsOf.side.value,
			symbol: fieldsOf.symbol.value,
			amount: fieldsOf.amount.value,
			type: fieldsOf.type.value,
			price: fieldsOf.price.value,
		};
		// A market order ignores its price; a limit order needs a valid one.
		const priceOk = fieldsOf.type.value === 'market' || fieldsOf.price.valid === true;
		const valid =
			fieldsOf.side.valid && fieldsOf.type.valid && fieldsOf.symbol.valid && fieldsOf.amount.valid && priceOk;
		return { raw, valid, priceGiven: fieldsOf.price.valid !== undefined };
	});

describe('an order as typed (/order side, symbol, amount, type, price)', () => {
	it('becomes a draft exactly when every field is valid, carrying the exact decimals typed', () => {
		fc.assert(
			fc.property(orderInput, ({ raw, valid, priceGiven }) => {
				const checked = checkOrderInput(raw, knownSymbols);
				if (!valid) {
					expect(checked.ok, 'an invalid input never yields a draft').toBe(false);
					if (!checked.ok)
						expectClearSentence(
							checked.refusal,
							[raw.side, raw.symbol, raw.amount, raw.type, raw.price ?? ''].filter((text) => text !== ''),
						);
					return;
				}
				if (!checked.ok) throw new Error(`refused a valid order ${JSON.stringify(raw)}: ${checked.refusal}`);
				const draft = checked.value;
				expect(draft.symbol).toBe(raw.symbol.trim().toUpperCase());
				expect(knownSymbols).toContain(draft.symbol);
				expect(draft.side).toBe(raw.side);
				expect(draft.type).toBe(raw.type);
				expect(draft.amount.toFixed()).toBe(canonicalDecimal(raw.amount));
				if (draft.type === 'limit') {
					expect(draft.price?.toFixed()).toBe(canonicalDecimal(raw.price ?? ''));
					expect(draft.priceIgnored).toBe(false);
				} else {
					expect(draft.price).toBeUndefined();
					expect(draft.priceIgnored).toBe(priceGiven);
				}
			}),
			{ numRuns: 600 },
		);
	});

	it('never throws and answers every field of anything with a draft or a clear sentence', () => {
		fc.assert(
			fc.property(anyText, anyText, anyText, anyText, fc.option(anyText, { nil: undefined }), (...texts) => {
				const [side, symbol, amount, type, price] = texts;
				const checked = checkOrderInput({ side, symbol, amount, type, price }, knownSymbols);
				if (!checked.ok)
					expectClearSentence(
						checked.refusal,
						texts.filter((text): text is string => text !== undefined && text !== ''),
					);
			}),
			runs,
		);
	});
});

/** A ladder with ascending sizes and positive prices, as the stream delivers it. */
const ladderArbitrary = fc
	.tuple(
		fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 5 }),
		fc.array(fc.integer({ min: 1, max: 99_999 }), { minLength: 10, maxLength: 10 }),
	)
	.map(([sizes, prices]): Ladder => {
		const quantities = [...sizes].sort((a, b) => a - b);
		const tiers = (offset: number) =>
			quantities.map((quantity, index) => ({
				price: d(`1.${String(prices[(index + offset) % prices.length]).padStart(5, '0')}`),
				quantity: d(String(quantity)),
			}));
		return { symbol: 'USDT/AUD', timestamp: 0, buyTiers: tiers(0), sellTiers: tiers(5) };
	});

const quoteState = fc.oneof(
	fc.constant({ kind: 'live' as const, ageMs: 10, available: true }),
	fc.constant({ kind: 'stale' as const, ageMs: 60_000, available: true }),
	fc.constant({ kind: 'unavailable' as const, ageMs: 10, available: false }),
	fc.constant({ kind: 'none' as const, ageMs: 0, available: true }),
);

describe('an order preview', () => {
	it('prices a draft exactly (amount × price in decimal) or says in one clear sentence why not', () => {
		const limits = {
			maxOrderValue: new Decimal(250_000),
			retypeAbove: new Decimal(50_000),
			limitFarPercent: new Decimal(5),
			minOrderValue: new Decimal(0),
			approvalAbove: new Decimal(1_000_000),
		};
		fc.assert(
			fc.property(
				fc.constantFrom('buy', 'sell'),
				fc.constantFrom('market', 'limit'),
				typedDecimal(7, 8),
				typedDecimal(3, 8),
				ladderArbitrary,
				quoteState,
				(side, type, amountText, priceText, ladder, state) => {
					const checked = checkOrderInput(
						{ side, symbol: 'usdt/aud', amount: amountText, type, price: priceText },
						knownSymbols,
					);
					if (!checked.ok) throw new Error(checked.refusal);
					const draft = checked.value;
					const source: LadderSource = {
						latestLadder: () =>
							state.kind === 'none' ? undefined : { ladder, ageMs: state.ageMs, available: state.available },
					};
					const context = { ladders: source, symbols: knownSymbols, staleAfterMs: 10_000, deskCurrency: 'AUD' };
					const preview = previewOrder(draft, context, limits);
					if (!preview.ok) {
						expectClearSentence(preview.refusal, [amountText.trim(), priceText.trim()]);
						return;
					}
					const tiers = side === 'buy' ? ladder.buyTiers : ladder.sellTiers;
					const tier = tiers.find((candidate) => draft.amount.lte(candidate.quantity));
					const market = new Decimal(tier?.price ?? 0);
					const limit = new Decimal(type === 'limit' ? canonicalDecimal(priceText) : 0);
					// The worst case: a market order at the market, a buy limit at its limit, a sell limit at the
					// better of its limit and a live market (it fills there when marketable).
					const unitPrice =
						type === 'market' ? market : side === 'sell' && state.kind === 'live' ? Decimal.max(limit, market) : limit;
					const value = preview.value.valuation.value;
					expect(value.eq(new Decimal(canonicalDecimal(amountText)).times(unitPrice))).toBe(true);
					expect(value.lte(limits.maxOrderValue)).toBe(true);
					expect(preview.value.needsRetype).toBe(value.gte(limits.retypeAbove));
					if (state.kind === 'live') expect(preview.value.indicativePrice?.eq(tier?.price ?? -1)).toBe(true);
					else expect(preview.value.indicativePrice).toBeUndefined();
				},
			),
			runs,
		);
	});
});
