/**
 * The sandbox's market clock. It runs with the host's time plus an offset, or stands still when frozen,
 * so that tests can step the market deterministically. Authentication and rate limits use the host's real
 * time instead: clients sign with their own clock, not the simulated one.
 */
export class SimulatedClock {
	private offsetMs = 0;
	private frozenAt: number | undefined;
	private readonly listeners = new Set<() => void>();

	constructor(
		private readonly hostNow: () => number = Date.now,
		frozenAt?: number,
	) {
		this.frozenAt = frozenAt;
	}

	now(): number {
		return this.frozenAt ?? this.hostNow() + this.offsetMs;
	}

	get frozen(): boolean {
		return this.frozenAt !== undefined;
	}

	freeze(): void {
		this.frozenAt ??= this.now();
	}

	resume(): void {
		if (this.frozenAt === undefined) return;
		this.offsetMs = this.frozenAt - this.hostNow();
		this.frozenAt = undefined;
	}

	/** Moves time forward and lets the market catch up at once, frozen or not. */
	step(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only steps forward by a finite amount');
		if (this.frozenAt === undefined) this.offsetMs += ms;
		else this.frozenAt += ms;
		for (const listener of this.listeners) listener();
	}

	onStep(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}
