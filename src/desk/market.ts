import { accept, type Checked, refuse } from './checked.js';
import { type LadderSource, type Quote, quoteFor } from './quote.js';

/** A symbol as typed, if the desk trades it: trimmed and upper-cased. The one sentence for an unknown symbol. */
export function checkSymbol(raw: string, known: readonly string[]): Checked<string> {
	const symbol = raw.trim().toUpperCase();
	if (!known.includes(symbol))
		return refuse(`Unknown symbol "${raw.trim().slice(0, 30)}". Known: ${known.join(', ')}.`);
	return accept(symbol);
}

/** The symbols the desk trades and their live prices, never shown as current when they are not. */
export class Market implements LadderSource {
	constructor(
		readonly symbols: readonly string[],
		private readonly ladders: LadderSource,
		readonly staleAfterMs: number,
	) {}

	checkSymbol(raw: string): Checked<string> {
		return checkSymbol(raw, this.symbols);
	}

	quote(symbol: string): Quote {
		return quoteFor(this.ladders, symbol, this.staleAfterMs);
	}

	latestLadder(symbol: string): ReturnType<LadderSource['latestLadder']> {
		return this.ladders.latestLadder(symbol);
	}

	quoteRefusal(symbol: string): string | undefined {
		return this.ladders.quoteRefusal?.(symbol);
	}
}
