import { createHmac } from 'node:crypto';

export type SigningScheme = 'static' | 'timestamp';

/** HMAC-SHA256 of `message` keyed with the UTF-8 secret, as lowercase hex. */
export function hmacSha256Hex(secret: string, message: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update(message, 'utf8').digest('hex');
}

export interface SignerOptions {
	readonly apiKey: string;
	readonly apiSecret: string;
	readonly scheme: SigningScheme;
	/** Sent as the `customer-id` header (static scheme) when set. */
	readonly customerId?: string;
}

/**
 * Produces the authentication headers for one request. The secret lives in a private field, so it never
 * shows up when the signer is logged, inspected or serialised.
 */
export class RequestSigner {
	readonly apiKey: string;
	readonly scheme: SigningScheme;
	readonly #secret: string;
	readonly #customerId: string | undefined;
	/** The static signature never changes, and a timestamp's holds for its whole second: each is signed once. */
	readonly #staticSignature: string;
	#signedTimestamp: string | undefined;
	#timestampSignature = '';

	constructor(options: SignerOptions) {
		this.apiKey = options.apiKey;
		this.scheme = options.scheme;
		this.#secret = options.apiSecret;
		this.#customerId = options.customerId;
		this.#staticSignature = hmacSha256Hex(options.apiSecret, options.apiKey);
	}

	/** Fresh headers; with the timestamp scheme, call this again for every attempt. */
	headers(nowMs: number): Record<string, string> {
		if (this.scheme === 'timestamp') {
			const timestamp = String(Math.floor(nowMs / 1000));
			if (timestamp !== this.#signedTimestamp) {
				this.#timestampSignature = hmacSha256Hex(this.#secret, timestamp);
				this.#signedTimestamp = timestamp;
			}
			return { 'api-key': this.apiKey, signature: this.#timestampSignature, timestamp };
		}
		const headers: Record<string, string> = { 'api-key': this.apiKey, signature: this.#staticSignature };
		if (this.#customerId !== undefined) headers['customer-id'] = this.#customerId;
		return headers;
	}

	/** The body of the credential check: the api key and its static signature. */
	credentialCheckBody(): { api_key: string; signature: string } {
		return { api_key: this.apiKey, signature: this.#staticSignature };
	}

	/** What a logger or serialiser sees: the key and the scheme, never the secret. */
	toJSON(): { apiKey: string; scheme: SigningScheme } {
		return { apiKey: this.apiKey, scheme: this.scheme };
	}
}
