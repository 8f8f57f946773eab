import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/** Field names whose values never reach a log line, at the top level or one object down. */
const secretFields = ['apiSecret', 'secret', 'signature', 'token', 'password', 'authorization', 'api-key'];

export const redactedPaths = secretFields.flatMap((field) => {
	const key = `["${field}"]`;
	return [key, `*${key}`, `headers${key}`];
});

export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
	const options: LoggerOptions = { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
	return destination ? pino(options, destination) : pino(options);
}
