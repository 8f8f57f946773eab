import type { Logger } from 'pino';
import type { Sandbox } from '../sandbox/sandbox.js';
import { remoteEndpoints } from '../zerocap/environments.js';
import { createRequestLimiter, type RequestLimiter } from '../zerocap/limiter.js';
import { ZerocapRestClient, type ZerocapRestClientOptions } from '../zerocap/rest-client.js';
import { RequestSigner } from '../zerocap/signing.js';
import { ZerocapStream } from '../zerocap/stream.js';
import type { Config } from './config.js';

export interface BrokerEndpoint {
	readonly restUrl: string;
	readonly wsUrl: string;
	readonly apiKey: string;
	readonly apiSecret: string;
}

/**
 * Where the client connects and with which key: the embedded sandbox for `local`, otherwise the
 * environment's URLs (or the URL settings that override them) with the configured credentials.
 */
export function brokerEndpoint(config: Config, sandbox: Sandbox | undefined): BrokerEndpoint {
	if (config.zerocap.env === 'local') {
		if (!sandbox) throw new Error('ZEROCAP_ENV=local needs the embedded sandbox');
		return {
			restUrl: sandbox.restUrl,
			wsUrl: sandbox.wsUrl,
			apiKey: config.sandbox.apiKey,
			apiSecret: config.sandbox.apiSecret,
		};
	}
	const { apiKey, apiSecret } = config.zerocap;
	// The settings schema refuses a remote environment without both; this only narrows the types.
	if (apiKey === undefined || apiSecret === undefined)
		throw new Error('ZEROCAP_API_KEY and ZEROCAP_API_SECRET are required');
	const defaults = remoteEndpoints[config.zerocap.env];
	return {
		restUrl: config.zerocap.restUrl ?? defaults.restUrl,
		wsUrl: config.zerocap.wsUrl ?? defaults.wsUrl,
		apiKey,
		apiSecret,
	};
}

export interface BrokerClients {
	readonly client: ZerocapRestClient;
	readonly stream: ZerocapStream;
	readonly limiter: RequestLimiter;
}

/**
 * The REST client and the stream for a endpoint, signed and paced as the settings say; nothing is started.
 * `observe.onCall` hears every REST attempt (the ops metrics).
 */
export function brokerClients(
	config: Config,
	endpoint: BrokerEndpoint,
	logger: Logger,
	observe: Pick<ZerocapRestClientOptions, 'onCall'> = {},
): BrokerClients {
	const customer = config.zerocap.customerId ? { customerId: config.zerocap.customerId } : {};
	const signer = new RequestSigner({
		apiKey: endpoint.apiKey,
		apiSecret: endpoint.apiSecret,
		scheme: config.zerocap.signing,
		...customer,
	});
	const limiter = createRequestLimiter(config.zerocap);
	const client = new ZerocapRestClient({
		restUrl: endpoint.restUrl,
		signer,
		limiter,
		timeoutMs: config.zerocap.timeoutMs,
		maxOrderBacklog: config.zerocap.maxOrderBacklog,
		...customer,
		...observe,
		logger,
	});
	return { client, limiter, stream: new ZerocapStream({ url: endpoint.wsUrl, signer, logger }) };
}
