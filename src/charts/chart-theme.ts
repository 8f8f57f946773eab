/**
 * One opaque dark card of its own, so the picture reads the same on Discord's dark and light themes, with a
 * lighter border that shows its edge on the dark theme. Buys and sells differ in colour and in shape (up and down
 * triangles), so they stay apart for a reader who cannot tell green from red.
 */
export const chartTheme = {
	width: 1200,
	height: 675,
	fontFamily: 'Desk Chart Sans',
	background: '#12161d',
	border: '#3a4352',
	text: '#e8ecf2',
	mutedText: '#a7b0be',
	grid: '#262d38',
	mid: '#f5f7fa',
	bandEdge: '#6b7a90',
	bandFill: 'rgba(120, 146, 184, 0.28)',
	gapFill: 'rgba(255, 255, 255, 0.05)',
	buy: '#22c55e',
	buyOutline: '#0b3d1e',
	sell: '#f0506e',
	sellOutline: '#4a0f1c',
	buyVwap: '#86efac',
	sellVwap: '#fda4af',
	fontSizes: { title: 32, subtitle: 24, ticks: 24, axisTitle: 22, legend: 24, note: 28 },
	/** A fill's mark radius grows with the square root of its value, so its area tracks the value. */
	markRadius: { min: 7, max: 18 },
} as const;
