import { writeFileSync } from 'node:fs';
import { renderChart } from '../src/charts/render-chart.js';
import { busyDay, quietHour } from '../test/charts/sample-market.js';

/** Renders the two sample charts the docs show, from deterministic data: `npx tsx scripts/render-sample-charts.ts`. */
const samples = { 'docs/chart-busy-day.png': busyDay(), 'docs/chart-quiet-hour.png': quietHour() };
for (const [path, sample] of Object.entries(samples)) {
	writeFileSync(path, renderChart(sample.input).png);
	console.log(`wrote ${path} (${sample.input.bars.length} bars, ${sample.input.fills.length} fills)`);
}
