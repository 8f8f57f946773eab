import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../support/console-session.js';

/** In a terminal the console is a line editor: a prompt, cursor keys, history kept between runs, Tab, Ctrl-C. */

const up = '\x1b[A';
const left = '\x1b[D';
const enter = '\r';
/** The prompt, last thing printed; readline then places the cursor after it. */
const esc = String.fromCharCode(27);
const prompted = new RegExp(`desk> (${esc}\\[\\d+G)?$`);

let sessions: ConsoleSession[] = [];

afterEach(async () => {
	for (const session of sessions) await session.dispose();
	sessions = [];
});

async function start(folder?: string, env: Record<string, string> = {}): Promise<ConsoleSession> {
	const session = await ConsoleSession.start(env, { terminal: true, ...(folder ? { folder } : {}) });
	sessions.push(session);
	return session;
}

describe('the desk console in a terminal', () => {
	it('edits the line with the cursor keys and shows the prompt again after an answer or an error', async () => {
		const session = await start();
		expect(session.output).toMatch(prompted);

		const edited = session.keys('/roles tradr');
		for (const key of [left, 'e', enter]) session.keys(key);
		expect(await session.waitFor(/You act as .*\n/, edited)).toContain('You act as @you with roles trader.');
		await session.waitFor(prompted, edited);

		const failed = session.keys(`/bogus${enter}`);
		const errorThenPrompt = new RegExp(`✖ There is no /bogus.*\\n[\\s\\S]*${prompted.source}`);
		expect(await session.waitFor(errorThenPrompt, failed)).toContain('There is no /bogus.');
	});

	it('recalls earlier lines with Up, also in the next run', async () => {
		const first = await start();
		await first.waitFor(/with roles viewer\./, first.keys(`/roles viewer${enter}`));
		await first.waitFor(/with roles admin\./, first.keys(`/roles admin${enter}`));
		const recalled = first.keys(`${up}${up}${enter}`);
		expect(await first.waitFor(/You act as .*\n/, recalled)).toContain('with roles viewer.');
		await first.close();

		const second = await start(first.folder);
		const again = second.keys(`${up}${enter}`);
		expect(await second.waitFor(/You act as .*\n/, again)).toContain('with roles viewer.');
	});

	it('completes command names with Tab, and symbols through the bot’s own autocomplete', async () => {
		const session = await start();
		const typed = session.keys('/pri\t');
		await session.waitFor('/price ', typed);
		const symbol = session.keys('USDT/A\t');
		await session.waitFor('USDT/AUD ', symbol);
		const quote = session.keys(enter);
		expect(await session.waitFor(/Mid: /, quote)).toContain('USDT/AUD price ladder');
	});

	it.each([
		['Ctrl-D', '\x04'],
		['/quit', `/quit${enter}`],
	])('leaving with %s while /orders is still thinking prints its answer first', async (_, leave) => {
		const session = await start(undefined, { SANDBOX_CONTROLS: 'true' });
		const base = /controls\s+on: POST (\S+)\/__sandbox\//.exec(session.output)?.[1];
		const fault = { kind: 'delay', phase: 'before', ms: 1500, count: 5, endpoint: 'fetch_orders' };
		expect((await fetch(`${base}/__sandbox/fault`, { method: 'POST', body: JSON.stringify(fault) })).status).toBe(200);

		const from = session.keys(`/orders${enter}`);
		await session.waitFor('desk-bot is thinking…', from);
		session.keys(leave);
		await session.desk.ended;
		await session.desk.stop();
		const after = session.output.slice(from);
		expect(after).toContain('Waiting for the bot’s answer to /orders before leaving…');
		expect(after.indexOf('No orders match.')).toBeGreaterThan(after.indexOf('before leaving…'));
	});

	it('after /cancel in the retype form, prompts desk> again and reads the next line as a normal line', async () => {
		const session = await start(undefined, { CONFIRM_RETYPE_NOTIONAL: '100' });
		const ticket = session.keys(`/order buy USDT/AUD 100 market${enter}`);
		const confirm = await session.buttonNumber('Confirm', ticket);
		const cancel = await session.buttonNumber('Cancel', ticket);
		const form = session.keys(`${confirm}${enter}`);
		await session.waitFor(new RegExp(`Type the amount again \\(USDT/AUD\\): (${esc}\\[\\d+G)?$`), form);

		const closed = session.keys(`/cancel${enter}`);
		expect(
			await session.waitFor(new RegExp(`Form closed; nothing was sent\\.\\n[\\s\\S]*${prompted.source}`), closed),
		).not.toMatch(/Type the amount again[^\n]*$/);
		const pressed = session.keys(`${cancel}${enter}`);
		const canceled = await session.waitFor(new RegExp(`· updated\\n[\\s\\S]*${prompted.source}`), pressed);
		expect(canceled).not.toContain('✖');
		expect(canceled).not.toContain('Type the amount again');
		expect(session.output).not.toContain('Sending the order');
	});

	it('keeps the retype form’s answers out of the history: Up recalls commands, never the amount', async () => {
		const session = await start(undefined, { CONFIRM_RETYPE_NOTIONAL: '100' });
		const ticket = session.keys(`/order buy USDT/AUD 100 market${enter}`);
		const confirm = await session.buttonNumber('Confirm', ticket);
		const form = session.keys(`${confirm}${enter}`);
		await session.waitFor(new RegExp(`Type the amount again \\(USDT/AUD\\): (${esc}\\[\\d+G)?$`), form);
		await session.waitFor(/Placed: filled\./, session.keys(`100${enter}`));

		const recalled = session.keys(up);
		expect(await session.waitFor(new RegExp(`desk> \\d+(${esc}\\[\\d+G)?$`), recalled)).toMatch(
			new RegExp(`desk> ${confirm}(${esc}\\[\\d+G)?$`),
		);
		await session.close();
		const history = readFileSync(join(session.folder, 'console-history'), 'utf8').split('\n');
		expect(history).toContain(String(confirm));
		expect(history).not.toContain('100');
	});

	it('leaves on Ctrl-C, shutting the desk down', async () => {
		const session = await start();
		session.keys('/price US\x03');
		await session.desk.ended;
		await session.desk.stop();
		expect(session.output).not.toContain('price ladder');
	});
});
