import { deskZoneName } from '../desk/desk-time.js';
import { startOfTradingDay } from '../desk/trading-day.js';
import { minuteMs } from './minute-bar.js';

const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
const subDaySteps = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720].map((minutes) => minutes * minuteMs);
const daySteps = [1, 2, 3, 7].map((days) => days * dayMs);
const maxTicks = 8;

/** The zone's offset from UTC at `at`, from the "GMT+10:30" Intl writes. */
function zoneOffsetAt(at: number, timeZone: string): number {
	const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
		.formatToParts(new Date(at))
		.find((part) => part.type === 'timeZoneName')?.value;
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
	if (!match) return 0;
	const sign = match[1] === '-' ? -1 : 1;
	return sign * (Number(match[2]) * hourMs + Number(match[3]) * minuteMs);
}

/** Tick instants on round wall-clock times of the desk's zone (every 30 min, 3 h, local midnight…). */
export function timeTicks(start: number, end: number, timeZone: string): number[] {
	const span = end - start;
	const subDay = subDaySteps.find((step) => span / step <= maxTicks);
	const ticks: number[] = [];
	if (subDay !== undefined) {
		let local = Math.ceil((start + zoneOffsetAt(start, timeZone)) / subDay) * subDay;
		for (;;) {
			const at = local - zoneOffsetAt(local - zoneOffsetAt(start, timeZone), timeZone);
			if (at > end) break;
			if (at >= start) ticks.push(at);
			local += subDay;
		}
		return ticks;
	}
	const step = daySteps.find((candidate) => span / candidate <= maxTicks) ?? 7 * dayMs;
	const days = Math.round(step / dayMs);
	let day = startOfTradingDay(start, timeZone);
	if (day < start) day = startOfTradingDay(day + dayMs + 2 * hourMs, timeZone);
	for (let index = 0; day <= end; index++) {
		if (index % days === 0) ticks.push(day);
		// Local midnights are not 24 h apart across a daylight-saving change: step past noon and snap back.
		day = startOfTradingDay(day + dayMs + 2 * hourMs, timeZone);
	}
	return ticks;
}

function dayLabel(at: number, timeZone: string): string {
	return new Intl.DateTimeFormat('en-AU', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(
		new Date(at),
	);
}

function clockLabel(at: number, timeZone: string): string {
	return new Intl.DateTimeFormat('en-AU', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
		new Date(at),
	);
}

/** A tick's label: the time of day, with the date under the first tick and under each local midnight. */
export function tickLabel(at: number, ticks: readonly number[], timeZone: string): string | string[] {
	const index = ticks.indexOf(at);
	const spansDays = ticks.length > 1 && (ticks[1] ?? 0) - (ticks[0] ?? 0) >= dayMs;
	if (spansDays) return dayLabel(at, timeZone);
	const previous = index > 0 ? ticks[index - 1] : undefined;
	const newDay = previous === undefined || dayLabel(previous, timeZone) !== dayLabel(at, timeZone);
	return newDay ? [clockLabel(at, timeZone), dayLabel(at, timeZone)] : clockLabel(at, timeZone);
}

/** The zone over a window: "AEDT", or "AEDT → AEST" when daylight saving changed inside it. */
export function zoneNamesOver(start: number, end: number, timeZone: string): string {
	const first = deskZoneName(start, timeZone);
	const last = deskZoneName(end, timeZone);
	return first === last ? first : `${first} → ${last}`;
}

/** "Tue 2 Dec 2025, 14:05 AEDT" in the desk's zone, the zone named: for the chart's titles. */
export function chartDateTime(at: number, timeZone: string): string {
	const date = new Intl.DateTimeFormat('en-AU', {
		timeZone,
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric',
	}).format(new Date(at));
	return `${date}, ${clockLabel(at, timeZone)} ${deskZoneName(at, timeZone)}`;
}

/** "1 h", "4 h", "24 h", "7 days": how long the window is. */
export function windowLength(start: number, end: number): string {
	const span = end - start;
	if (span < hourMs) return `${Math.round(span / minuteMs)} min`;
	if (span <= 2 * dayMs) return `${Math.round((span / hourMs) * 10) / 10} h`;
	return `${Math.round((span / dayMs) * 10) / 10} days`;
}
