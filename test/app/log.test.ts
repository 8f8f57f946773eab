import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/log.js';

function capture() {
	const lines: string[] = [];
	const stream = new Writable({
		write(chunk, _encoding, done) {
			lines.push(chunk.toString());
			done();
		},
	});
	return { lines, logger: createLogger('info', stream) };
}

describe('logging', () => {
	it('writes structured JSON lines', () => {
		const { lines, logger } = capture();
		logger.info({ orderId: 'o-1' }, 'placed');
		expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, orderId: 'o-1', msg: 'placed' });
	});

	it('redacts the secrets of a whole configuration or a request logged by mistake', () => {
		const { lines, logger } = capture();
		logger.info({
			config: { zerocap: { apiKey: 'k', apiSecret: 'S8-secret' }, discord: { token: 'S9-token' } },
			req: { headers: { signature: 'S10-signature', 'api-key': 'S11-key' } },
		});
		const line = lines.join('');
		for (const secret of ['S8-', 'S9-', 'S10-', 'S11-']) expect(line).not.toContain(secret);
	});

	it('redacts secrets, signatures, tokens and api keys at the top level, one level down and in headers', () => {
		const { lines, logger } = capture();
		logger.info(
			{
				apiSecret: 'S1-secret',
				signature: 'S2-signature',
				token: 'S3-token',
				request: { secret: 'S4-secret', authorization: 'S5-bearer' },
				headers: { 'api-key': 'S6-key', signature: 'S7-signature' },
				kept: 'visible',
			},
			'request',
		);
		const line = lines.join('');
		for (const secret of ['S1-', 'S2-', 'S3-', 'S4-', 'S5-', 'S6-', 'S7-']) expect(line).not.toContain(secret);
		expect(line).toContain('[redacted]');
		expect(line).toContain('visible');
	});
});
