/** Zerocap's environments (contract section 1). `local` is the embedded sandbox, whose URLs are known at run time. */
export type RemoteEnvironment = 'uat' | 'sandbox' | 'prod';

export interface Endpoints {
	/** REST base, ending in /v2. */
	readonly restUrl: string;
	readonly wsUrl: string;
}

export const remoteEndpoints: Readonly<Record<RemoteEnvironment, Endpoints>> = {
	uat: { restUrl: 'https://dma-uat-api.defi.wiki/v2', wsUrl: 'wss://dma-uat-ws.defi.wiki/v2' },
	sandbox: { restUrl: 'https://sandbox-api.zerocap.com/v2', wsUrl: 'wss://sandbox-ws.zerocap.com/v2' },
	prod: { restUrl: 'https://dma-api.zerocap.com/v2', wsUrl: 'wss://dma-ws.zerocap.com/v2' },
};
