import type { FillCollection } from '../../desk/blotter-fills.js';

export type MissingFills = Pick<FillCollection, 'unreadableOrders' | 'incompleteOrders' | 'undatedTrades'>;

/**
 * What the broker's orders did not let us read, said plainly wherever fills are counted, so that a partial count
 * is never shown as a whole one. `undatedFate` ends the sentence on fills without a time (from its comma or its "and"): what became of them here.
 */
export function missingFillWarnings(missing: MissingFills, undatedFate: string): string[] {
	return [
		missing.unreadableOrders > 0
			? `⚠ ${missing.unreadableOrders} order(s) from the broker could not be read: their fills may be missing.`
			: '',
		missing.incompleteOrders.length > 0
			? `⚠ ${missing.incompleteOrders.length} order(s) report more filled than their trades add up to: some fills may be missing (${missing.incompleteOrders.slice(0, 3).join(', ')}).`
			: '',
		missing.undatedTrades > 0 ? `⚠ ${missing.undatedTrades} fill(s) carry no time from the broker${undatedFate}.` : '',
	].filter((line) => line !== '');
}
