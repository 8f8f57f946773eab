import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RiskPoll } from '../../src/alerts/risk-poll.js';
import { riskView } from '../../src/desk/account-views.js';
import { HeadroomWatch } from '../../src/desk/headroom-watch.js';
import { d } from '../support/decimals.js';

/** The headroom warning is said once, and a warning the errors route did not take is said again at the next read. */

const low = riskView(
	{
		items: [{ name: 'daily_notional', limit: d('100000'), used: d('90000'), remaining: d('10000'), extra: {} }],
		unreadable: 0,
		timestamp: 0,
		extra: {},
		currency: 'AUD',
	},
	0,
);

describe('the risk poll', () => {
	it('says a warning again when the errors route could not take it, and only until it did', async () => {
		const answers = [false, true];
		const said: string[] = [];
		const poll = new RiskPoll({
			read: async () => low,
			watch: new HeadroomWatch(),
			routes: { get: (kind) => ({ kind, channelId: 'errors', mode: 'on', changedBy: 'u', changedAt: 0 }) },
			notify: async (text) => {
				said.push(text);
				return answers.shift() ?? true;
			},
			timeZone: 'Australia/Sydney',
			logger: pino({ level: 'silent' }),
		});
		await poll.poll();
		await poll.poll();
		await poll.poll();
		expect(said).toHaveLength(2);
		expect(said[1]).toMatch(/^⚠ Broker limit \*\*Daily notional\*\*: headroom 10\.0 %/);
	});
});
