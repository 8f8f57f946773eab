import Bottleneck from 'bottleneck';

/**
 * Spaces and caps the REST calls. Kept behind this interface so that bottleneck (unmaintained since 2019)
 * can be swapped without touching the client.
 */
export interface RequestLimiter {
	schedule<T>(task: () => Promise<T>): Promise<T>;
	/** Calls accepted but not yet started. */
	waiting(): number;
	/** Calls started and not yet finished. */
	running(): number;
	stop(): Promise<void>;
}

export interface LimiterSettings {
	/** At most this many calls start per second (evenly spaced); 0 means no spacing. */
	readonly requestsPerSecond: number;
	readonly maxConcurrent: number;
}

export function createRequestLimiter(settings: LimiterSettings): RequestLimiter {
	const bottleneck = new Bottleneck({
		maxConcurrent: settings.maxConcurrent,
		minTime: settings.requestsPerSecond > 0 ? Math.ceil(1000 / settings.requestsPerSecond) : 0,
	});
	return {
		schedule: (task) => bottleneck.schedule(task),
		waiting: () => {
			const counts = bottleneck.counts();
			return counts.RECEIVED + counts.QUEUED + counts.RUNNING;
		},
		running: () => bottleneck.counts().EXECUTING,
		stop: () => bottleneck.stop({ dropWaitingJobs: true }),
	};
}
