import type { HaltState } from '../store/desk-state.js';

/** The sentence that turns an order away while the desk is halted, or undefined when trading is on. */
export function haltRefusal(state: HaltState): string | undefined {
	if (!state.halted) return undefined;
	// The admin's own words, quoted, so that the sentence still ends as a sentence whatever they typed.
	const reason = state.reason ? ` Reason given: “${state.reason.slice(0, 300)}”.` : '';
	return `The desk is halted: no order can be placed until an admin runs /resume. Nothing was sent.${reason}`;
}
