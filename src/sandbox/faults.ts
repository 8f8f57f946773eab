import type { Endpoint } from './endpoints.js';

export type { Endpoint } from './endpoints.js';

/**
 * A failure the sandbox plays on the next `count` matching REST requests:
 * - `status`: answer with that status and the contract's error body; nothing is processed. A 429 may carry
 *   `retryAfterSeconds` as its Retry-After header.
 * - `delay`: wait `ms` before processing (`before`) or after processing, before answering (`after`).
 * - `drop`: cut the connection before processing, or after processing so that the result is lost.
 */
export type RestFault =
	| {
			readonly kind: 'status';
			readonly status: number;
			readonly message?: string;
			readonly retryAfterSeconds?: number;
			readonly count: number;
			readonly endpoint?: Endpoint;
	  }
	| {
			readonly kind: 'delay';
			readonly ms: number;
			readonly phase: 'before' | 'after';
			readonly count: number;
			readonly endpoint?: Endpoint;
	  }
	| { readonly kind: 'drop'; readonly phase: 'before' | 'after'; readonly count: number; readonly endpoint?: Endpoint };

interface ArmedFault {
	readonly fault: RestFault;
	remaining: number;
}

export class FaultPlan {
	private armed: ArmedFault[] = [];

	add(fault: RestFault): void {
		this.armed.push({ fault, remaining: fault.count });
	}

	clear(): void {
		this.armed = [];
	}

	/** The first armed fault for this endpoint, used up by one request. */
	take(endpoint: Endpoint): RestFault | undefined {
		const match = this.armed.find((armed) => armed.fault.endpoint === undefined || armed.fault.endpoint === endpoint);
		if (!match) return undefined;
		match.remaining--;
		if (match.remaining <= 0) this.armed = this.armed.filter((armed) => armed !== match);
		return match.fault;
	}

	pending(): RestFault[] {
		return this.armed.map((armed) => ({ ...armed.fault, count: armed.remaining }));
	}
}
