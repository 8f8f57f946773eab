import { Decimal } from 'decimal.js';
import type { RiskLine, RiskView } from './account-views.js';

export interface HeadroomSettings {
	/** Warn when a limit's headroom falls below this percentage (RISK_WARN_BELOW_PERCENT, default 20). */
	readonly warnBelowPercent: Decimal;
	/**
	 * Say it recovered only once headroom is back at the threshold plus this many points (default 2), so that a
	 * headroom wavering around the threshold does not warn at every read.
	 */
	readonly recoverMarginPercent: Decimal;
}

export const defaultHeadroomSettings: HeadroomSettings = {
	warnBelowPercent: new Decimal(20),
	recoverMarginPercent: new Decimal(2),
};

/** A limit whose headroom fell below the threshold, or came back above it: each said once. */
export interface HeadroomEvent {
	readonly kind: 'low' | 'recovered';
	readonly line: RiskLine;
	readonly headroomPercent: Decimal;
	readonly thresholdPercent: Decimal;
	readonly currency: string | undefined;
	readonly at: number;
}

/**
 * Watches successive risk views and says once when a limit's headroom falls below the threshold and once when
 * it recovers. State is per limit name and in memory: a restart while a limit is low warns once more, which is
 * the safe way round. A limit whose headroom is not reported, or that is missing from a report, keeps its
 * state: silence from the broker is neither a warning nor a recovery.
 */
export class HeadroomWatch {
	private readonly low = new Set<string>();

	constructor(private readonly settings: HeadroomSettings = defaultHeadroomSettings) {}

	get warnBelowPercent(): Decimal {
		return this.settings.warnBelowPercent;
	}

	observe(view: RiskView): HeadroomEvent[] {
		const { warnBelowPercent, recoverMarginPercent } = this.settings;
		const recoverAt = warnBelowPercent.plus(recoverMarginPercent);
		const events: HeadroomEvent[] = [];
		for (const line of view.lines) {
			const percent = line.headroomPercent;
			if (percent === undefined) continue;
			const base = { line, headroomPercent: percent, currency: view.currency, at: view.at };
			if (!this.low.has(line.name) && percent.lt(warnBelowPercent)) {
				this.low.add(line.name);
				events.push({ kind: 'low', ...base, thresholdPercent: warnBelowPercent });
			} else if (this.low.has(line.name) && percent.gte(recoverAt)) {
				this.low.delete(line.name);
				events.push({ kind: 'recovered', ...base, thresholdPercent: warnBelowPercent });
			}
		}
		return events;
	}

	/** An event that could not be said is forgotten, so that the next read says it again. */
	unsaid(event: HeadroomEvent): void {
		if (event.kind === 'low') this.low.delete(event.line.name);
		else this.low.add(event.line.name);
	}

	/** The limits currently below the threshold, for /status or a test. */
	lowLimits(): string[] {
		return [...this.low];
	}
}
