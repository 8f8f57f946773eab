import type { AlertLaneHealth } from '../desk/health.js';

/** Failures in a row before a route is reported as failing. */
const failingAfter = 3;

/**
 * One lane's failed posts, so that the desk hears of an outage once, however many events it holds up: when
 * the posts have failed a few times in a row, and when one goes through again.
 */
export class LaneTrouble {
	private inARow = 0;
	private lastError: string | undefined;
	private unreachable = false;
	private reported = false;
	private setAsideCount = 0;

	/** Counts a failed post; true when the desk should be told now (once per outage). */
	failed(reason: string, unreachable: boolean): boolean {
		this.inARow++;
		this.lastError = reason;
		this.unreachable = unreachable;
		if (this.reported || this.inARow < failingAfter) return false;
		this.reported = true;
		return true;
	}

	/** Counts a post that went through; true when the desk had been told of the failures before it. */
	succeeded(): boolean {
		const wasReported = this.reported;
		this.inARow = 0;
		this.unreachable = false;
		this.reported = false;
		return wasReported;
	}

	/** Counts an event set aside because Discord can never show it. */
	setAside(): void {
		this.setAsideCount++;
	}

	health(waiting: number): AlertLaneHealth {
		const failing = this.inARow >= failingAfter;
		return {
			failing,
			unreachable: failing && this.unreachable,
			lastError: this.lastError,
			waiting,
			setAside: this.setAsideCount,
		};
	}
}
