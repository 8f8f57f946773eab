import { Decimal } from 'decimal.js';
import type { Valuation } from '../../src/desk/valuation.js';

/** A valuation for a preview built by hand: worth `value` AUD at worst, in a symbol quoted in AUD. */
export function valuedAt(value: string | number, worstPrice: string | number = 1): Valuation {
	return {
		value: new Decimal(value),
		currency: 'AUD',
		quoteValue: new Decimal(value),
		quoteCurrency: 'AUD',
		worstPrice: new Decimal(worstPrice),
		basis: 'market',
		conversion: undefined,
	};
}
