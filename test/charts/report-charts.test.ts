import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { DeskChart } from '../../src/charts/chart-desk.js';
import { drawReportCharts, reportChartLimit, symbolsTraded } from '../../src/charts/report-charts.js';
import type { BlotterReport, BlotterRow } from '../../src/desk/blotter.js';
import type { DailyReport } from '../../src/desk/daily-report-content.js';
import { renderDailyReport } from '../../src/discord/render/daily-report.js';

/** Which symbols the end-of-day report charts, and what it says of those it does not. */

const day = { date: '2026-12-01', start: 0, end: 86_400_000 };

function blotterOf(values: Record<string, number[]>): BlotterReport {
	const rows = Object.entries(values).flatMap(([symbol, each]) =>
		each.map((value, index) => ({ trader: `t${index}`, symbol, value: new Decimal(value) }) as unknown as BlotterRow),
	);
	return { day, summary: { rows } } as unknown as BlotterReport;
}

function chartOf(symbol: string): DeskChart {
	return {
		symbol,
		png: Buffer.from(symbol),
		fileName: `chart-${symbol.replace('/', '-')}-${day.date}.png`,
	} as DeskChart;
}

describe('the report’s charts', () => {
	it('orders the symbols by what the desk traded in them, summed over traders, then by name', () => {
		const blotter = blotterOf({ 'ETH/AUD': [300, 300], 'BTC/AUD': [500], 'USDT/AUD': [500], 'SOL/AUD': [0] });
		expect(symbolsTraded(blotter.summary)).toEqual(['ETH/AUD', 'BTC/AUD', 'USDT/AUD', 'SOL/AUD']);
	});

	it('draws at most one message’s worth, names the rest, and names a chart that failed without dropping the others', async () => {
		const symbols = Array.from({ length: 11 }, (_, index) => `C${String(index).padStart(2, '0')}/AUD`);
		const blotter = blotterOf(Object.fromEntries(symbols.map((symbol, index) => [symbol, [1000 - index]])));
		const failures: string[] = [];
		const charts = await drawReportCharts(
			{
				dayChart: async (symbol) => {
					if (symbol === 'C02/AUD') throw new Error('drawing thread gone');
					return chartOf(symbol);
				},
			},
			blotter,
			(symbol) => failures.push(symbol),
		);
		expect(reportChartLimit).toBe(9);
		expect(charts.drawn.map((chart) => chart.symbol)).toEqual(symbols.slice(0, 9).filter((s) => s !== 'C02/AUD'));
		expect(charts.failed).toEqual(['C02/AUD']);
		expect(failures).toEqual(['C02/AUD']);
		expect(charts.leftOut).toEqual(['C09/AUD', 'C10/AUD']);

		const report = {
			due: { day, dueAt: 0, late: false, skippedDays: [] },
			blotter: { ok: false, reason: 'not read here' },
			balances: { ok: false, reason: 'not read here' },
			risk: { ok: false, reason: 'not read here' },
			generatedAt: 0,
			timeZone: 'Australia/Sydney',
		} satisfies DailyReport;
		const message = renderDailyReport(report, undefined, charts);
		const headline = JSON.stringify(message.embeds?.[0]);
		expect(headline).toContain('Charts of the day: C00/AUD, C01/AUD, C03/AUD');
		expect(headline).toContain(
			'Not charted here, as a message holds 9 charts: C09/AUD, C10/AUD. /chart shows any of them.',
		);
		expect(headline).toContain('Could not be charted: C02/AUD (see the log).');
		expect(message.files).toHaveLength(8);
	});
});
