/** Runs `work` over `inputs` for about `durationMs` and returns how many inputs it handled per second. */
export function perSecond<T>(inputs: readonly T[], work: (input: T) => unknown, durationMs: number): number {
	let handled = 0;
	const started = performance.now();
	let elapsed = 0;
	while (elapsed < durationMs) {
		for (const input of inputs) work(input);
		handled += inputs.length;
		elapsed = performance.now() - started;
	}
	return Math.round((handled / elapsed) * 1000);
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Measures several candidates in alternating rounds after a warm-up, and keeps each one's median, so that
 * neither JIT warm-up nor a noisy moment on a shared machine favours whichever runs first.
 */
export function compareRates<K extends string>(rounds: number, candidates: Record<K, () => number>): Record<K, number> {
	const names = Object.keys(candidates) as K[];
	for (const name of names) candidates[name]();
	const results = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
	for (let round = 0; round < rounds; round++) {
		for (const name of names) results[name].push(candidates[name]());
	}
	return Object.fromEntries(names.map((name) => [name, median(results[name])])) as Record<K, number>;
}
