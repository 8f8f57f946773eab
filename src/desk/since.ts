import type { Checked } from './order-input.js';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30m", "24h", "7d", "2w" back from now, or a UTC date "2026-01-05" / date-time "2026-01-05T09:30". */
export function parseSince(raw: string, now: number): Checked<number> {
	const text = raw.trim().toLowerCase();
	const relative = /^(\d{1,4})\s*([mhdw])$/.exec(text);
	if (relative) {
		const [, count = '0', unit = 'h'] = relative;
		return { ok: true, value: now - Number(count) * (units[unit] ?? 0) };
	}
	if (/^\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2})?)?$/.test(text)) {
		const ms = Date.parse(`${text.replace(' ', 't').toUpperCase()}${text.length > 10 ? 'Z' : 'T00:00:00Z'}`);
		if (!Number.isNaN(ms) && ms <= now) return { ok: true, value: ms };
	}
	return {
		ok: false,
		error: `"since" must be a span such as 30m, 24h or 7d, or a past UTC date such as 2026-01-05 (got "${raw.slice(0, 30)}").`,
	};
}
