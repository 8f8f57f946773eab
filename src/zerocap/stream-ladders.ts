import type { Ladder } from './domain.js';

/** The latest ladder of each symbol and when it came, across connections; updated in place on the hot path. */
export class LadderBook {
	readonly #ladders = new Map<string, { ladder: Ladder; receivedAt: number }>();

	put(ladder: Ladder, receivedAt: number): void {
		const slot = this.#ladders.get(ladder.symbol);
		if (slot === undefined) this.#ladders.set(ladder.symbol, { ladder, receivedAt });
		else {
			slot.ladder = ladder;
			slot.receivedAt = receivedAt;
		}
	}

	get(symbol: string): { readonly ladder: Ladder; readonly receivedAt: number } | undefined {
		return this.#ladders.get(symbol);
	}
}
