/** Closes everything once on SIGINT or SIGTERM, then exits. */
export function closeOnSignal(close: () => Promise<void>): void {
	let closing = false;
	const stop = () => {
		if (closing) return;
		closing = true;
		close().then(
			() => process.exit(0),
			(error: unknown) => exitWithError(error),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

/** Ends start-up with one readable sentence instead of a stack trace. */
export function exitWithError(error: unknown): never {
	const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
	let message = error instanceof Error ? error.message : String(error);
	if (code === 'EADDRINUSE') {
		message = `${message}\nThat port is taken: set SANDBOX_PORT to a free port, or to 0 to pick one.`;
	}
	process.stderr.write(`${message}\n`);
	process.exit(1);
}
