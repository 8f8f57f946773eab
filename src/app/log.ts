import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/** Field names whose values never reach a log line, up to three objects down (a config, a request's headers…). */
const secretFields = ['apiSecret', 'secret', 'signature', 'token', 'password', 'authorization', 'api-key'];

export const redactedPaths = secretFields.flatMap((field) => {
	const key = `["${field}"]`;
	return [key, `*${key}`, `*.*${key}`, `*.*.*${key}`];
});

/** Anything shaped like a request signature: 64 hex digits (an HMAC-SHA256 in hex). */
const signatureShaped = /[0-9a-f]{64}/gi;

/**
 * The project's logger, for the bot and the sandbox alike; it has its own signature pattern (the Zerocap client
 * has another for its error texts) so that the sandbox loads no client code. Secret fields are redacted by name (paths above); and, since a signature can also
 * arrive inside a string (a broker's error message that echoes it, a field deeper than the paths reach),
 * anything shaped like one is replaced in the finished line.
 */
export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
	const options: LoggerOptions = {
		level,
		redact: { paths: redactedPaths, censor: '[redacted]' },
		hooks: { streamWrite: (line) => line.replace(signatureShaped, '[redacted]') },
	};
	return destination ? pino(options, destination) : pino(options);
}
