import { accept, type Checked, refuse } from './checked.js';
import { startOfTradingDay } from './trading-day.js';

/** One day of the desk, as its traders name it: a date in the desk's time zone, and the instants it spans. */
export interface DeskDay {
	/** `2026-01-05`, in the desk's time zone. */
	readonly date: string;
	/** Local midnight that begins it (ms). */
	readonly start: number;
	/** Local midnight that begins the next day (ms); a daylight-saving day is 23 or 25 hours long. */
	readonly end: number;
}

const hourMs = 3_600_000;

function parts(at: number, timeZone: string, options: Intl.DateTimeFormatOptions): Map<string, string> {
	const formatted = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', ...options }).formatToParts(
		new Date(at),
	);
	return new Map(formatted.map((part) => [part.type, part.value]));
}

/** The desk's date of an instant: `2026-01-05`. */
export function deskDateOf(at: number, timeZone: string): string {
	const p = parts(at, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
	return `${p.get('year')}-${p.get('month')}-${p.get('day')}`;
}

/** Minutes since local midnight of an instant, in the desk's zone. */
export function deskMinuteOfDay(at: number, timeZone: string): number {
	const p = parts(at, timeZone, { hour: '2-digit', minute: '2-digit' });
	return Number(p.get('hour')) * 60 + Number(p.get('minute'));
}

/** The desk's day containing `at`. */
export function deskDayOf(at: number, timeZone: string): DeskDay {
	const start = startOfTradingDay(at, timeZone);
	// The next day starts somewhere 23 to 25 hours later: step past it by 26 h and find its midnight.
	const end = startOfTradingDay(start + 26 * hourMs, timeZone);
	return { date: deskDateOf(at, timeZone), start, end };
}

/**
 * The desk's day named by `2026-01-05`, or undefined for a date that does not exist. UTC noon of that date is
 * within 14 hours of the local date in every zone, so at most one half-day step finds an instant inside it.
 */
export function deskDayNamed(date: string, timeZone: string): DeskDay | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!match) return undefined;
	const [, year = '', month = '', day = ''] = match;
	let at = Date.UTC(Number(year), Number(month) - 1, Number(day), 12);
	if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== date) return undefined;
	const local = deskDateOf(at, timeZone);
	if (local > date) at -= 12 * hourMs;
	if (local < date) at += 12 * hourMs;
	const found = deskDayOf(at, timeZone);
	return found.date === date ? found : undefined;
}

/** The day after (or `count` days after) a desk date. */
export function deskDayAfter(day: DeskDay, timeZone: string, count = 1): DeskDay {
	let next = day;
	for (let step = 0; step < count; step++) next = deskDayOf(next.end, timeZone);
	return next;
}

/**
 * A date option as the desk reads it: `today`, `yesterday` or `2026-01-05`, a day in the desk's time zone that
 * has begun. The refusal names the zone, so nobody wonders whose midnight it is.
 */
export function parseDeskDate(raw: string, now: number, timeZone: string): Checked<DeskDay> {
	const text = raw.trim().toLowerCase();
	const today = deskDayOf(now, timeZone);
	if (text === 'today') return accept(today);
	if (text === 'yesterday') return accept(deskDayOf(today.start - 1, timeZone));
	const named = deskDayNamed(text, timeZone);
	if (named && named.start <= now) return accept(named);
	return refuse(
		`The option "date" must be today, yesterday or a past date such as 2026-01-05, read in ${timeZone} (got "${raw.slice(0, 30)}").`,
	);
}

const units: Record<string, number> = { m: 60_000, h: hourMs, d: 24 * hourMs, w: 7 * 24 * hourMs };

/**
 * A `since` option: a span back from now (30m, 24h, 7d, 2w), or a date `2026-01-05` meaning its midnight in the
 * desk's time zone, or `2026-01-05 09:30[:15]` in that zone.
 */
export function parseDeskSince(raw: string, now: number, timeZone: string): Checked<number> {
	const text = raw.trim().toLowerCase();
	const relative = /^(\d{1,4})\s*([mhdw])$/.exec(text);
	if (relative) {
		const [, count = '0', unit = 'h'] = relative;
		return accept(now - Number(count) * (units[unit] ?? 0));
	}
	const dated = /^(\d{4}-\d{2}-\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
	const day = dated ? deskDayNamed(dated[1] ?? '', timeZone) : undefined;
	const inRange = Number(dated?.[2] ?? 0) < 24 && Number(dated?.[3] ?? 0) < 60 && Number(dated?.[4] ?? 0) < 60;
	if (dated && day && inRange) {
		const [, , hour, minute, second = '0'] = dated;
		const minuteAt = hour === undefined ? day.start : atLocalTime(day, Number(hour) * 60 + Number(minute), timeZone);
		const at = minuteAt === undefined ? undefined : minuteAt + Number(second) * 1000;
		if (at !== undefined && at <= now) return accept(at);
	}
	return refuse(
		`The option "since" must be a span such as 30m, 24h or 7d, or a past date such as 2026-01-05 or 2026-01-05 09:30 read in ${timeZone} (got "${raw.slice(0, 30)}").`,
	);
}

/**
 * The instant a local time of day happens on a desk day, or undefined when the clock skips it (the hour a
 * daylight-saving change removes). Found by stepping from midnight by the minute of day and correcting by the
 * offset change, so it needs no table of zones.
 */
export function atLocalTime(day: DeskDay, minuteOfDay: number, timeZone: string): number | undefined {
	if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay >= 24 * 60) return undefined;
	let at = day.start + minuteOfDay * 60_000;
	for (let attempt = 0; attempt < 3; attempt++) {
		const seen = deskMinuteOfDay(at, timeZone);
		const date = deskDateOf(at, timeZone);
		const drift = (date === day.date ? seen : seen + (date > day.date ? 24 * 60 : -24 * 60)) - minuteOfDay;
		if (drift === 0) return at;
		at -= drift * 60_000;
	}
	return undefined;
}
