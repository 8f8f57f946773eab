import 'dotenv/config';
import { sandboxBanner } from '../sandbox/banner.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { closeOnSignal, exitWithError } from './process-lifecycle.js';
import { startSandboxFromSettings } from './sandbox-from-settings.js';

/** `npm run sandbox`: the exchange on its own, for any Zerocap client to use. */
async function main(): Promise<void> {
	const config = loadConfig();
	const sandbox = await startSandboxFromSettings(config.sandbox, createLogger(config.logLevel));
	process.stdout.write(`${sandboxBanner(sandbox, config.sandbox)}\n`);
	closeOnSignal(() => sandbox.close());
}

main().catch(exitWithError);
