import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { withoutSignatures } from './zerocap/signing.js';

/** Field names whose values never reach a log line, up to three objects down (a config, a request's headers…). */
const secretFields = ['apiSecret', 'secret', 'signature', 'token', 'password', 'authorization', 'api-key'];

export const redactedPaths = secretFields.flatMap((field) => {
	const key = `["${field}"]`;
	return [key, `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

/**
 * The project's logger. Secret fields are redacted by name (paths above); and, since a signature can also
 * arrive inside a string (a broker's error message that echoes it, a field deeper than the paths reach),
 * anything shaped like one is replaced in the finished line.
 */
export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
	const options: LoggerOptions = {
		level,
		redact: { paths: redactedPaths, censor: '[redacted]' },
		hooks: { streamWrite: withoutSignatures },
	};
	return destination ? pino(options, destination) : pino(options);
}
