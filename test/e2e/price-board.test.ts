import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { AssembledDesk, type DeskWorld, deskWorld } from '../support/assembled-desk.js';
import { FakeDiscord, type FakeMessage } from '../support/fake-discord.js';
import { startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';

/** The price board as `npm start` wires it: a real sandbox, the production composition, the fake Discord. */

let sandbox: Sandbox | undefined;
let fake: FakeDiscord | undefined;
let desks: AssembledDesk[] = [];
let folder: string | undefined;

afterEach(async () => {
	for (const desk of desks) await desk.close();
	desks = [];
	await fake?.stop();
	await sandbox?.close();
	if (folder) rmSync(folder, { recursive: true, force: true });
	[sandbox, fake, folder] = [undefined, undefined, undefined];
});

async function start(world: DeskWorld, storePath: string): Promise<AssembledDesk> {
	if (!sandbox) throw new Error('no sandbox');
	const broker = { restUrl: sandbox.restUrl, wsUrl: sandbox.wsUrl, apiKey: testKey, apiSecret: testSecret };
	const desk = await AssembledDesk.start({ broker, world, storePath });
	desks.push(desk);
	return desk;
}

const text = (message: FakeMessage) => JSON.stringify(message.data.embeds);

describe('the price board in Discord', () => {
	it('appears silently where /alerts sends prices, follows the market, moves, and survives a restart', async () => {
		sandbox = await startTestSandbox({ frozenClockAt: undefined, priceFramesPerSecond: 20 });
		fake = await FakeDiscord.start({ rateLimit: { perChannel: { limit: 5, windowMs: 5000 } } });
		folder = mkdtempSync(join(tmpdir(), 'desk-board-'));
		const storePath = join(folder, 'desk.sqlite');
		const world = deskWorld(fake);
		const prices = fake.addChannel(world.guildId, { name: 'prices' });
		const desk = await start(world, storePath);

		const set = fake.injectSlashCommand({
			guildId: world.guildId,
			userId: world.adminId,
			name: 'alerts',
			subcommand: 'set',
			options: { kind: 'prices', channel: prices, mode: 'on' },
		});
		await set.originalMessage();
		const board = await fake.waitForMessage(prices, (message) => text(message).includes('USDT/AUD'));
		expect((board.data.flags ?? 0) & MessageFlags.SuppressNotifications).toBe(MessageFlags.SuppressNotifications);
		expect(text(board)).toMatch(/buy \*\*[\d.]+\*\* · sell \*\*[\d.]+\*\*/);

		// Ladders arrive 20 times a second per symbol; the board is edited, at most once every 2 s.
		const edited = await fake.waitForMessage(prices, (message) => message.history.length >= 2, 10_000);
		const editTimes = [...edited.history.slice(1), edited.data].map((version) =>
			Date.parse(version.edited_timestamp ?? ''),
		);
		for (let i = 1; i < editTimes.length; i += 1) {
			expect((editTimes[i] ?? 0) - (editTimes[i - 1] ?? 0)).toBeGreaterThanOrEqual(1900);
		}
		expect(fake.messagesIn(prices)).toHaveLength(1);
		expect(fake.requests.filter((request) => request.status === 429)).toEqual([]);

		await desk.close();
		desks = [];
		expect(text(fake.messagesIn(prices)[0] as FakeMessage)).toContain('The desk bot stopped');

		const restarted = await start(world, storePath);
		await fake.waitForMessage(prices, (message) => text(message).includes('buy **'));
		expect(fake.messagesIn(prices)).toHaveLength(1);

		const moved = fake.addChannel(world.guildId, { name: 'prices-2' });
		restarted.bot.services.controls.routes.set({
			kind: 'prices',
			channelId: moved,
			mode: 'on',
			changedBy: world.adminId,
			changedAt: 1,
		});
		await fake.waitForMessage(moved, (message) => text(message).includes('USDT/AUD'));
		await fake.waitForMessage(prices, (message) => text(message).includes(`The price board moved to <#${moved}>`));
	});
});
