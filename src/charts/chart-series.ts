import type { ChartInput } from './chart-input.js';
import { minuteMs } from './minute-bar.js';

/** A point of a line; `y: null` breaks the line there. */
export interface LinePoint {
	readonly x: number;
	readonly y: number | null;
}

/** More points than the plot has pixel columns draw nothing more: long windows are read in coarser buckets. */
const maxPoints = 1500;

export function bucketMsFor(start: number, end: number): number {
	return Math.max(1, Math.ceil((end - start) / minuteMs / maxPoints)) * minuteMs;
}

/**
 * One value per bucket (the last minute's), in time order, with a null between two buckets that are not
 * neighbours: a minute without a bar is never bridged by a line.
 */
export function lineWithGaps(
	samples: readonly { readonly minute: number; readonly value: number | undefined }[],
	bucketMs: number,
): LinePoint[] {
	const buckets = new Map<number, number>();
	for (const sample of [...samples].sort((a, b) => a.minute - b.minute)) {
		const bucket = Math.floor(sample.minute / bucketMs) * bucketMs;
		if (sample.value === undefined) buckets.delete(bucket);
		else buckets.set(bucket, sample.value);
	}
	const points: LinePoint[] = [];
	let previous: number | undefined;
	for (const [bucket, value] of buckets) {
		if (previous !== undefined && bucket - previous > bucketMs) points.push({ x: previous + bucketMs, y: null });
		// A bar stands for its whole minute: drawn at the minute's middle.
		points.push({ x: bucket + bucketMs / 2, y: value });
		previous = bucket;
	}
	return points;
}

/** The stretches of the window with no bar at all, for shading (as `[from, to)` instants). */
export function gapsIn(
	bars: ChartInput['bars'],
	start: number,
	end: number,
	bucketMs: number,
): { from: number; to: number }[] {
	const minutes = [...new Set(bars.map((bar) => Math.floor(bar.minute / bucketMs) * bucketMs))].sort((a, b) => a - b);
	const gaps: { from: number; to: number }[] = [];
	let covered = start;
	for (const bucket of minutes) {
		if (bucket - covered >= bucketMs) gaps.push({ from: covered, to: bucket });
		covered = Math.max(covered, bucket + bucketMs);
	}
	// The minute still open at the end is not a gap yet.
	if (end - covered > 2 * bucketMs) gaps.push({ from: covered, to: end });
	return gaps;
}

/** Each fill's mark radius: the square root of its value against the largest, so area tracks value. */
export function markRadii(values: readonly number[], min: number, max: number): number[] {
	const largest = Math.max(0, ...values);
	return values.map((value) => (largest > 0 ? min + (max - min) * Math.sqrt(Math.max(0, value) / largest) : min));
}
