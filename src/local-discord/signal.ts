/** Wakes waiters whenever the fake's state changes; each waiter re-checks its condition. */
export class Signal {
	private readonly checks = new Set<() => void>();
	private stopped = false;

	wake(): void {
		for (const check of [...this.checks]) check();
	}

	until<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
		return new Promise((resolve, reject) => {
			const finish = (error?: Error) => {
				clearTimeout(timer);
				this.checks.delete(check);
				if (error) reject(error);
			};
			const check = () => {
				if (this.stopped) return finish(new Error(`local Discord stopped while waiting for ${what}`));
				const value = probe();
				if (value === undefined) return;
				finish();
				resolve(value);
			};
			const timer = setTimeout(
				() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
				timeoutMs,
			);
			this.checks.add(check);
			check();
		});
	}

	stop(): void {
		this.stopped = true;
		this.wake();
	}
}
