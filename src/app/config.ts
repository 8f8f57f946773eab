import { join, parse } from 'node:path';
import { z } from 'zod';
import { type ConsoleRole, consoleRoleNames } from '../console/console-roles.js';
import { parseReportAt } from '../desk/daily-report.js';
import { isTimeZone } from '../desk/trading-day.js';

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

const snowflake = /^\d{17,20}$/;
const optionalSnowflake = z
	.string()
	.trim()
	.regex(snowflake, { error: 'must be a Discord id (17 to 20 digits)' })
	.optional();
const snowflakeList = z
	.string()
	.default('')
	.transform((value) =>
		value
			.split(',')
			.map((id) => id.trim())
			.filter((id) => id !== ''),
	)
	.refine((ids) => ids.every((id) => snowflake.test(id)), { error: 'must be Discord role ids separated by commas' });
const positiveDecimal = z
	.string()
	.trim()
	.regex(/^\d+(\.\d+)?$/, { error: 'must be a positive decimal number' });
const symbolList = z
	.string()
	.transform((value) =>
		value
			.split(',')
			.map((symbol) => symbol.trim().toUpperCase())
			.filter((symbol) => symbol !== ''),
	)
	.refine((symbols) => symbols.length > 0 && symbols.every((symbol) => /^[A-Z0-9]+\/[A-Z0-9]+$/.test(symbol)), {
		error: 'must be symbols such as USDT/AUD separated by commas',
	});

const consoleRoles = z
	.string()
	.transform((value) =>
		value
			.split(',')
			.map((role) => role.trim().toLowerCase())
			.filter((role) => role !== ''),
	)
	.refine(
		(roles) =>
			roles.length > 0 && roles.every((role) => role === 'none' || consoleRoleNames.some((name) => name === role)),
		{
			error: `must be roles among ${consoleRoleNames.join(', ')} separated by commas, or none`,
		},
	)
	.transform((roles) => consoleRoleNames.filter((name) => roles.includes(name)));

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
	ZEROCAP_MAX_ORDER_BACKLOG: integer(1, 100).default(2),
	DISCORD_TOKEN: optionalText,
	DISCORD_APPLICATION_ID: optionalSnowflake,
	DISCORD_GUILD_ID: optionalSnowflake,
	DISCORD_API_BASE: url(['http:', 'https:']).default('https://discord.com/api'),
	ROLE_VIEWER_IDS: snowflakeList,
	ROLE_TRADER_IDS: snowflakeList,
	ROLE_ADMIN_IDS: snowflakeList,
	ROLE_APPROVER_IDS: snowflakeList,
	DESK_SYMBOLS: symbolList.default(['USDT/AUD', 'USDC/AUD', 'BTC/AUD', 'ETH/AUD', 'BTC/USDT', 'ETH/USDT']),
	TICKET_TTL_SECONDS: integer(5, 600).default(30),
	DESK_CURRENCY: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^[A-Z0-9]{2,10}$/, { error: 'must be a currency code such as AUD' })
		.default('AUD'),
	MAX_ORDER_NOTIONAL: positiveDecimal.default('250000'),
	CONFIRM_RETYPE_NOTIONAL: positiveDecimal.default('50000'),
	MIN_ORDER_VALUE: positiveDecimal.default('10'),
	LIMIT_FAR_PERCENT: positiveDecimal.default('5'),
	APPROVAL_ABOVE: positiveDecimal.default('150000'),
	// The trader's ticket is told how the request ended through their Confirm, which Discord keeps for 15 minutes.
	APPROVAL_TTL_SECONDS: integer(30, 840).default(300),
	DESK_TIMEZONE: z
		.string()
		.trim()
		.refine(isTimeZone, { error: 'must be a time zone such as Australia/Sydney' })
		.default('Australia/Sydney'),
	TRADER_DAILY_LIMIT: positiveDecimal.default('1000000'),
	TRADER_MAX_POSITION: positiveDecimal.optional(),
	DESK_DAILY_LIMIT: positiveDecimal.default('5000000'),
	QUOTE_STALE_SECONDS: integer(1, 3600).default(10),
	PRICE_HISTORY_DAYS: integer(1, 3650).default(30),
	REPORT_AT: z
		.string()
		.default('17:00')
		.transform((value, context) => {
			const minute = parseReportAt(value);
			if (minute === undefined) context.addIssue({ code: 'custom', message: 'must be a time of day such as 17:00' });
			return minute ?? 0;
		}),
	RISK_WARN_BELOW_PERCENT: z
		.string()
		.trim()
		.regex(/^\d+(\.\d+)?$/, { error: 'must be a percentage between 0 and 100, such as 20' })
		.refine((value) => Number(value) <= 100, { error: 'must be a percentage between 0 and 100, such as 20' })
		.default('20'),
	STORE_PATH: z.string().trim().min(1).default('./data/desk.sqlite'),
	CONSOLE_ROLES: consoleRoles.default(['viewer', 'trader', 'admin']),
	CONSOLE_STORE_PATH: z.string().trim().min(1).default('./data/console.sqlite'),
	CONSOLE_LOG_PATH: z.string().trim().min(1).default('./data/console.log'),
	SANDBOX_PORT: integer(0, 65_535).default(8765),
	SANDBOX_API_KEY: z.string().trim().min(1).default(defaultSandboxApiKey),
	SANDBOX_API_SECRET: z.string().min(8, { error: 'must be at least 8 characters' }).default(defaultSandboxApiSecret),
	SANDBOX_SEED: integer(0, 2 ** 32 - 1).default(1),
	SANDBOX_PRICE_RATE: integer(1, 1000).default(2),
	SANDBOX_ORDER_TTL_SECONDS: integer(1, 7 * 24 * 3600).default(600),
	SANDBOX_RATE_LIMIT: integer(0, 100_000).default(20),
	SANDBOX_CONTROLS: flag.default(false),
	SANDBOX_PRICE_FRAMES: choice(['channel', 'channel-string', 'uat']).default('channel'),
	SANDBOX_STATE_PATH: z.string().trim().min(1).optional(),
	OPS_PORT: integer(0, 65_535).optional(),
	OPS_HOST: z
		.string()
		.trim()
		.regex(/^[A-Za-z0-9.:-]+$/, { error: 'must be a host name or an IP address' })
		.default('127.0.0.1'),
};

/** Every setting the program reads; `.env.example` lists exactly these. */
export const settingNames = Object.keys(environmentShape);

const environmentSchema = z.object(environmentShape);

/** Settings that depend on others; checked even when other settings are bad, so every problem is listed at once. */
function crossFieldProblems(present: Record<string, string | undefined>): string[] {
	const problems: string[] = [];
	const env = present.ZEROCAP_ENV ?? 'local';
	if (env !== 'local' && environmentShape.ZEROCAP_ENV.safeParse(env).success) {
		for (const key of ['ZEROCAP_API_KEY', 'ZEROCAP_API_SECRET'] as const) {
			if (!present[key]?.trim()) problems.push(`${key}: is required when ZEROCAP_ENV is ${env}`);
		}
	}
	if (env === 'local') {
		for (const key of ['ZEROCAP_REST_URL', 'ZEROCAP_WS_URL'] as const) {
			if (present[key]?.trim()) {
				problems.push(
					`${key}: is not used with ZEROCAP_ENV=local (the embedded sandbox); to reach another server set ZEROCAP_ENV to uat, sandbox or prod`,
				);
			}
		}
	}
	if (present.DISCORD_TOKEN?.trim() && !present.DISCORD_APPLICATION_ID?.trim()) {
		problems.push('DISCORD_APPLICATION_ID: is required when DISCORD_TOKEN is set');
	}
	return problems;
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
	/** Ladder frames in the seed's channel envelope (data an object or a JSON string), or the UAT script's shape. */
	readonly priceFrames: 'channel' | 'channel-string' | 'uat';
	/**
	 * The file that keeps the sandbox's orders, trades and balances across restarts; `:memory:` keeps nothing. By
	 * default it sits beside the database of the desk `npm start` runs, named after it, so that the desk and its
	 * broker remember the same orders.
	 */
	readonly statePath: string;
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
	readonly discord: {
		/** Undefined: no Discord bot runs. */
		readonly token: string | undefined;
		readonly applicationId: string | undefined;
		/** Commands are registered here at start-up, and interactions from other servers are refused. */
		readonly guildId: string | undefined;
		readonly apiBase: string;
		readonly roles: {
			readonly view: readonly string[];
			readonly trade: readonly string[];
			readonly admin: readonly string[];
			readonly approve: readonly string[];
		};
	};
	/** The SQLite file holding the audit trail and the desk's state. */
	readonly storePath: string;
	readonly desk: {
		readonly symbols: readonly string[];
		/** Every order is valued, and every limit is set, in this currency. */
		readonly currency: string;
		readonly ticketTtlMs: number;
		/** Decimal text, in the desk's currency: an order's value at worst. */
		readonly maxNotional: string;
		readonly retypeAbove: string;
		/** Decimal text, in the desk's currency: an order worth less is refused at the ticket. */
		readonly minOrderValue: string;
		/** Decimal text: a limit this many percent from the market must be acknowledged on the ticket. */
		readonly limitFarPercent: string;
		/** Decimal text, in the desk's currency: an order worth more at worst waits for a second person's approval. */
		readonly approvalAbove: string;
		readonly approvalTtlMs: number;
		/** The day over which daily limits count starts at midnight here. */
		readonly timeZone: string;
		/** Decimal text, in the desk's currency: each trader's bought plus sold today, unless an admin set theirs. */
		readonly traderDailyLimit: string;
		/** Decimal text, in the desk's currency: a trader's net position in one asset; no limit when undefined. */
		readonly traderMaxPosition: string | undefined;
		/** Decimal text, in the desk's currency: every trader's orders together, today. */
		readonly deskDailyLimit: string;
		readonly staleAfterMs: number;
		/** One-minute price bars are kept this many days, for /chart. */
		readonly priceHistoryDays: number;
		/** The end-of-day report is posted at this minute after local midnight (REPORT_AT 17:00 → 1020). */
		readonly reportMinute: number;
		/** Decimal text: the errors route is warned when a broker limit's headroom falls below this percentage. */
		readonly riskWarnBelowPercent: string;
	};
	readonly sandbox: SandboxSettings;
	/** The health and metrics endpoints for whoever runs the bot; off unless a port is set. */
	readonly ops: {
		/** Undefined: no endpoints; 0 picks a free port, which start-up prints. */
		readonly port: number | undefined;
		readonly host: string;
	};
	/** The local console that `npm start` opens when no Discord token is set. */
	readonly console: {
		/** The roles the console's user starts with. */
		readonly roles: readonly ConsoleRole[];
		/** Its own database, so that rehearsals never mix with the Discord desk's audit trail and routes. */
		readonly storePath: string;
		/** The bot's logs go here rather than over the console. */
		readonly logPath: string;
	};
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

/** `./data/desk.sqlite` → `./data/desk.sandbox.json`; an in-memory desk gets an in-memory exchange. */
function besideDeskStore(storePath: string): string {
	if (storePath === ':memory:') return storePath;
	const { dir, name } = parse(storePath);
	return join(dir, `${name}.sandbox.json`);
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
		discord: {
			token: env.DISCORD_TOKEN,
			applicationId: env.DISCORD_APPLICATION_ID,
			guildId: env.DISCORD_GUILD_ID,
			apiBase: env.DISCORD_API_BASE,
			roles: {
				view: env.ROLE_VIEWER_IDS,
				trade: env.ROLE_TRADER_IDS,
				admin: env.ROLE_ADMIN_IDS,
				approve: env.ROLE_APPROVER_IDS,
			},
		},
		storePath: env.STORE_PATH,
		desk: {
			symbols: env.DESK_SYMBOLS,
			currency: env.DESK_CURRENCY,
			ticketTtlMs: env.TICKET_TTL_SECONDS * 1000,
			maxNotional: env.MAX_ORDER_NOTIONAL,
			minOrderValue: env.MIN_ORDER_VALUE,
			retypeAbove: env.CONFIRM_RETYPE_NOTIONAL,
			limitFarPercent: env.LIMIT_FAR_PERCENT,
			approvalAbove: env.APPROVAL_ABOVE,
			approvalTtlMs: env.APPROVAL_TTL_SECONDS * 1000,
			timeZone: env.DESK_TIMEZONE,
			traderDailyLimit: env.TRADER_DAILY_LIMIT,
			traderMaxPosition: env.TRADER_MAX_POSITION,
			deskDailyLimit: env.DESK_DAILY_LIMIT,
			staleAfterMs: env.QUOTE_STALE_SECONDS * 1000,
			priceHistoryDays: env.PRICE_HISTORY_DAYS,
			reportMinute: env.REPORT_AT,
			riskWarnBelowPercent: env.RISK_WARN_BELOW_PERCENT,
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
			priceFrames: env.SANDBOX_PRICE_FRAMES,
			statePath:
				env.SANDBOX_STATE_PATH ??
				besideDeskStore(env.DISCORD_TOKEN === undefined ? env.CONSOLE_STORE_PATH : env.STORE_PATH),
		},
		ops: { port: env.OPS_PORT, host: env.OPS_HOST },
		console: { roles: env.CONSOLE_ROLES, storePath: env.CONSOLE_STORE_PATH, logPath: env.CONSOLE_LOG_PATH },
	});
}
