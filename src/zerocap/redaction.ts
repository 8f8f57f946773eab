/** Anything shaped like one of our signatures: 64 hex digits (an HMAC-SHA256 in hex). */
const signatureShaped = /[0-9a-f]{64}/gi;

/**
 * `text` from outside (a broker's error message or reject reason) with anything shaped like a signature
 * replaced: a broker that echoes the signature it was sent must not put it into our errors, logs or replies.
 */
export function withoutSignatures(text: string): string {
	return text.replace(signatureShaped, '[redacted]');
}
