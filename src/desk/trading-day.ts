/** The desk's trading day: limits that count "today" start again at midnight in the desk's time zone. */

function zoneOffsetMs(at: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(at));
	const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant the desk's day that contains `at` began: local midnight in `timeZone`, daylight saving included. */
export function startOfTradingDay(at: number, timeZone: string): number {
	const local = new Date(at + zoneOffsetMs(at, timeZone));
	const midnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
	// The offset at midnight can differ from the offset now (a daylight-saving change that morning).
	return midnightAsUtc - zoneOffsetMs(midnightAsUtc - zoneOffsetMs(at, timeZone), timeZone);
}

/** Whether `timeZone` is one this machine knows, such as Australia/Sydney. */
export function isTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}
