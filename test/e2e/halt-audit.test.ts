import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';

let desk: DeskHarness | undefined;
let folder: string | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
	if (folder) rmSync(folder, { recursive: true, force: true });
	folder = undefined;
});

const marketBuy = { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' };

async function openTicket(harness: DeskHarness) {
	const message = await harness.reply(harness.slash(harness.users.trader, 'order', marketBuy));
	const confirm = buttonIds(message.data).find((id) => id.startsWith('order:confirm:'));
	if (!confirm) throw new Error(messageText(message.data));
	return { message, confirm, ticketId: confirm.slice('order:confirm:'.length) };
}

describe('/halt and /resume', () => {
	it('stop every new order at once, including open tickets, and lift it again', async () => {
		desk = await DeskHarness.start();
		const open = await openTicket(desk);

		const halt = await desk.reply(desk.slash(desk.users.admin, 'halt', { reason: 'venue outage' }));
		expect((halt.data.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
		expect(messageText(halt.data)).toContain('Trading halted');
		expect(messageText(halt.data)).toContain('Reason: venue outage');

		const refusedConfirm = await desk.reply(desk.click(desk.users.trader, open.message, open.confirm));
		expect(messageText(refusedConfirm.data)).toContain(
			'The desk is halted: no order can be placed until an admin runs /resume. Nothing was sent. Reason given: “venue outage”.',
		);
		const refusedOrder = await desk.reply(desk.slash(desk.users.trader, 'order', marketBuy));
		expect(messageText(refusedOrder.data)).toContain('The desk is halted');
		expect(buttonIds(refusedOrder.data)).toEqual([]);
		expect(desk.brokerCalls.count('create_order')).toBe(0);

		const resume = await desk.reply(desk.slash(desk.users.admin, 'resume'));
		expect(messageText(resume.data)).toContain('Trading resumed');
		await desk.reply(desk.click(desk.users.trader, open.message, open.confirm), (text) => text.includes('Placed'));
		expect(desk.brokerCalls.count('create_order')).toBe(1);
	});

	it('are for admins only, and /resume says when there is nothing to lift', async () => {
		desk = await DeskHarness.start();
		expect(messageText((await desk.reply(desk.slash(desk.users.trader, 'halt'))).data)).toContain(
			'You need the admin (desk controls) capability',
		);
		expect(desk.store.deskState.halt().halted).toBe(false);
		expect(messageText((await desk.reply(desk.slash(desk.users.admin, 'resume'))).data)).toBe(
			'The desk is not halted; nothing changed.',
		);
	});

	it('say in /status who halted the desk, when and why', async () => {
		desk = await DeskHarness.start();
		await desk.reply(desk.slash(desk.users.admin, 'halt', { reason: 'end of day' }));
		const status = messageText((await desk.reply(desk.slash(desk.users.viewer, 'status'))).data);
		expect(status).toMatch(
			new RegExp(
				`Trading: \\*\\*Halted\\*\\* by <@${desk.users.admin}> since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d AE[DS]T: end of day`,
			),
		);
	});

	it('survives a restart', async () => {
		folder = mkdtempSync(join(tmpdir(), 'desk-halt-'));
		const storePath = join(folder, 'desk.sqlite');
		desk = await DeskHarness.start({ storePath });
		await desk.reply(desk.slash(desk.users.admin, 'halt', { reason: 'end of day' }));
		await desk.close();
		desk = await DeskHarness.start({ storePath });
		const refused = await desk.reply(desk.slash(desk.users.trader, 'order', marketBuy));
		expect(messageText(refused.data)).toContain(
			'The desk is halted: no order can be placed until an admin runs /resume. Nothing was sent. Reason given: “end of day”.',
		);
	});
});

describe('the audit trail', () => {
	it('records every command and press with who, where, inputs, ticket, outcome and latency, refusals too', async () => {
		desk = await DeskHarness.start();
		const open = await openTicket(desk);
		await desk.reply(desk.click(desk.users.viewer, open.message, open.confirm));
		await desk.reply(desk.click(desk.users.trader, open.message, open.confirm), (text) => text.includes('Placed'));
		await desk.reply(desk.slash(desk.users.trader, 'price', { symbol: 'USDT/AUD' }, { dm: true }));

		// A row is written once the bot's answer is acknowledged, just after the fake has seen it.
		const store = desk.store;
		await vi.waitFor(() => expect(store.audit.query({ limit: 20 })).toHaveLength(6));
		const rows = store.audit.query({ limit: 20 }).reverse();
		expect(rows.map((row) => [row.action, row.outcome])).toEqual([
			['/order', 'ok'],
			['button order:confirm', 'refused'],
			['button order:confirm', 'ok'],
			['order sending', 'sending'],
			['order placement', 'placed'],
			['/price', 'refused'],
		]);
		const [command, refused, press, sending, placement, dm] = rows;
		expect(command).toMatchObject({
			userId: desk.users.trader,
			guildId: desk.guildId,
			channelId: desk.channelId,
			ticketId: open.ticketId,
		});
		expect(sending).toMatchObject({ ticketId: open.ticketId, userId: desk.users.trader, detail: null });
		expect(JSON.parse(command?.inputs ?? '{}')).toEqual(marketBuy);
		expect(refused).toMatchObject({ userId: desk.users.viewer, ticketId: open.ticketId });
		expect(refused?.detail).toContain('You need the trade (placing orders) capability');
		expect(placement).toMatchObject({ ticketId: open.ticketId, userId: desk.users.trader });
		expect(JSON.parse(placement?.inputs ?? '{}')).toEqual({
			side: 'buy',
			symbol: 'USDT/AUD',
			type: 'market',
			amount: '100',
			price: null,
		});
		expect(placement?.detail).toMatch(/^[0-9a-f-]{36}$/);
		expect(press?.latencyMs).toBeGreaterThanOrEqual(0);
		expect(dm).toMatchObject({
			guildId: null,
			detail: 'The desk works only in its Discord server, not in direct messages.',
		});
	});
});
