import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import { call, marketBuy } from '../support/sandbox-peer.js';

/** /transfers through the local Discord: the sandbox's own transfers, newest first, paged like /orders. */

let desk: DeskHarness;

beforeAll(async () => {
	desk = await DeskHarness.start();
	// Each fill settles as two transfers (what came in, what went out): with the opening deposits, over two pages.
	for (let index = 0; index < 4; index++) await marketBuy(desk.sandbox, String(10 + index), `transfers-${index}`);
}, 15_000);
afterAll(() => desk.close());

/** The transfer lines of a page, as shown: `2026-01-05 14:02:09 AEDT **IN +10 USDT** settlement, completed`. */
const lines = (text: string) =>
	text.split('\n').filter((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d AE[DS]T \*\*/.test(line));

describe('/transfers', () => {
	it('pages through every transfer at the broker, newest first, with the zone named', async () => {
		const atBroker = await call(desk.sandbox, 'get_transfers', { limit: 100 });
		const total: number = atBroker.body.total;
		expect(total).toBeGreaterThan(10);

		const first = await desk.reply(desk.slash(desk.users.viewer, 'transfers'));
		const firstText = messageText(first.data);
		expect(firstText).toContain(`Page 1 of 2 · ${total} transfers in all`);
		expect(lines(firstText)).toHaveLength(10);
		expect(lines(firstText)[0]).toMatch(/\*\*OUT −[\d.]+ AUD\*\* settlement, completed/);
		const next = buttonIds(first.data).find((id) => id.startsWith('transfers:page:') && id.endsWith(':2'));
		expect(next).toBeDefined();

		const second = await desk.reply(desk.click(desk.users.viewer, first, next ?? ''), (text) =>
			text.includes('Page 2'),
		);
		const secondText = messageText(second.data);
		expect(lines(secondText)).toHaveLength(total - 10);
		expect(secondText).toMatch(/\*\*IN \+1,000,000 AUD\*\* deposit, completed\nopening balance/);
		expect(lines(secondText).filter((line) => lines(firstText).includes(line))).toEqual([]);
	});

	it('keeps only one asset, and reads since in the desk’s time zone', async () => {
		const usdt = messageText((await desk.reply(desk.slash(desk.users.viewer, 'transfers', { asset: 'usdt' }))).data);
		expect(usdt).toContain('Filters: asset USDT');
		expect(lines(usdt)).toHaveLength(5);
		expect(lines(usdt).every((line) => line.includes(' USDT**'))).toBe(true);

		const tomorrowish = new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
		const future = await desk.reply(desk.slash(desk.users.viewer, 'transfers', { since: tomorrowish }));
		expect(messageText(future.data)).toMatch(/^The option "since" must be .* read in Australia\/Sydney/);

		const recent = messageText((await desk.reply(desk.slash(desk.users.viewer, 'transfers', { since: '1h' }))).data);
		expect(recent).toMatch(/Filters: since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d AE[DS]T/);
		expect(recent).toContain('Page 1 of 2');
	});

	it('refuses an asset that is no asset code, and changes nothing', async () => {
		const handle = desk.slash(desk.users.viewer, 'transfers', { asset: 'US DT!' });
		const refused = await desk.reply(handle);
		expect(messageText(refused.data)).toBe(
			'The option "asset" must be an asset code such as USDT or AUD (got "US DT!").',
		);
		expect(buttonIds(refused.data)).toEqual([]);
	});
});
