import { accept, type Checked, refuse } from './checked.js';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The instant a UTC date "2026-01-05" or date-time "2026-01-05t09:30[:15]" names, or undefined when no such
 * instant exists. Date.parse alone is not enough: V8 falls back to a lenient parser that rolls "02-30" into
 * March and "24:00" into the next day, so the result must read back as the text it came from.
 */
function utcInstant(text: string): number | undefined {
	const iso = text.replace(/[t ]/, 'T').toUpperCase();
	const full = iso.length > 10 ? iso : `${iso}T00:00`;
	const ms = Date.parse(`${full}Z`);
	if (Number.isNaN(ms)) return undefined;
	return new Date(ms).toISOString().startsWith(full) ? ms : undefined;
}

/** "30m", "24h", "7d", "2w" back from now, or a UTC date "2026-01-05" / date-time "2026-01-05T09:30". */
export function parseSince(raw: string, now: number): Checked<number> {
	const text = raw.trim().toLowerCase();
	const relative = /^(\d{1,4})\s*([mhdw])$/.exec(text);
	if (relative) {
		const [, count = '0', unit = 'h'] = relative;
		return accept(now - Number(count) * (units[unit] ?? 0));
	}
	if (/^\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2})?)?$/.test(text)) {
		const ms = utcInstant(text);
		if (ms !== undefined && ms <= now) return accept(ms);
	}
	return refuse(
		`The option "since" must be a span such as 30m, 24h or 7d, or a past UTC date such as 2026-01-05 (got "${raw.slice(0, 30)}").`,
	);
}
