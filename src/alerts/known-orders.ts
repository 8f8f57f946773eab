/** Per-order memory is kept for the most recent orders only, so that a long-running bot does not grow without end. */
const rememberedOrders = 50_000;

/** Sets `key` as the newest entry of `map`, forgetting the oldest past the limit. */
export function remember<V>(map: Map<string, V>, key: string, value: V): void {
	map.delete(key);
	map.set(key, value);
	if (map.size > rememberedOrders) {
		const oldest = map.keys().next();
		if (!oldest.done) map.delete(oldest.value);
	}
}

/** The client order ids of the orders seen lately, so that a fill can name the trader who placed its order. */
export class KnownOrders {
	private readonly clientIds = new Map<string, string>();
	private readonly waiters = new Set<() => void>();

	learn(orderId: string, clientOrderId: string): void {
		remember(this.clientIds, orderId, clientOrderId);
		for (const wake of [...this.waiters]) wake();
	}

	clientIdOf(orderId: string): string | undefined {
		return this.clientIds.get(orderId);
	}

	/** Waits, at most `ms`, until every one of these orders has been seen. */
	async awaitAll(orderIds: readonly string[], ms: number): Promise<void> {
		const known = () => orderIds.every((id) => this.clientIds.has(id));
		if (known()) return;
		await new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.waiters.delete(check);
				resolve();
			};
			const check = () => {
				if (known()) done();
			};
			const timer = setTimeout(done, ms);
			this.waiters.add(check);
		});
	}
}
