import type { Decimal } from 'decimal.js';
import { accept, type Checked, refuse } from './checked.js';
import { type LimitUsage, usageToday } from './limit-check.js';
import type { TicketDesk } from './ticket-desk.js';
import type { EffectiveLimits, LimitSet, LimitSubject, LimitsStore, StoredLimits } from './trader-limits.js';

/** A trader's limits and what they used of them today, for /limits show. */
export interface LimitsReport {
	readonly limits: EffectiveLimits;
	readonly usage: LimitUsage;
	readonly deskDailyValue: Decimal;
	readonly currency: string;
}

/** The limits admins set per trader and per role: shown, changed and cleared, each applied at the next ticket. */
export class DeskLimits {
	constructor(
		private readonly store: LimitsStore,
		private readonly tickets: TicketDesk,
		private readonly symbols: readonly string[],
		readonly currency: string,
		private readonly now: () => number,
	) {}

	report(userId: string, roleIds: readonly string[]): LimitsReport {
		const today = this.tickets.today();
		return {
			limits: this.tickets.limitsOf(userId, roleIds),
			usage: usageToday(userId, today),
			deskDailyValue: today.deskDailyValue,
			currency: today.currency,
		};
	}

	/** Sets the fields given for a trader or role, keeping the others as they were. */
	set(subject: LimitSubject, changes: LimitSet, changedBy: string): Checked<StoredLimits> {
		const unknown = changes.symbols?.filter((symbol) => !this.symbols.includes(symbol)) ?? [];
		if (unknown.length > 0) {
			return refuse(
				`The desk does not trade ${unknown.join(', ')}; it trades ${this.symbols.join(', ')}. Nothing changed.`,
			);
		}
		if (Object.values(changes).every((value) => value === undefined)) {
			return refuse('Give at least one limit to set: max_order, daily, position or symbols. Nothing changed.');
		}
		const before = this.store.get(subject);
		const limits: StoredLimits = {
			subject,
			maxOrderValue: changes.maxOrderValue ?? before?.maxOrderValue,
			dailyValue: changes.dailyValue ?? before?.dailyValue,
			maxPosition: changes.maxPosition ?? before?.maxPosition,
			symbols: changes.symbols ?? before?.symbols,
			changedBy,
			changedAt: this.now(),
		};
		this.store.set(limits);
		return accept(limits);
	}

	clear(subject: LimitSubject): Checked<LimitSubject> {
		if (!this.store.clear(subject)) return refuse('No limits were set for them; nothing changed.');
		return accept(subject);
	}
}
