export type Subscription = { readonly kind: 'price'; readonly symbol: string } | { readonly kind: 'orders' };

/**
 * The subscriptions sent on the current connection and not yet answered, in order. The broker answers them
 * in order, and its 400 frame does not say which one it refuses, so the oldest unanswered one is the refused
 * one. Ladders are only expected for acknowledged symbols.
 */
export class PendingSubscriptions {
	#pending: Subscription[] = [];
	readonly #acknowledgedPrices = new Set<string>();

	/** A new connection: nothing sent, nothing acknowledged. */
	reset(): void {
		this.#pending = [];
		this.#acknowledgedPrices.clear();
	}

	sent(subscription: Subscription): void {
		this.#pending.push(subscription);
	}

	acknowledged(kind: Subscription['kind']): Subscription | undefined {
		const index = this.#pending.findIndex((subscription) => subscription.kind === kind);
		if (index < 0) return undefined;
		const [subscription] = this.#pending.splice(index, 1);
		if (subscription?.kind === 'price') this.#acknowledgedPrices.add(subscription.symbol);
		return subscription;
	}

	/** The subscription a 400 frame refers to, if one is waiting for its answer. */
	refused(): Subscription | undefined {
		return this.#pending.shift();
	}

	get pricesAcknowledged(): boolean {
		return this.#acknowledgedPrices.size > 0;
	}
}
