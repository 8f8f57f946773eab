import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { ConsoleWorld } from '../../src/console/console-world.js';
import { DeskConsole } from '../../src/console/desk-console.js';
import { PrintedText } from '../support/console-session.js';

/** The front end on its own, with commands registered but no bot connected to receive them. */

let world: ConsoleWorld | undefined;
let folder: string | undefined;

afterEach(async () => {
	await world?.stop();
	if (folder) rmSync(folder, { recursive: true, force: true });
});

it('reports an interaction that cannot reach the bot as an error line and keeps reading', async () => {
	world = await ConsoleWorld.start(['viewer']);
	folder = mkdtempSync(join(tmpdir(), 'desk-console-'));
	const registered = await fetch(
		`${world.discord.apiBase}/v10/applications/${world.discord.applicationId}/guilds/${world.guildId}/commands`,
		{
			method: 'PUT',
			headers: { authorization: `Bot ${world.discord.token}`, 'content-type': 'application/json' },
			body: JSON.stringify([{ name: 'status', description: 'Is the desk trading?', type: 1 }]),
		},
	);
	expect(registered.status).toBe(200);
	const input = new PassThrough();
	const printed = new PrintedText();
	const front = new DeskConsole({
		world,
		input,
		output: printed.stream,
		terminal: false,
		colour: false,
		filesDir: folder,
	});

	input.write('/status\n');
	const failed = await printed.waitFor(/✖ .*\n/, 0, 5000);
	expect(failed).toContain('✖ The console could not do that: Error: no gateway session');
	input.write('/help status\n');
	expect(await printed.waitFor(/status: /, 0, 5000)).toContain('/status: Is the desk trading?');

	input.end();
	await front.closed;
	front.close();
});
