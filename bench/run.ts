import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: runs every bench/*.bench.ts in turn. Each prints one JSON line
 * {"bench":"<name>", …figures} beside a baseline measured in the same run, plus readable lines.
 */
const folder = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const files = readdirSync(folder)
	.filter((file) => file.endsWith('.bench.ts'))
	.filter((file) => only === undefined || file.startsWith(only))
	.sort();

for (const file of files) {
	const module: { run?: () => Promise<void> } = await import(new URL(file, import.meta.url).href);
	if (typeof module.run !== 'function') throw new Error(`${file} does not export run()`);
	await module.run();
}
