import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';

function problemsOf(environment: Record<string, string>): string[] {
	try {
		loadConfig(environment);
	} catch (error) {
		if (error instanceof ConfigError) return [...error.problems];
		throw error;
	}
	throw new Error('expected the configuration to be refused');
}

describe('the ops settings', () => {
	it('leave the endpoints off, and bound to this host only, unless told otherwise', () => {
		expect(loadConfig({}).ops).toEqual({ port: undefined, host: '127.0.0.1' });
		expect(loadConfig({ OPS_PORT: '' }).ops.port).toBeUndefined();
		expect(loadConfig({ OPS_PORT: '0' }).ops.port).toBe(0);
		expect(loadConfig({ OPS_PORT: '9464', OPS_HOST: '0.0.0.0' }).ops).toEqual({ port: 9464, host: '0.0.0.0' });
		expect(loadConfig({ OPS_HOST: '::1' }).ops.host).toBe('::1');
	});

	it('refuse a port or host that is not one, naming the setting and never its value', () => {
		expect(problemsOf({ OPS_PORT: 'ninety' })).toEqual(['OPS_PORT: must be a whole number']);
		expect(problemsOf({ OPS_PORT: '70000' })).toEqual(['OPS_PORT: must be at most 65535']);
		const problems = problemsOf({ OPS_HOST: 'http://host/path' });
		expect(problems).toEqual(['OPS_HOST: must be a host name or an IP address']);
		expect(problems.join()).not.toContain('http://host/path');
	});
});
