import { afterAll, afterEach } from 'vitest';
import { defaultSandboxApiKey, defaultSandboxApiSecret } from '../../src/app/config.js';
import {
	activateLeakScan,
	allowOccurrences,
	clearLeakSources,
	formatLeaks,
	localDiscordDefaultToken,
	registerApiCredential,
	registerSecret,
	scanForLeaks,
} from '../support/leak-scan.js';
import { scanConsole } from '../support/leak-sources.js';
import { otherKey, otherSecret, testKey, testSecret } from '../support/sandbox-peer.js';

/**
 * Vitest setup file: the log-leak scan (see test/support/leak-scan.ts). After each test, everything the code
 * under test logged, stored or sent since the previous scan is searched for the secrets in play; a hit fails
 * that test. What appears after a file's last test (a shared harness closed in afterAll) fails the file.
 */

activateLeakScan();
registerApiCredential(testKey, testSecret, 'testSecret');
registerApiCredential(otherKey, otherSecret, 'otherSecret');
registerApiCredential(defaultSandboxApiKey, defaultSandboxApiSecret, 'the sandbox default secret');
registerSecret('discord token', localDiscordDefaultToken, 'the local Discord default token');
// The sandbox banner shows the published local default secret on purpose (and only that one).
allowOccurrences(new RegExp(`secret +${defaultSandboxApiSecret} +\\(the local default\\)`));
scanConsole();

afterEach(() => {
	const leaks = scanForLeaks();
	if (leaks.length > 0) throw new Error(formatLeaks(leaks));
});

afterAll(() => {
	const leaks = scanForLeaks();
	clearLeakSources();
	if (leaks.length > 0) throw new Error(`after the last test of the file: ${formatLeaks(leaks)}`);
});
