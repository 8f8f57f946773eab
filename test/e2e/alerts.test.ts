import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';

let desk: DeskHarness | undefined;
let folder: string | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
	if (folder) rmSync(folder, { recursive: true, force: true });
	folder = undefined;
});

function alerts(
	harness: DeskHarness,
	subcommand: string,
	options: Record<string, string> = {},
	userId = harness.users.admin,
) {
	return harness.reply(
		harness.fake.injectSlashCommand({
			guildId: harness.guildId,
			channelId: harness.channelId,
			userId,
			name: 'alerts',
			subcommand,
			options,
		}),
	);
}

const suppressed = (flags: number | undefined) => ((flags ?? 0) & MessageFlags.SuppressNotifications) !== 0;

describe('/alerts', () => {
	it('routes a kind to a channel, lists it, and posts a sample as loudly as its mode says', async () => {
		desk = await DeskHarness.start();
		const fills = desk.fake.addChannel(desk.guildId, { name: 'fills' });
		expect(messageText((await alerts(desk, 'set', { kind: 'fills', channel: fills, mode: 'on' })).data)).toBe(
			`fills alerts now go to <#${fills}> (on).`,
		);
		const listed = messageText((await alerts(desk, 'list')).data);
		expect(listed).toMatch(
			new RegExp(
				`\\*\\*fills\\*\\* \\(fills\\): <#${fills}>, on, set \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d AE[DS]T`,
			),
		);
		expect(listed).toContain('**errors** (errors, connectivity and halts): not set');

		expect(messageText((await alerts(desk, 'test', { kind: 'fills' })).data)).toBe(
			`Sample posted in <#${fills}> (on).`,
		);
		const loud = await desk.fake.waitForMessage(fills, (message) =>
			messageText(message.data).includes('Test: fills alerts come here'),
		);
		expect(suppressed(loud.data.flags)).toBe(false);

		await alerts(desk, 'set', { kind: 'fills', channel: fills, mode: 'silent' });
		await alerts(desk, 'test', { kind: 'fills' });
		await desk.fake.waitForMessage(
			fills,
			(message) => message.data.id !== loud.data.id && suppressed(message.data.flags),
		);

		await alerts(desk, 'set', { kind: 'fills', channel: fills, mode: 'off' });
		expect(messageText((await alerts(desk, 'test', { kind: 'fills' })).data)).toBe(
			'Nothing was posted: the fills route is off.',
		);
		expect(desk.fake.messagesIn(fills)).toHaveLength(2);
	});

	it('refuses a route that is not set, and anyone without the admin capability', async () => {
		desk = await DeskHarness.start();
		expect(messageText((await alerts(desk, 'test', { kind: 'orders' })).data)).toBe(
			'The orders route is not set. Use /alerts set first.',
		);
		expect(messageText((await alerts(desk, 'list', {}, desk.users.trader)).data)).toContain(
			'You need the admin (desk controls) capability',
		);
	});

	it('keeps its routes across a restart', async () => {
		folder = mkdtempSync(join(tmpdir(), 'desk-routes-'));
		const storePath = join(folder, 'desk.sqlite');
		desk = await DeskHarness.start({ storePath });
		await alerts(desk, 'set', { kind: 'orders', channel: desk.channelId, mode: 'silent' });
		await desk.close();
		desk = await DeskHarness.start({ storePath });
		expect(desk.store.routes.get('orders')).toMatchObject({ channelId: expect.any(String), mode: 'silent' });
	});
});

describe('/halt on the errors route', () => {
	it('is announced there', async () => {
		desk = await DeskHarness.start();
		const errors = desk.fake.addChannel(desk.guildId, { name: 'desk-errors' });
		await alerts(desk, 'set', { kind: 'errors', channel: errors, mode: 'on' });
		await desk.reply(desk.slash(desk.users.admin, 'halt', { reason: 'broker maintenance' }));
		const announced = await desk.fake.waitForMessage(errors, (message) =>
			messageText(message.data).includes('Trading halted'),
		);
		expect(messageText(announced.data)).toContain('Reason: broker maintenance');
	});

	it('tells the admin when it cannot be announced, and the halt stands', async () => {
		desk = await DeskHarness.start();
		desk.store.routes.set({
			kind: 'errors',
			channelId: '100000000000000999',
			mode: 'on',
			changedBy: 'x',
			changedAt: 0,
		});
		const halt = desk.slash(desk.users.admin, 'halt');
		const notice = await halt.followUp();
		expect(messageText(notice.data)).toContain(
			'The halt is in force, but it could not be announced on the errors route',
		);
		expect(desk.store.deskState.halt().halted).toBe(true);
	});
});
