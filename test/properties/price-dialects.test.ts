import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultInstruments } from '../../src/sandbox/instruments.js';
import { Market } from '../../src/sandbox/market.js';
import { seededRandom } from '../../src/sandbox/random.js';
import { ladderFrame, priceFrameDialects } from '../../src/sandbox/wire.js';
import { parseStreamFrame } from '../../src/zerocap/stream-frames.js';
import { expectWellFormedLadder, type Json, ladderCase } from '../support/prop-wire.js';

const runs = { numRuns: 300 };

/** The seed's ladder frame rewritten in the UAT script's shape: `type: price`, the sides in the market's naming. */
function asUatFrame(frame: Record<string, Json>): Record<string, Json> | undefined {
	const data = frame.data;
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
	const { data: levels, ...rest } = data;
	if (typeof levels !== 'object' || levels === null || Array.isArray(levels)) return undefined;
	return { type: 'price', ...rest, data: { bids: levels.asks ?? [], asks: levels.bids ?? [] } };
}

describe('price frames in every dialect', () => {
	it('read to one ladder, whichever dialect carries it, or are dropped when their sides read backwards', () => {
		fc.assert(
			fc.property(ladderCase, (test) => {
				const channel = parseStreamFrame(JSON.stringify(test.frame));
				expect(channel).toEqual({ kind: 'ladder', ladder: test.expected });
				const asString = parseStreamFrame(JSON.stringify({ ...test.frame, data: JSON.stringify(test.frame.data) }));
				expect(asString).toEqual(channel);
				const uat = asUatFrame(test.frame);
				if (uat === undefined) throw new Error('the generator made a ladder without levels');
				const parsed = parseStreamFrame(JSON.stringify(uat), 0);
				const [buy] = test.expected.buyTiers;
				const [sell] = test.expected.sellTiers;
				if (buy && sell && Number(buy.price) < Number(sell.price)) {
					expect(parsed).toEqual({ kind: 'malformed', reason: 'price frame quotes a buy price below its sell price' });
				} else {
					expect(parsed).toEqual(channel);
				}
			}),
			runs,
		);
	});

	it('from the sandbox’s encoder read back to the same ladder in each dialect, at any mid', () => {
		const symbols = defaultInstruments.map((instrument) => instrument.symbol);
		fc.assert(
			fc.property(
				fc.constantFrom(...symbols),
				fc.integer({ min: 1, max: 10_000_000 }),
				fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }),
				(symbol, cents, at) => {
					const market = new Market(defaultInstruments, seededRandom(1));
					market.setMid(symbol, new Decimal(cents).dividedBy(100));
					const ladder = market.ladder(symbol);
					const [first, ...others] = priceFrameDialects.map((dialect) =>
						parseStreamFrame(ladderFrame(ladder, at, dialect)),
					);
					expect(first?.kind).toBe('ladder');
					if (first?.kind === 'ladder') expectWellFormedLadder(first.ladder);
					for (const other of others) expect(other).toEqual(first);
				},
			),
			runs,
		);
	});

	it('never throw on a UAT-shaped frame of any content, and keep the ladder’s invariants when they read one', () => {
		const anything = fc.jsonValue({ maxDepth: 3 });
		const uatFrame = fc
			.record(
				{
					type: fc.constant('price'),
					symbol: fc.oneof(fc.constant('USDT/AUD'), anything),
					timestamp: anything,
					data: fc.oneof(
						anything,
						fc.record({ bids: anything, asks: anything }, { requiredKeys: [] }),
						fc.record({
							bids: fc.array(fc.tuple(fc.double(), fc.double())),
							asks: fc.array(fc.tuple(fc.double(), fc.double())),
						}),
					),
				},
				{ requiredKeys: ['type'] },
			)
			.map((frame) => JSON.stringify(frame));
		fc.assert(
			fc.property(uatFrame, (frame) => {
				const message = parseStreamFrame(frame, 1_700_000_000_000);
				if (message.kind === 'ladder') expectWellFormedLadder(message.ladder);
				else expect(['malformed', 'notice']).toContain(message.kind);
			}),
			runs,
		);
	});
});
