import type { Ladder } from '../../src/zerocap/domain.js';
import { d } from './decimals.js';

/** A USDT/AUD ladder for the desk's pricing tests: for 1,000 the ask is 1.533 and the bid 1.531. */
export const usdtAudLadder: Ladder = {
	symbol: 'USDT/AUD',
	timestamp: 0,
	buyTiers: [
		{ price: d('1.5327'), quantity: d('100') },
		{ price: d('1.5330'), quantity: d('1000') },
		{ price: d('1.5340'), quantity: d('100000') },
	],
	sellTiers: [
		{ price: d('1.5313'), quantity: d('100') },
		{ price: d('1.5310'), quantity: d('1000') },
		{ price: d('1.5300'), quantity: d('100000') },
	],
};
