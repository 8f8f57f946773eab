import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionResponseType } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import { allOrderCount, isSettled, marketBuy, openTicket, pressConfirm } from '../support/fault-desk-steps.js';

let desk: DeskHarness | undefined;
let folder: string | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
	if (folder) rmSync(folder, { recursive: true, force: true });
	folder = undefined;
});

const halted =
	'The desk is halted: no order can be placed until an admin runs /resume. Nothing was sent. Reason given: “venue outage”.';

/** What /status says of the broker client's queue, e.g. "2 waiting, 4 running". */
async function brokerQueue(harness: DeskHarness): Promise<string> {
	const status = messageText((await harness.reply(harness.slash(harness.users.viewer, 'status'))).data);
	return /\d+ waiting, \d+ running/.exec(status)?.[0] ?? status;
}

describe('/halt while orders are being confirmed', () => {
	it('lets no order out after it, even one already confirmed and queued, and still holds after a restart', async () => {
		folder = mkdtempSync(join(tmpdir(), 'desk-fault-halt-'));
		const storePath = join(folder, 'desk.sqlite');
		const harness = await DeskHarness.start({ storePath });
		desk = harness;
		await harness.caughtUp;
		// The broker is slow: four orders already sent take every order slot of the client, so two more wait.
		const sent = [];
		for (let n = 0; n < 4; n++)
			sent.push(await openTicket(harness, marketBuy, n % 2 ? harness.users.trader2 : harness.users.trader));
		const first = await openTicket(harness);
		const second = await openTicket(harness, marketBuy, harness.users.trader2);
		const stillOpen = await openTicket(harness);
		harness.sandbox.controls.injectRestFault({
			kind: 'delay',
			phase: 'before',
			ms: 1600,
			count: 4,
			endpoint: 'create_order',
		});
		const inFlight = sent.map((ticket, n) =>
			pressConfirm(harness, ticket, n % 2 ? harness.users.trader2 : harness.users.trader),
		);
		await vi.waitFor(() => expect(harness.brokerCalls.count('create_order')).toBe(4));
		const presses = [pressConfirm(harness, first), pressConfirm(harness, second, harness.users.trader2)];
		for (const press of presses) expect((await press.response()).type).toBe(InteractionResponseType.UpdateMessage);
		await vi.waitFor(async () => expect(await brokerQueue(harness)).toBe('2 waiting, 4 running'), { interval: 20 });

		await harness.reply(harness.slash(harness.users.admin, 'halt', { reason: 'venue outage' }));

		for (const press of presses) {
			const result = await harness.reply(press, isSettled);
			expect(messageText(result.data)).toContain(`Not placed. ${halted}`);
		}
		const late = await harness.reply(pressConfirm(harness, stillOpen));
		expect(messageText(late.data)).toContain(halted);
		// Only the four sent before the halt reached the broker.
		for (const press of inFlight) expect(messageText((await harness.reply(press, isSettled)).data)).toContain('Placed');
		expect(harness.brokerCalls.count('create_order')).toBe(4);
		expect(await allOrderCount(harness)).toBe(4);

		desk = undefined;
		await harness.close();
		const restarted = await DeskHarness.start({ storePath });
		desk = restarted;
		const afterRestart = await restarted.reply(restarted.slash(restarted.users.trader, 'order', marketBuy));
		expect(messageText(afterRestart.data)).toContain(halted);
		expect(buttonIds(afterRestart.data)).toEqual([]);
		expect(restarted.brokerCalls.count('create_order')).toBe(0);
	});
});
