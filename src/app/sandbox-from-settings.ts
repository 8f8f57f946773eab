import type { Logger } from 'pino';
import { type Sandbox, startSandbox } from '../sandbox/sandbox.js';
import type { SandboxSettings } from './config.js';

export const localAccountId = 'local-account';

/** Starts the sandbox the settings describe, with one key for one local account, its state kept where they say. */
export function startSandboxFromSettings(settings: SandboxSettings, logger: Logger): Promise<Sandbox> {
	return startSandbox({
		port: settings.port,
		credentials: [{ apiKey: settings.apiKey, apiSecret: settings.apiSecret, accountId: localAccountId }],
		seed: settings.seed,
		priceFramesPerSecond: settings.priceFramesPerSecond,
		limitOrderTtlMs: settings.limitOrderTtlMs,
		rateLimit: settings.rateLimitPerSecond > 0 ? { limit: settings.rateLimitPerSecond, windowMs: 1000 } : undefined,
		controlsOverHttp: settings.controlsOverHttp,
		priceFrames: settings.priceFrames,
		statePath: settings.statePath === ':memory:' ? undefined : settings.statePath,
		logger,
	});
}
