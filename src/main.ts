import 'dotenv/config';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { closeOnSignal, exitWithError } from './process-lifecycle.js';
import { sandboxBanner } from './sandbox/banner.js';
import { startSandboxFromSettings } from './sandbox/from-settings.js';

/**
 * The composition root: the only place that builds things and wires them together.
 * So far the desk has its exchange: with ZEROCAP_ENV=local (the default) the sandbox runs in-process.
 */
async function main(): Promise<void> {
	const config = loadConfig();
	const logger = createLogger(config.logLevel);
	if (config.zerocap.env !== 'local') {
		throw new Error(
			`ZEROCAP_ENV=${config.zerocap.env} needs the Zerocap client, which this build does not have yet; use ZEROCAP_ENV=local.`,
		);
	}
	const sandbox = await startSandboxFromSettings(config.sandbox, logger);
	process.stdout.write(`${sandboxBanner(sandbox, config.sandbox)}\n`);
	logger.info({ restUrl: sandbox.restUrl, wsUrl: sandbox.wsUrl }, 'embedded sandbox started');
	closeOnSignal(async () => {
		logger.info('shutting down');
		await sandbox.close();
	});
}

main().catch(exitWithError);
