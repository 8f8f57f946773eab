import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Client } from 'discord.js';
import { SlashCommandBuilder } from 'discord.js';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleWorld } from '../../src/console/console-world.js';
import { DeskConsole } from '../../src/console/desk-console.js';
import { startDiscordBot } from '../../src/discord/bot.js';
import type { Command } from '../../src/discord/command.js';
import { printed, run } from '../support/child-process.js';
import { PrintedText } from '../support/console-session.js';

/** An answer the bot defers ("thinking") is waited for when the input ends, and never dropped silently. */

let world: ConsoleWorld | undefined;
let bot: Client | undefined;
let folder: string | undefined;

afterEach(async () => {
	await bot?.destroy();
	await world?.stop();
	if (folder) rmSync(folder, { recursive: true, force: true });
	bot = undefined;
	world = undefined;
	folder = undefined;
});

describe('a deferred answer at the end of the input', () => {
	it('npm start with piped input prints the answer to /orders before it exits', async () => {
		const desk = run('src/app/main.ts', { SANDBOX_CONTROLS: 'true' });
		const [, base] = await printed(desk, /controls\s+on: POST (\S+)\/__sandbox\//);
		await printed(desk, /Ctrl-D, Ctrl-C or \/quit leaves/);
		const fault = { kind: 'delay', phase: 'before', ms: 1500, count: 5, endpoint: 'fetch_orders' };
		expect((await fetch(`${base}/__sandbox/fault`, { method: 'POST', body: JSON.stringify(fault) })).status).toBe(200);

		desk.child.stdin?.end('/orders\n');

		expect(await desk.exited).toBe(0);
		expect(desk.output).toContain('desk-bot is thinking…');
		expect(desk.output).toContain('No orders match.');
		expect(desk.output).not.toMatch(/did not come|Error|at .*\.ts:\d+/);
	});

	it('says plainly that an answer still thinking did not come in time, then ends', async () => {
		world = await ConsoleWorld.start(['viewer']);
		folder = mkdtempSync(join(tmpdir(), 'desk-console-'));
		const stalling = [
			{ data: new SlashCommandBuilder().setName('status').setDescription('Is the desk trading?') },
		] as unknown as readonly Command[];
		bot = await startDiscordBot(
			{
				token: world.discord.token,
				applicationId: world.discord.applicationId,
				guildId: world.guildId,
				apiBase: world.discord.apiBase,
			},
			stalling,
			async (interaction) => {
				if (interaction.isChatInputCommand()) await interaction.deferReply();
			},
			pino({ level: 'silent' }),
		);
		const input = new PassThrough();
		const output = new PrintedText();
		const front = new DeskConsole({
			world,
			input,
			output: output.stream,
			terminal: false,
			colour: false,
			filesDir: folder,
			deferredAnswerWaitMs: 1000,
		});

		input.end('/status\n');
		await front.closed;
		front.close();

		expect(output.text).toContain('desk-bot is thinking…');
		expect(output.text).toContain('✖ The bot’s answer to /status did not come within 1 s');
	});
});
