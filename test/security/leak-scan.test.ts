import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { InteractionResponseType } from 'discord.js';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSandboxApiSecret } from '../../src/app/config.js';
import { AuthError, isZerocapError } from '../../src/zerocap/errors.js';
import { hmacSha256Hex, RequestSigner } from '../../src/zerocap/signing.js';
import { ConsoleSession } from '../support/console-session.js';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import {
	type Chunk,
	formatLeaks,
	type Leak,
	leakScanActive,
	localDiscordDefaultToken,
	registerSecret,
	scanForLeaks,
} from '../support/leak-scan.js';
import { memoryLogSink, registerErrors, registerTextSource, scannedLogger } from '../support/leak-sources.js';
import { testKey, testSecret } from '../support/sandbox-peer.js';
import { clientFor } from '../support/zerocap-client.js';

/** Scans now (as the setup file's afterEach would), keeping what each source showed the scan. */
function scan(): { leaks: Leak[]; seen: Map<string, string> } {
	const seen = new Map<string, string>();
	const leaks = scanForLeaks((source: string, chunk: Chunk) => {
		seen.set(source, `${seen.get(source) ?? ''}${chunk.text}\n`);
	});
	return { leaks, seen };
}

describe('the leak scan', () => {
	it('is active in every test file, through the vitest setup file', () => {
		expect(leakScanActive()).toBe(true);
	});

	it('catches an API secret, a static and a timestamp signature logged without redaction, and masks them', () => {
		const unredacted = pino({ level: 'trace' }, memoryLogSink('a planted log'));
		const staticSignature = new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'static' });
		// Never registered: the scan finds timestamp signatures of known secrets by the seconds around the test.
		const timestamped = new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'timestamp' });
		unredacted.info({ config: { apiSecret: testSecret } }, 'starting');
		unredacted.debug(`sent ${JSON.stringify(staticSignature.headers(Date.now()))}`);
		unredacted.debug(`sent ${timestamped.headers(Date.now() - 42_000).signature}`);

		const { leaks } = scan();
		expect(leaks.map((leak) => [leak.kind, leak.source, leak.where])).toEqual([
			['api secret', 'a planted log', 'line 1'],
			['signature', 'a planted log', 'line 2'],
			['signature', 'a planted log', 'line 3'],
		]);
		expect(leaks[0]?.label).toBe('testSecret');
		expect(leaks[2]?.label).toBe('timestamp signature of testSecret');
		const report = formatLeaks(leaks);
		expect(report).toContain('api secret "testSecret" in a planted log, line 1');
		expect(report).toContain('[api secret te…ue (17 chars)]');
		expect(report).not.toContain(testSecret);
		for (const signature of [staticSignature.credentialCheckBody().signature]) expect(report).not.toContain(signature);
		expect(report).not.toMatch(/[0-9a-f]{64}/);
	});

	it('lets the project’s redaction through: the same objects through createLogger leak nothing', () => {
		const logger = scannedLogger('a redacted log');
		const signer = new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'timestamp' });
		logger.info({ config: { zerocap: { apiSecret: testSecret } }, headers: signer.headers(Date.now()) }, 'request');
		logger.info({ signer }, 'the signer serialises without its secret');
		const { signature } = signer.headers(Date.now());
		logger.warn({ err: { cause: { request: { options: { headers: { signature } } } } } }, 'deeper than the paths');
		logger.error(`the broker said: signature ${signature} does not match`);
		const { leaks, seen } = scan();
		expect(leaks).toEqual([]);
		expect(seen.get('a redacted log')?.match(/\[redacted\]/g)).toHaveLength(5);
	});

	it('finds a Discord token in printed text, across writes split mid-secret', () => {
		registerSecret('discord token', 'planted-discord-token-value', 'a planted token');
		let printed = 'ready as desk-bot\nusing planted-disc';
		registerTextSource('planted output', () => printed);
		expect(scan().leaks).toEqual([]);
		printed += 'ord-token-value for the gateway\n';
		const { leaks } = scan();
		expect(leaks.map((leak) => `${leak.kind} in ${leak.source}, ${leak.where}`)).toEqual([
			'discord token in planted output, from line 2',
		]);
	});

	it('knows the token of a local Discord started without one, as the console’s is', async () => {
		const fake = await FakeDiscord.start();
		try {
			expect(fake.token).toBe(localDiscordDefaultToken);
		} finally {
			await fake.stop();
		}
	});
});

describe('the setup file', () => {
	it('fails exactly the test that leaked, and the file when something leaks after its last test', async () => {
		const root = fileURLToPath(new URL('../..', import.meta.url));
		const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
		const config = 'test/security/fixtures/vitest.config.ts';
		const { stdout } = await promisify(execFile)(
			process.execPath,
			[vitest, 'run', '--config', config, '--reporter=json'],
			{ cwd: root, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
		).catch((error: { stdout: string }) => error);
		const [file] = JSON.parse(stdout).testResults;
		expect(
			file.assertionResults.map((test: { title: string; status: string }) => `${test.status}: ${test.title}`),
		).toEqual([
			'passed: logs nothing secret',
			'failed: logs the api secret inside a message',
			'passed: logs nothing secret afterwards',
		]);
		const [failure] = file.assertionResults[1].failureMessages;
		expect(failure).toContain('api secret "testSecret" in the fixture log, line 2');
		expect(failure).toContain('could not sign with [api secret te…ue (17 chars)]');
		expect(file.status).toBe('failed');
		expect(file.message).toContain('after the last test of the file');
		expect(file.message).toContain('shutting down, secret [api secret');
		expect(stdout).not.toContain(testSecret);
	}, 60_000);
});

describe('a whole desk session at trace level', () => {
	let desk: DeskHarness | undefined;
	afterEach(async () => {
		await desk?.close();
		desk = undefined;
	});

	it('leaks nothing: quote, order, confirm, fill alert, /audit export, a refused credential check, a broker 5xx', async () => {
		desk = await DeskHarness.start();
		await desk.caughtUp;
		const fills = desk.fake.addChannel(desk.guildId, { name: 'fills' });
		desk.store.routes.set({ kind: 'fills', channelId: fills, mode: 'on', changedBy: 'test', changedAt: 0 });

		const quote = await desk.reply(desk.slash(desk.users.viewer, 'price', { symbol: 'USDT/AUD' }));
		expect(messageText(quote.data)).toContain('USDT/AUD');

		const ticket = await desk.reply(
			desk.slash(desk.users.trader, 'order', { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' }),
		);
		const confirm = buttonIds(ticket.data).find((id) => id.startsWith('order:confirm:')) ?? 'no ticket';
		const click = desk.click(desk.users.trader, ticket, confirm);
		expect((await click.response()).type).toBe(InteractionResponseType.UpdateMessage);
		expect(messageText((await desk.reply(click, (text) => text.includes('Placed'))).data)).toContain('filled');
		const fill = await desk.fake.waitForMessage(fills);
		expect(messageText(fill.data)).toContain('USDT/AUD');

		const exported = await desk.reply(desk.slash(desk.users.admin, 'audit', { since: '1h' }));
		expect(exported.files[0]?.name).toBe('audit.csv');

		// A credential check the broker refuses (timestamp scheme, so each signature is fresh), logged as the
		// composition root would, its error kept for the scan as well.
		const errors: unknown[] = [];
		registerErrors('the errors the test caught', errors);
		const refused = clientFor(desk.sandbox, { secret: 'a-wrong-secret-value', scheme: 'timestamp' });
		const failure = await refused.client.checkCredentials().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(AuthError);
		errors.push(failure);
		desk.logger.error({ err: failure }, 'the broker did not accept the api key and secret');

		// A broker 5xx: the trader gets a sentence with a reference, the log gets the details.
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 503, count: 3, endpoint: 'fetch_order' });
		const broken = await desk.reply(desk.slash(desk.users.viewer, 'order-status', { id: 'any-id' }));
		expect(messageText(broken.data)).toMatch(/trouble right now.*\(reference [0-9a-f]{8}\)/);
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 500, count: 3, endpoint: 'fetch_order' });
		const fiveHundred = await clientFor(desk.sandbox)
			.client.fetchOrder('any-id')
			.catch((error: unknown) => error);
		expect(isZerocapError(fiveHundred) && fiveHundred.kind).toBe('unavailable');
		errors.push(fiveHundred);

		await desk.close();
		desk = undefined;
		const { leaks, seen } = scan();
		expect(formatLeaks(leaks)).toBe(formatLeaks([]));

		// The scan saw the real thing: trace logs through the project's redaction, the store, what Discord got.
		const log = seen.get('the desk harness log') ?? '';
		expect(log).toContain('"msg":"broker call"');
		expect(log).toContain('"level":20');
		expect(log).toMatch(/"reference":"[0-9a-f]{8}"/);
		expect(seen.get('the desk store')).toContain('"action":"/audit"');
		expect(seen.get('what the fake Discord received')).toContain('time_utc,user_id');
		expect(seen.get('the errors the test caught')).toContain('AuthError');
	});

	it('leaks nothing when the broker echoes our signature in its error answers', async () => {
		desk = await DeskHarness.start();
		await desk.caughtUp;
		const echoed = `signature ${hmacSha256Hex(testSecret, testKey)} does not match`;
		for (const status of [401, 400, 503]) {
			// A 503 is tried three times, the others once.
			const count = status === 503 ? 3 : 1;
			desk.sandbox.controls.injectRestFault({
				kind: 'status',
				status,
				message: echoed,
				count,
				endpoint: 'fetch_order',
			});
			const reply = await desk.reply(desk.slash(desk.users.viewer, 'order-status', { id: 'any-id' }));
			expect(messageText(reply.data)).not.toBe('');
		}
		const errors: unknown[] = [];
		registerErrors('the errors the test caught', errors);
		desk.sandbox.controls.injectRestFault({ kind: 'status', status: 400, message: echoed, count: 1 });
		const failure = await clientFor(desk.sandbox)
			.client.fetchOrder('any-id')
			.catch((error: unknown) => error);
		errors.push(failure, isZerocapError(failure) ? failure.userMessage : 'not a broker error');
		await desk.close();
		desk = undefined;
		const { leaks, seen } = scan();
		expect(formatLeaks(leaks)).toBe(formatLeaks([]));
		expect(seen.get('the errors the test caught')).toContain('does not match');
	});

	it('catches secrets in the desk’s own log lines, where no redaction path reaches', async () => {
		desk = await DeskHarness.start();
		const price = desk.slash(desk.users.viewer, 'price', { symbol: 'USDT/AUD' });
		await desk.reply(price);
		desk.logger.warn(`retrying at ${desk.sandbox.restUrl} with ${testSecret}`);
		desk.logger.info(`logging in with ${desk.fake.token}`);
		desk.logger.debug(`answering interaction ${price.id} with ${price.token}`);
		const { leaks } = scan();
		expect(leaks.map((leak) => `${leak.kind} "${leak.label}" in ${leak.source}`)).toEqual([
			'api secret "testSecret" in the desk harness log',
			'discord token "the local Discord default token" in the desk harness log',
			'discord interaction token "an interaction token" in the desk harness log',
		]);
	});
});

describe('the console desk', () => {
	it('is scanned whole: its output (the banner’s published default secret allowed), trace log file and folder', async () => {
		const session = await ConsoleSession.start();
		try {
			await session.waitFor(/Mid: /, session.type('/price USDT/AUD'));
		} finally {
			await session.dispose();
		}
		const { leaks, seen } = scan();
		expect(formatLeaks(leaks)).toBe(formatLeaks([]));
		expect(seen.get('the console output')).toMatch(
			new RegExp(`secret +${defaultSandboxApiSecret} +\\(the local default\\)`),
		);
		expect(seen.get('the console log file')).toContain('"msg":"broker call"');
		expect(seen.get('the console folder')).toContain('"action":"/price"');
	});
});
