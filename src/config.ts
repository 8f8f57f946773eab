import { z } from 'zod';

/** Settings come only from the environment; this schema is the one place that reads and checks them. */

const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
	z.enum(values, { error: `must be one of ${values.join(', ')}` });
const optionalText = z.string().trim().min(1).optional();
const flag = z
	.enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
	.transform((v) => v === 'true' || v === '1');
const integer = (min: number, max: number) =>
	z.coerce
		.number({ error: 'must be a whole number' })
		.int({ error: 'must be a whole number' })
		.min(min, { error: `must be at least ${min}` })
		.max(max, { error: `must be at most ${max}` });
const url = (protocols: readonly string[]) =>
	z
		.string()
		.refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
			error: `must be a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL`,
		})
		.optional();

export const defaultSandboxApiKey = 'sandbox-key';
export const defaultSandboxApiSecret = 'sandbox-secret';

const environmentShape = {
	LOG_LEVEL: choice(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	ZEROCAP_ENV: choice(['local', 'uat', 'sandbox', 'prod']).default('local'),
	ZEROCAP_API_KEY: optionalText,
	ZEROCAP_API_SECRET: optionalText,
	ZEROCAP_SIGNING: choice(['static', 'timestamp']).default('static'),
	ZEROCAP_CUSTOMER_ID: optionalText,
	ZEROCAP_REST_URL: url(['http:', 'https:']),
	ZEROCAP_WS_URL: url(['ws:', 'wss:']),
	ZEROCAP_TIMEOUT_SECONDS: integer(1, 120).default(10),
	ZEROCAP_REQUESTS_PER_SECOND: integer(0, 1000).default(10),
	ZEROCAP_MAX_CONCURRENT: integer(1, 64).default(4),
	ZEROCAP_MAX_ORDER_BACKLOG: integer(0, 100).default(2),
	SANDBOX_PORT: integer(0, 65_535).default(8765),
	SANDBOX_API_KEY: z.string().trim().min(1).default(defaultSandboxApiKey),
	SANDBOX_API_SECRET: z.string().min(8, { error: 'must be at least 8 characters' }).default(defaultSandboxApiSecret),
	SANDBOX_SEED: integer(0, 2 ** 32 - 1).default(1),
	SANDBOX_PRICE_RATE: integer(1, 1000).default(2),
	SANDBOX_ORDER_TTL_SECONDS: integer(1, 7 * 24 * 3600).default(600),
	SANDBOX_RATE_LIMIT: integer(0, 100_000).default(20),
	SANDBOX_CONTROLS: flag.default(false),
};

/** Every setting the program reads; `.env.example` lists exactly these. */
export const settingNames = Object.keys(environmentShape);

const environmentSchema = z.object(environmentShape);

/** Settings that depend on others; checked even when other settings are bad, so every problem is listed at once. */
function crossFieldProblems(present: Record<string, string | undefined>): string[] {
	const env = present.ZEROCAP_ENV ?? 'local';
	if (env === 'local' || !environmentShape.ZEROCAP_ENV.safeParse(env).success) return [];
	return (['ZEROCAP_API_KEY', 'ZEROCAP_API_SECRET'] as const)
		.filter((key) => !present[key]?.trim())
		.map((key) => `${key}: is required when ZEROCAP_ENV is ${env}`);
}

export interface SandboxSettings {
	readonly port: number;
	readonly apiKey: string;
	readonly apiSecret: string;
	/** Whether the secret is the published default, which may then be printed. */
	readonly apiSecretIsDefault: boolean;
	readonly seed: number;
	readonly priceFramesPerSecond: number;
	readonly limitOrderTtlMs: number;
	/** Requests per second per api key; 0 means no limit. */
	readonly rateLimitPerSecond: number;
	readonly controlsOverHttp: boolean;
}

export interface Config {
	readonly logLevel: z.infer<typeof environmentShape.LOG_LEVEL>;
	readonly zerocap: {
		readonly env: 'local' | 'uat' | 'sandbox' | 'prod';
		readonly apiKey: string | undefined;
		readonly apiSecret: string | undefined;
		readonly signing: 'static' | 'timestamp';
		readonly customerId: string | undefined;
		readonly restUrl: string | undefined;
		readonly wsUrl: string | undefined;
		readonly timeoutMs: number;
		/** REST calls started per second at most; 0 means no spacing. */
		readonly requestsPerSecond: number;
		readonly maxConcurrent: number;
		/** A new order is refused, unsent, when this many calls are already waiting. */
		readonly maxOrderBacklog: number;
	};
	readonly sandbox: SandboxSettings;
}

/** Start-up stops with this: each bad setting by name and why, never its value. */
export class ConfigError extends Error {
	constructor(readonly problems: readonly string[]) {
		super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
	for (const child of Object.values(value)) {
		if (typeof child === 'object' && child !== null) deepFreeze(child);
	}
	return Object.freeze(value);
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
	// An empty line such as `ZEROCAP_API_KEY=` in a .env file means "not set".
	const present = Object.fromEntries(
		settingNames.map((name) => [name, environment[name] === '' ? undefined : environment[name]]),
	);
	const result = environmentSchema.safeParse(present);
	const problems = [
		...(result.success
			? []
			: result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)),
		...crossFieldProblems(present),
	];
	if (!result.success || problems.length > 0) throw new ConfigError(problems);
	const env = result.data;
	return deepFreeze({
		logLevel: env.LOG_LEVEL,
		zerocap: {
			env: env.ZEROCAP_ENV,
			apiKey: env.ZEROCAP_API_KEY,
			apiSecret: env.ZEROCAP_API_SECRET,
			signing: env.ZEROCAP_SIGNING,
			customerId: env.ZEROCAP_CUSTOMER_ID,
			restUrl: env.ZEROCAP_REST_URL,
			wsUrl: env.ZEROCAP_WS_URL,
			timeoutMs: env.ZEROCAP_TIMEOUT_SECONDS * 1000,
			requestsPerSecond: env.ZEROCAP_REQUESTS_PER_SECOND,
			maxConcurrent: env.ZEROCAP_MAX_CONCURRENT,
			maxOrderBacklog: env.ZEROCAP_MAX_ORDER_BACKLOG,
		},
		sandbox: {
			port: env.SANDBOX_PORT,
			apiKey: env.SANDBOX_API_KEY,
			apiSecret: env.SANDBOX_API_SECRET,
			apiSecretIsDefault: env.SANDBOX_API_SECRET === defaultSandboxApiSecret,
			seed: env.SANDBOX_SEED,
			priceFramesPerSecond: env.SANDBOX_PRICE_RATE,
			limitOrderTtlMs: env.SANDBOX_ORDER_TTL_SECONDS * 1000,
			rateLimitPerSecond: env.SANDBOX_RATE_LIMIT,
			controlsOverHttp: env.SANDBOX_CONTROLS,
		},
	});
}
