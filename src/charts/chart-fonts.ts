import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';
import { chartTheme } from './chart-theme.js';

/** The repository's assets folder, found upwards from here: `src/charts` under tsx, `dist/src/charts` when built. */
function fontsFolder(): string {
	let folder = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const candidate = join(folder, 'assets', 'fonts');
		if (existsSync(join(candidate, 'DejaVuSans.ttf'))) return candidate;
		const parent = dirname(folder);
		if (parent === folder) throw new Error('assets/fonts/DejaVuSans.ttf is missing: the chart font ships with the bot');
		folder = parent;
	}
}

let registered = false;

/**
 * Registers the shipped DejaVu Sans under a name of our own, so no system font can stand in for it and a bare
 * machine draws the same picture. Once per thread.
 */
export function registerChartFonts(): void {
	if (registered) return;
	const folder = fontsFolder();
	for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
		if (!GlobalFonts.registerFromPath(join(folder, file), chartTheme.fontFamily)) {
			throw new Error(`the chart font ${file} could not be loaded`);
		}
	}
	registered = true;
}
