import { minuteMs, minuteOf } from './minute-bar.js';

/**
 * The whole minutes of a window whose bars should be in the store by now, as `[from, to)` and a count. The
 * recorder reads no partial minute and writes no minute still open, so a minute only partly inside the window
 * is not one; nor is a minute that ended so lately (`writtenBy` is now less the recorder's delay) that its bar
 * may still be on its way.
 */
export function minutesDue(
	start: number,
	end: number,
	writtenBy: number,
): { readonly from: number; readonly to: number; readonly count: number } {
	const from = Math.ceil(start / minuteMs) * minuteMs;
	const to = Math.max(from, Math.min(minuteOf(end), minuteOf(writtenBy)));
	return { from, to, count: (to - from) / minuteMs };
}
