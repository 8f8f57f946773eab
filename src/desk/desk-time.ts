/** Times as the desk reads them: in the desk's time zone, the zone always named. */

type Style = 'date-time' | 'hour-minute' | 'clock' | 'zone';

const styles: Record<Style, Intl.DateTimeFormatOptions> = {
	'date-time': {
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23',
	},
	'hour-minute': { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
	clock: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
	zone: { timeZoneName: 'short' },
};

/** Building a formatter costs far more than using one, and a day's CSV formats thousands of times. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: Style, timeZone: string): Intl.DateTimeFormat {
	const key = `${style} ${timeZone}`;
	let found = formatters.get(key);
	if (!found) {
		// en-CA writes dates as 2026-01-05; en-AU names Australia's zones (AEDT) where en-CA says GMT+11.
		found = new Intl.DateTimeFormat(style === 'zone' ? 'en-AU' : 'en-CA', { timeZone, ...styles[style] });
		formatters.set(key, found);
	}
	return found;
}

/** `AEDT`: the zone's short name at that instant (it changes with daylight saving). */
export function deskZoneName(at: number, timeZone: string): string {
	const part = formatter('zone', timeZone)
		.formatToParts(new Date(at))
		.find((candidate) => candidate.type === 'timeZoneName');
	return part?.value ?? timeZone;
}

/** `2026-01-05 14:02:09 AEDT`. */
export function deskDateTime(at: number, timeZone: string): string {
	const text = formatter('date-time', timeZone).format(new Date(at)).replace(',', '');
	return `${text} ${deskZoneName(at, timeZone)}`;
}

/** `14:02 AEDT`. */
export function deskHourMinute(at: number, timeZone: string): string {
	return `${formatter('hour-minute', timeZone).format(new Date(at))} ${deskZoneName(at, timeZone)}`;
}

/** `14:02:09 AEDT`: a time of day in a sentence. */
export function deskClock(at: number, timeZone: string): string {
	return `${formatter('clock', timeZone).format(new Date(at))} ${deskZoneName(at, timeZone)}`;
}
