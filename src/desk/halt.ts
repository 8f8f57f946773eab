export interface HaltState {
	readonly halted: boolean;
	readonly reason: string | undefined;
	/** The Discord user who last halted or resumed the desk. */
	readonly changedBy: string | undefined;
	readonly changedAt: number | undefined;
}

/** Whether the desk is halted, kept so that a halt survives a restart; the store implements it. */
export interface HaltStore {
	halt(): HaltState;
	setHalted(halted: boolean, userId: string, reason: string | undefined, at: number): void;
}

/** The sentence that turns an order away while the desk is halted, or undefined when trading is on. */
export function haltRefusal(state: HaltState): string | undefined {
	if (!state.halted) return undefined;
	// The admin's own words, quoted, so that the sentence still ends as a sentence whatever they typed.
	const reason = state.reason ? ` Reason given: “${state.reason.slice(0, 300)}”.` : '';
	return `The desk is halted: no order can be placed until an admin runs /resume. Nothing was sent.${reason}`;
}
