import type { Logger } from 'pino';
import type { Instrument, ReadList } from '../zerocap/domain-account.js';
import { isZerocapError } from '../zerocap/errors.js';
import { type InstrumentRules, rulesOf } from './instrument-rules.js';

export type RulesLookup =
	| { readonly kind: 'known'; readonly rules: InstrumentRules }
	| { readonly kind: 'unknown'; readonly reason: string };

export interface InstrumentCatalogSettings {
	/** How long a ticket waits for the broker's list when the desk has none yet. */
	readonly deadlineMs: number;
	/** Rules older than this are read again; until the new ones come, the old ones apply. */
	readonly refreshAfterMs: number;
	/** After a failed read, the next is not tried before this. */
	readonly retryAfterMs: number;
	readonly now: () => number;
}

/**
 * The broker's rules for each instrument (get_instruments), read once and then kept fresh in the background.
 * A ticket checks against them; where the broker gave none, the ticket says so and the broker decides.
 */
export class InstrumentCatalog {
	private rules: ReadonlyMap<string, InstrumentRules> | undefined;
	private readAt = 0;
	private reading: Promise<void> | undefined;
	private failure: { readonly at: number; readonly reason: string } | undefined;

	constructor(
		private readonly read: () => Promise<ReadList<Instrument>>,
		private readonly settings: InstrumentCatalogSettings,
		private readonly logger: Logger,
	) {}

	/** Reads the broker's list now (start-up): a failure is logged, and tickets say the rules were not checked. */
	load(): Promise<void> {
		this.reading ??= this.readList().finally(() => {
			this.reading = undefined;
		});
		return this.reading;
	}

	async rulesFor(symbol: string): Promise<RulesLookup> {
		const { now, refreshAfterMs, retryAfterMs, deadlineMs } = this.settings;
		const due = this.rules === undefined || now() - this.readAt >= refreshAfterMs;
		const mayTry = this.failure === undefined || now() - this.failure.at >= retryAfterMs;
		if (due && mayTry) {
			const loading = this.load();
			// With rules already known, the ticket does not wait for fresher ones.
			if (this.rules === undefined) await waitAtMost(loading, deadlineMs);
		}
		if (this.rules === undefined) {
			return { kind: 'unknown', reason: this.failure?.reason ?? 'the broker has not answered get_instruments yet' };
		}
		const rules = this.rules.get(symbol);
		return rules ? { kind: 'known', rules } : { kind: 'unknown', reason: `the broker does not list ${symbol}` };
	}

	private async readList(): Promise<void> {
		try {
			const list = await this.read();
			this.rules = new Map(list.items.map((instrument) => [instrument.symbol, rulesOf(instrument)]));
			this.readAt = this.settings.now();
			this.failure = undefined;
			if (list.unreadable > 0) this.logger.warn({ unreadable: list.unreadable }, 'some instruments were unreadable');
		} catch (error) {
			const why = isZerocapError(error) ? error.userMessage.replace(/\.$/, '') : 'an unexpected error';
			this.failure = { at: this.settings.now(), reason: `the broker did not answer get_instruments: ${why}` };
			this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'instrument rules unread');
		}
	}
}

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, ms);
	});
	return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
