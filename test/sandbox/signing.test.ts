import { describe, expect, it } from 'vitest';
import { Authenticator } from '../../src/sandbox/auth.js';

const vectorSecret = 'my-test-secret';
const vectorKey = 'my-test-key';
const staticVector = '0557c8c6d4f75010d0dc3587ab7d07385e08cdda74b3f85158226423d8a54380';
const timestampVector = '958c3eb8b28ee1ad8b56b4a3841588d1372b461bb3e10691a98b7dae7c5d1aee';

function authenticatorAt(nowMs: number) {
	return new Authenticator([{ apiKey: vectorKey, apiSecret: vectorSecret, accountId: 'a' }], () => nowMs, 30_000);
}

describe('the sandbox verifies the contract signing vectors', () => {
	it('accepts the static vector and rejects one changed digit', () => {
		const auth = authenticatorAt(0);
		expect(auth.authenticate({ 'api-key': vectorKey, signature: staticVector }).ok).toBe(true);
		expect(auth.authenticate({ 'api-key': vectorKey, signature: staticVector.toUpperCase() }).ok).toBe(true);
		const wrong = `${staticVector.slice(0, -1)}1`;
		expect(auth.authenticate({ 'api-key': vectorKey, signature: wrong })).toEqual({
			ok: false,
			reason: 'invalid signature',
		});
	});

	it('accepts the timestamp vector at its time and refuses it outside the 30 s window', () => {
		const headers = { 'api-key': vectorKey, signature: timestampVector, timestamp: '1700000000' };
		expect(authenticatorAt(1_700_000_000_000).authenticate(headers).ok).toBe(true);
		expect(authenticatorAt(1_700_000_030_000).authenticate(headers).ok).toBe(true);
		expect(authenticatorAt(1_699_999_970_000).authenticate(headers).ok).toBe(true);
		expect(authenticatorAt(1_700_000_030_001).authenticate(headers)).toEqual({
			ok: false,
			reason: 'timestamp expired or too far from server time',
		});
		expect(authenticatorAt(1_699_999_969_999).authenticate(headers).ok).toBe(false);
	});

	it('does not accept the static signature as a timestamp signature, nor the reverse', () => {
		const auth = authenticatorAt(1_700_000_000_000);
		expect(auth.authenticate({ 'api-key': vectorKey, signature: staticVector, timestamp: '1700000000' }).ok).toBe(
			false,
		);
		expect(auth.authenticate({ 'api-key': vectorKey, signature: timestampVector }).ok).toBe(false);
	});

	it('names what is missing or unknown', () => {
		const auth = authenticatorAt(0);
		expect(auth.authenticate({})).toEqual({ ok: false, reason: 'missing api-key header' });
		expect(auth.authenticate({ 'api-key': vectorKey })).toEqual({ ok: false, reason: 'missing signature header' });
		expect(auth.authenticate({ 'api-key': 'nobody', signature: staticVector })).toEqual({
			ok: false,
			reason: 'unknown api key',
		});
		expect(auth.authenticate({ 'api-key': vectorKey, signature: 'zz' }).ok).toBe(false);
		expect(auth.authenticate({ 'api-key': vectorKey, signature: timestampVector, timestamp: 'soon' })).toEqual({
			ok: false,
			reason: 'timestamp must be Unix seconds',
		});
	});

	it('checks credentials with the static signature or a timestamp signature inside the window', () => {
		const auth = authenticatorAt(1_700_000_010_000);
		expect(auth.checkCredential(vectorKey, staticVector)).toBe(true);
		expect(auth.checkCredential(vectorKey, timestampVector)).toBe(true);
		expect(authenticatorAt(1_700_000_040_000).checkCredential(vectorKey, timestampVector)).toBe(false);
		expect(auth.checkCredential('nobody', staticVector)).toBe(false);
	});
});
