import 'dotenv/config';
import { brokerConnection } from './broker-connection.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { closeOnSignal, exitWithError } from './process-lifecycle.js';
import { sandboxBanner } from './sandbox/banner.js';
import { startSandboxFromSettings } from './sandbox/from-settings.js';
import { AuthError } from './zerocap/errors.js';
import { createRequestLimiter } from './zerocap/limiter.js';
import { ZerocapRestClient } from './zerocap/rest-client.js';
import { RequestSigner } from './zerocap/signing.js';
import { ZerocapStream } from './zerocap/stream.js';

/**
 * The composition root: the only place that builds things and wires them together. So far the desk has
 * its broker: the embedded sandbox when ZEROCAP_ENV=local (the default), the checked REST client and the
 * order stream, whose events are logged.
 */
async function main(): Promise<void> {
	const config = loadConfig();
	const logger = createLogger(config.logLevel);
	const sandbox = config.zerocap.env === 'local' ? await startSandboxFromSettings(config.sandbox, logger) : undefined;
	if (sandbox) process.stdout.write(`${sandboxBanner(sandbox, config.sandbox)}\n`);

	const connection = brokerConnection(config, sandbox);
	const signer = new RequestSigner({
		apiKey: connection.apiKey,
		apiSecret: connection.apiSecret,
		scheme: config.zerocap.signing,
		...(config.zerocap.customerId ? { customerId: config.zerocap.customerId } : {}),
	});
	const limiter = createRequestLimiter(config.zerocap);
	const client = new ZerocapRestClient({
		restUrl: connection.restUrl,
		signer,
		limiter,
		timeoutMs: config.zerocap.timeoutMs,
		maxOrderBacklog: config.zerocap.maxOrderBacklog,
		...(config.zerocap.customerId ? { customerId: config.zerocap.customerId } : {}),
		logger,
	});
	const stream = new ZerocapStream({ url: connection.wsUrl, signer, logger });
	const shutdown = async () => {
		logger.info('shutting down');
		await stream.close();
		await limiter.stop();
		await sandbox?.close();
	};

	try {
		await client.checkCredentials();
	} catch (error) {
		await shutdown();
		if (error instanceof AuthError) {
			throw new Error(`Zerocap (${config.zerocap.env}) did not accept the api key and secret: ${error.message}`);
		}
		throw new Error(`Zerocap (${config.zerocap.env}) could not be reached at ${connection.restUrl}: ${String(error)}`);
	}
	process.stdout.write(`Zerocap (${config.zerocap.env}): credentials accepted at ${connection.restUrl}\n`);

	stream.on('status', (status) => {
		logger.info({ status }, 'stream status');
		if (status === 'ready') process.stdout.write(`Zerocap stream ready at ${connection.wsUrl}\n`);
	});
	stream.on('order', (order) => logger.info({ orderId: order.id, status: order.status }, 'order update'));
	stream.on('trade', (trade) => logger.info({ tradeId: trade.id, orderId: trade.orderId }, 'fill'));
	stream.on('gap', (gap) => logger.warn(gap, 'stream gap: events in this window may have been missed'));
	stream.subscribeOrders();
	stream.start();
	closeOnSignal(shutdown);
}

main().catch(exitWithError);
