import { describe, expect, it } from 'vitest';
import { lineWithGaps } from '../../src/charts/chart-series.js';
import { tickLabel, timeTicks, zoneNamesOver } from '../../src/charts/time-axis.js';
import { deskZoneName } from '../../src/desk/desk-time.js';

const sydney = 'Australia/Sydney';
const hour = 3_600_000;

function sydneyClock(at: number): string {
	return new Intl.DateTimeFormat('en-AU', {
		timeZone: sydney,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	}).format(at);
}

describe('the time axis in the desk’s zone', () => {
	it('puts a day’s ticks on round Sydney hours, naming the zone', () => {
		const end = Date.UTC(2025, 11, 2, 3, 0);
		const ticks = timeTicks(end - 24 * hour, end, sydney);
		expect(ticks.map(sydneyClock)).toEqual(['15:00', '18:00', '21:00', '00:00', '03:00', '06:00', '09:00', '12:00']);
		expect(tickLabel(ticks[3] ?? 0, ticks, sydney)).toEqual(['00:00', 'Tue, 2 Dec']);
		expect(deskZoneName(end, sydney)).toBe('AEDT');
	});

	it('names both zones over a window across the start of daylight saving, and keeps ticks on local midnights', () => {
		const start = Date.UTC(2025, 9, 1);
		const end = Date.UTC(2025, 9, 10);
		expect(zoneNamesOver(start, end, sydney)).toBe('AEST → AEDT');
		expect(new Set(timeTicks(start, end, sydney).map(sydneyClock))).toEqual(new Set(['00:00']));
	});

	it('breaks a line where minutes are missing, and only there', () => {
		const points = lineWithGaps(
			[0, 1, 2, 5, 6].map((index) => ({ minute: index * 60_000, value: index })),
			60_000,
		);
		expect(points.map((point) => point.y)).toEqual([0, 1, 2, null, 5, 6]);
	});
});
