import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		// The log-leak scan: after every test, no secret, token or signature in what the code logged or sent.
		setupFiles: ['test/security/leak-scan.setup.ts'],
		testTimeout: 15_000,
		hookTimeout: 15_000,
	},
});
