/** What must hold before the bot counts as ready, each named in /readyz's answer when it does not. */
export const readinessChecks = ['store', 'broker', 'stream', 'discord', 'lease', 'running'] as const;
export type ReadinessCheck = (typeof readinessChecks)[number];

export interface ReadinessReport {
	readonly ready: boolean;
	readonly notReady: readonly ReadinessCheck[];
}

/**
 * The checks behind /readyz. Each is false until start-up sets it, since the parts it asks about do not
 * exist yet; a check that throws (a part already closed) counts as not ready.
 */
export class Readiness {
	private readonly checks = new Map<ReadinessCheck, () => boolean>();

	set(name: ReadinessCheck, check: () => boolean): void {
		this.checks.set(name, check);
	}

	report(): ReadinessReport {
		const notReady = readinessChecks.filter((name) => !this.holds(name));
		return { ready: notReady.length === 0, notReady };
	}

	private holds(name: ReadinessCheck): boolean {
		try {
			return this.checks.get(name)?.() === true;
		} catch {
			return false;
		}
	}
}
