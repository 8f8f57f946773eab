import type { Config } from './config.js';
import type { Sandbox } from './sandbox/sandbox.js';
import { remoteEndpoints } from './zerocap/environments.js';

export interface BrokerConnection {
	readonly restUrl: string;
	readonly wsUrl: string;
	readonly apiKey: string;
	readonly apiSecret: string;
}

/**
 * Where the client connects and with which key: the embedded sandbox for `local`, otherwise the
 * environment's URLs (or the URL settings that override them) with the configured credentials.
 */
export function brokerConnection(config: Config, sandbox: Sandbox | undefined): BrokerConnection {
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
