import { type Logger, pino } from 'pino';

export interface LogLine {
	readonly level: number;
	readonly msg: string;
	readonly [field: string]: unknown;
}

/** A logger that keeps every line in `lines`, so that a test can see what reached the log (errors are level 50). */
export function capturingLogger(lines: LogLine[]): Logger {
	return pino({ level: 'trace' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
}
