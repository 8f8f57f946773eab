import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { PriceHistoryRecorder } from '../charts/price-history.js';
import { PriceBarRepository } from '../store/price-bars.js';
import type { ZerocapStream } from '../zerocap/stream.js';

/** Records every ladder the stream brings as one-minute bars, for /chart; `stop()` writes the closed minutes. */
export function recordPriceHistory(parts: {
	readonly database: Database.Database;
	readonly stream: Pick<ZerocapStream, 'on'>;
	readonly keepDays: number;
	readonly logger: Logger;
	readonly now: () => number;
}): { stop(): void } {
	const recorder = new PriceHistoryRecorder({
		records: new PriceBarRepository(parts.database),
		now: parts.now,
		keepDays: parts.keepDays,
		onError: (error) =>
			parts.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'price history not written'),
	});
	const stopListening = parts.stream.on('ladder', recorder.onLadder);
	recorder.start();
	return {
		stop() {
			stopListening();
			recorder.stop();
		},
	};
}
