import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SandboxCredential {
	readonly apiKey: string;
	readonly apiSecret: string;
	readonly accountId: string;
}

export type AuthResult =
	| { readonly ok: true; readonly credential: SandboxCredential }
	| { readonly ok: false; readonly reason: string };

const hexSignature = /^[0-9a-fA-F]{64}$/;
const unixSeconds = /^\d{1,12}(\.\d{1,9})?$/;

function hmacHex(secret: string, message: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(message, 'utf8').digest('hex');
}

function sameSignature(given: string, expectedHex: string): boolean {
	if (!hexSignature.test(given)) return false;
	return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expectedHex, 'hex'));
}

function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : undefined;
}

/**
 * Checks the contract's header authentication. With a `timestamp` header the signature must be the HMAC of
 * that exact string and the time within the window of the host's clock; without one it must be the HMAC of
 * the api key itself (the `static` scheme).
 */
export class Authenticator {
	private readonly byKey: ReadonlyMap<string, SandboxCredential>;

	constructor(
		credentials: readonly SandboxCredential[],
		private readonly hostNow: () => number,
		private readonly windowMs: number,
	) {
		this.byKey = new Map(credentials.map((credential) => [credential.apiKey, credential]));
	}

	authenticate(headers: IncomingHttpHeaders): AuthResult {
		const apiKey = singleHeader(headers, 'api-key');
		const signature = singleHeader(headers, 'signature');
		const timestamp = singleHeader(headers, 'timestamp');
		if (!apiKey) return { ok: false, reason: 'missing api-key header' };
		if (!signature) return { ok: false, reason: 'missing signature header' };
		const credential = this.byKey.get(apiKey);
		if (!credential) return { ok: false, reason: 'unknown api key' };
		if (timestamp !== undefined) {
			if (!unixSeconds.test(timestamp)) return { ok: false, reason: 'timestamp must be Unix seconds' };
			if (Math.abs(this.hostNow() - Number(timestamp) * 1000) > this.windowMs) {
				return { ok: false, reason: 'timestamp expired or too far from server time' };
			}
			if (!sameSignature(signature, hmacHex(credential.apiSecret, timestamp))) {
				return { ok: false, reason: 'invalid signature' };
			}
			return { ok: true, credential };
		}
		if (!sameSignature(signature, hmacHex(credential.apiSecret, apiKey))) {
			return { ok: false, reason: 'invalid signature' };
		}
		return { ok: true, credential };
	}

	/**
	 * The credential check endpoint. Some SDKs sign it with a timestamp they do not send, so a signature of
	 * any whole second inside the window is accepted as well as the static one.
	 */
	checkCredential(apiKey: string, signature: string): boolean {
		const credential = this.byKey.get(apiKey);
		if (!credential) return false;
		if (sameSignature(signature, hmacHex(credential.apiSecret, apiKey))) return true;
		const nowSeconds = Math.floor(this.hostNow() / 1000);
		const windowSeconds = Math.ceil(this.windowMs / 1000);
		for (let offset = -windowSeconds; offset <= windowSeconds; offset++) {
			if (sameSignature(signature, hmacHex(credential.apiSecret, String(nowSeconds + offset)))) return true;
		}
		return false;
	}
}
