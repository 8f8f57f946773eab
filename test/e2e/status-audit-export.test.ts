import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditCsv } from '../../src/desk/audit-csv.js';
import { DeskHarness, messageText } from '../support/desk-harness.js';

let desk: DeskHarness;
beforeAll(async () => {
	desk = await DeskHarness.start();
	await desk.caughtUp;
});
afterAll(() => desk.close());

describe('/status', () => {
	it('says whether the desk trades and how its broker connection is', async () => {
		const text = messageText((await desk.reply(desk.slash(desk.users.viewer, 'status'))).data);
		expect(text).toContain('Trading: Open');
		expect(text).toContain('Broker stream: ready');
		expect(text).toMatch(/Broker API: (last call \d+ ms|no call yet); 0 waiting, 0 running/);
		expect(text).toMatch(/USDT\/AUD: last (just now|\d+ s ago)/);
		expect(text).toContain('USDC/AUD: no price yet');
		expect(text).toMatch(/Version test · up \d+ min/);
	});

	it('shows a halt with its reason', async () => {
		await desk.reply(desk.slash(desk.users.admin, 'halt', { reason: 'fat finger review' }));
		const text = messageText((await desk.reply(desk.slash(desk.users.viewer, 'status'))).data);
		expect(text).toMatch(
			/Trading: \*\*Halted\*\* by <@\d+> since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d AE[DS]T: fat finger review/,
		);
		await desk.reply(desk.slash(desk.users.admin, 'resume'));
	});
});

describe('/audit', () => {
	it('sends the trail as a CSV file with a summary, to admins only', async () => {
		// Two refusals: an order for an unknown symbol, and /audit asked by a viewer.
		await desk.reply(
			desk.slash(desk.users.trader, 'order', { side: 'buy', symbol: 'NOPE/AUD', amount: '1', type: 'market' }),
		);
		await desk.reply(desk.slash(desk.users.viewer, 'audit'));
		await vi.waitFor(() =>
			expect(desk.store.audit.query({ limit: 100 }).some((row) => row.action === '/audit')).toBe(true),
		);

		const reply = await desk.reply(desk.slash(desk.users.admin, 'audit', { since: '1h' }));
		expect(reply.data.content).toMatch(
			/^\d+ audit rows for everyone since \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? [A-Z+0-9:-]+ \(newest 500 at most\): 0 order placements, 2 refusals\.$/,
		);
		const [file] = reply.files;
		expect(file?.name).toBe('audit.csv');
		const lines = (file?.content.toString('utf8') ?? '').trim().split('\n');
		expect(lines[0]).toBe('time_utc,user_id,guild_id,channel_id,action,inputs,ticket_id,outcome,detail,latency_ms');
		expect(
			lines.some(
				(line) => line.includes(`,${desk.users.trader},`) && line.includes(',/order,') && line.includes('NOPE/AUD'),
			),
		).toBe(true);
		expect(
			lines.some(
				(line) => line.includes(`,${desk.users.viewer},`) && line.includes(',/audit,') && line.includes(',refused,'),
			),
		).toBe(true);
	});

	it('filters by user and refuses a bad since', async () => {
		const reply = await desk.reply(desk.slash(desk.users.admin, 'audit', { user: desk.users.viewer }));
		const lines = (reply.files[0]?.content.toString('utf8') ?? '').trim().split('\n').slice(1);
		expect(lines.length).toBeGreaterThan(0);
		expect(lines.every((line) => line.split(',')[1] === desk.users.viewer)).toBe(true);
		expect(messageText((await desk.reply(desk.slash(desk.users.admin, 'audit', { since: 'soon' }))).data)).toContain(
			'"since" must be',
		);
	});
});

describe('the CSV', () => {
	it('quotes cells a spreadsheet would run as formulas, and escapes commas and quotes', () => {
		const csv = auditCsv([
			{
				at: 0,
				userId: 'u',
				guildId: null,
				channelId: null,
				action: '=HYPERLINK("x")',
				inputs: '{"a":"b,c"}',
				ticketId: null,
				outcome: 'ok',
				detail: '+1',
				latencyMs: 3,
			},
		]);
		expect(csv.split('\n')[1]).toBe(`1970-01-01T00:00:00.000Z,u,,,"'=HYPERLINK(""x"")","{""a"":""b,c""}",,ok,'+1,3`);
	});
});
