import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/** Field names whose values never reach a log line, up to three objects down (a config, a request's headers…). */
const secretFields = ['apiSecret', 'secret', 'signature', 'token', 'password', 'authorization', 'api-key'];

export const redactedPaths = secretFields.flatMap((field) => {
	const key = `["${field}"]`;
	return [key, `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
	const options: LoggerOptions = { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
	return destination ? pino(options, destination) : pino(options);
}
