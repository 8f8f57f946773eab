import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, RequestSigner } from '../../src/zerocap/signing.js';

describe('the client signs as the contract says', () => {
	it('matches the static vector', () => {
		const signer = new RequestSigner({ apiKey: 'my-test-key', apiSecret: 'my-test-secret', scheme: 'static' });
		expect(signer.headers(0)).toEqual({
			'api-key': 'my-test-key',
			signature: '0557c8c6d4f75010d0dc3587ab7d07385e08cdda74b3f85158226423d8a54380',
		});
	});

	it('matches the timestamp vector, signing whole seconds', () => {
		const signer = new RequestSigner({ apiKey: 'my-test-key', apiSecret: 'my-test-secret', scheme: 'timestamp' });
		expect(signer.headers(1_700_000_000_999)).toEqual({
			'api-key': 'my-test-key',
			signature: '958c3eb8b28ee1ad8b56b4a3841588d1372b461bb3e10691a98b7dae7c5d1aee',
			timestamp: '1700000000',
		});
		expect(signer.headers(1_700_000_001_000).timestamp).toBe('1700000001');
	});

	it('signs each second’s timestamp, whatever order the seconds come in', () => {
		const signer = new RequestSigner({ apiKey: 'my-test-key', apiSecret: 'my-test-secret', scheme: 'timestamp' });
		const seconds = [1_700_000_000, 1_700_000_000, 1_700_000_001, 1_700_000_000, 1_700_000_005];
		for (const second of seconds) {
			expect(signer.headers(second * 1000 + 500)).toEqual({
				'api-key': 'my-test-key',
				signature: hmacSha256Hex('my-test-secret', String(second)),
				timestamp: String(second),
			});
		}
	});

	it('gives fresh header objects each time, so that a caller adding to one changes no other', () => {
		for (const scheme of ['static', 'timestamp'] as const) {
			const signer = new RequestSigner({ apiKey: 'k', apiSecret: 's', scheme });
			const first = signer.headers(1_700_000_000_000);
			first['content-type'] = 'application/json';
			expect(signer.headers(1_700_000_000_000)['content-type']).toBeUndefined();
		}
	});

	it('sends customer-id with the static scheme when configured', () => {
		const signer = new RequestSigner({ apiKey: 'k', apiSecret: 's', scheme: 'static', customerId: 'desk-1' });
		expect(signer.headers(0)['customer-id']).toBe('desk-1');
	});

	it('signs the credential check body with the static signature', () => {
		const signer = new RequestSigner({ apiKey: 'my-test-key', apiSecret: 'my-test-secret', scheme: 'timestamp' });
		expect(signer.credentialCheckBody()).toEqual({
			api_key: 'my-test-key',
			signature: hmacSha256Hex('my-test-secret', 'my-test-key'),
		});
	});

	it('keeps the secret out of inspection and serialisation', () => {
		const signer = new RequestSigner({ apiKey: 'k', apiSecret: 'the-secret', scheme: 'static' });
		expect(inspect(signer, { showHidden: true, depth: 5 })).not.toContain('the-secret');
		expect(JSON.stringify(signer)).toBe('{"apiKey":"k","scheme":"static"}');
	});
});
