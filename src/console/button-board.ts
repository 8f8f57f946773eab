/**
 * The numbers the user presses for buttons. A number is never reused: pressing a number from an old screen
 * either presses that very button or is refused, never a different button that took its place.
 */
export interface NumberedButton {
	readonly messageId: string;
	readonly customId: string;
}

export class ButtonBoard {
	private next = 1;
	private readonly numbers = new Map<string, number>();
	private readonly buttons = new Map<number, NumberedButton>();
	private readonly retired = new Set<number>();

	numberFor(messageId: string, customId: string): number {
		const key = `${messageId}\n${customId}`;
		const known = this.numbers.get(key);
		if (known !== undefined) return known;
		const number = this.next;
		this.next += 1;
		this.numbers.set(key, number);
		this.buttons.set(number, { messageId, customId });
		return number;
	}

	/** The button, `retired` if it was shown once and has since left its message, or undefined if never shown. */
	find(number: number): NumberedButton | 'retired' | undefined {
		return this.buttons.get(number) ?? (this.retired.has(number) ? 'retired' : undefined);
	}

	/** Drops the numbers of a message's buttons that it no longer shows. */
	keepOnly(messageId: string, customIds: ReadonlySet<string>): void {
		for (const [number, button] of this.buttons) {
			if (button.messageId !== messageId || customIds.has(button.customId)) continue;
			this.buttons.delete(number);
			this.retired.add(number);
			this.numbers.delete(`${messageId}\n${button.customId}`);
		}
	}
}
