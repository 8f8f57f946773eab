import { Decimal } from 'decimal.js';
import type { BlotterReport, BlotterSummary } from '../desk/blotter.js';
import type { ChartDesk, DeskChart } from './chart-desk.js';

/** Discord takes 10 files in a message: the day's CSV, and a chart for each of at most 9 symbols. */
export const reportChartLimit = 9;

/** The end-of-day report's pictures: a chart of the day for each symbol traded, as many as one message takes. */
export interface ReportCharts {
	readonly drawn: readonly DeskChart[];
	/** Traded, but past the limit: the least traded by value. */
	readonly leftOut: readonly string[];
	/** Traded, but the chart could not be drawn. */
	readonly failed: readonly string[];
}

/** Every symbol the day's blotter traded, the most traded by desk-currency value first, then by name. */
export function symbolsTraded(summary: BlotterSummary): string[] {
	const value = new Map<string, Decimal>();
	for (const row of summary.rows) value.set(row.symbol, (value.get(row.symbol) ?? new Decimal(0)).plus(row.value));
	return [...value.entries()]
		.sort(([a, left], [b, right]) => right.comparedTo(left) || a.localeCompare(b))
		.map(([symbol]) => symbol);
}

/**
 * Draws the day's chart of each symbol traded, one after another (the drawing thread takes one at a time
 * anyway). A chart that fails is named as failed and the others still go out: the report never waits on one.
 */
export async function drawReportCharts(
	charts: Pick<ChartDesk, 'dayChart'>,
	blotter: BlotterReport,
	onFailure: (symbol: string, error: unknown) => void,
): Promise<ReportCharts> {
	const symbols = symbolsTraded(blotter.summary);
	const drawn: DeskChart[] = [];
	const failed: string[] = [];
	for (const symbol of symbols.slice(0, reportChartLimit)) {
		try {
			drawn.push(await charts.dayChart(symbol, blotter.day));
		} catch (error) {
			onFailure(symbol, error);
			failed.push(symbol);
		}
	}
	return { drawn, leftOut: symbols.slice(reportChartLimit), failed };
}
