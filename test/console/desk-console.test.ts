import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { ConsoleSession } from '../support/console-session.js';

/** The console runs the real bot through a local Discord; these sessions type into it and read what it prints. */

let session: ConsoleSession | undefined;

afterEach(async () => {
	await session?.dispose();
	session = undefined;
});

/** Opens a ticket and returns its Confirm and Cancel button numbers. */
async function openTicket(console: ConsoleSession, amount: string): Promise<{ confirm: string; cancel: string }> {
	const from = console.type(`/order buy USDT/AUD ${amount} market`);
	return { confirm: await console.buttonNumber('Confirm', from), cancel: await console.buttonNumber('Cancel', from) };
}

/** Makes the sandbox wait before answering these endpoints, through its controls (SANDBOX_CONTROLS=true). */
async function slowBroker(console: ConsoleSession, ms: number, endpoints: readonly string[]): Promise<void> {
	const base = /controls\s+on: POST (\S+)\/__sandbox\//.exec(console.output)?.[1];
	if (!base) throw new Error('the sandbox controls are not served');
	for (const endpoint of endpoints) {
		const fault = { kind: 'delay', phase: 'before', ms, count: 5, endpoint };
		const armed = await fetch(`${base}/__sandbox/fault`, { method: 'POST', body: JSON.stringify(fault) });
		expect(armed.status).toBe(200);
	}
}

describe('the desk console', () => {
	it('runs a whole session: a quote, a ticket, the confirmation, and the fill in #fills', async () => {
		session = await ConsoleSession.start();

		const quote = await session.waitFor(/Mid: /, session.type('/price USDT/AUD'));
		expect(quote).toMatch(/^#desk · desk-bot · only you can see this$/m);
		expect(quote).toContain('USDT/AUD price ladder');
		expect(quote).toMatch(/Buy \(you pay\):\n.*up to 100: \d/);

		const ticket = session.mark();
		const { confirm } = await openTicket(session, '100');
		expect(session.output.slice(ticket)).toContain('BUY 100 USDT/AUD market');
		expect(session.output.slice(ticket)).toMatch(/\[\d+\] Cancel/);

		const afterConfirm = session.type(confirm);
		const fill = await session.waitFor(/#fills · desk-bot\n(.*\n){1,3}.*BUY 100 USDT\/AUD @ [\d.]+/, afterConfirm);
		expect(fill).toMatch(/#orders · desk-bot\n(.*\n)*.*Status: filled/);
		await session.waitFor('Placed: filled.', afterConfirm);

		const listed = await session.waitFor(/ in all/, session.type('/orders'));
		expect(listed).toContain('1 order in all');
	});

	it('runs the OTC desk’s day: a firm quote taken, the balances, the risk, the transfers, the blotter and the report in #reports', async () => {
		// Due at local midnight: today's report is due already, so it is posted as the bot starts.
		session = await ConsoleSession.start({ REPORT_AT: '00:00' });
		const card = session.type('/quote buy USDT/AUD 100');
		const accept = await session.buttonNumber('Accept', card);
		expect(session.output.slice(card)).toMatch(/Firm for the whole size until \d\d:\d\d:\d\d [A-Z]/);
		const taken = session.type(accept);
		await session.waitFor(/#fills · desk-bot\n(.*\n){1,3}.*BUY 100 USDT\/AUD @ [\d.]+ = [\d,.]+ AUD/, taken);

		expect(await session.waitFor(/Total/, session.type('/balances'))).toMatch(/USDT/);
		expect(await session.waitFor(/Headroom|headroom/, session.type('/risk'))).toContain('Broker risk limits');
		expect(await session.waitFor(/transfer/, session.type('/transfers'))).toMatch(/\d+ transfers?/);
		const blotter = await session.waitFor(/saved to \S+\.csv/, session.type('/blotter'));
		expect(blotter).toMatch(/USDT\/AUD/);

		const report = await session.waitFor(/#reports · desk-bot\n(.*\n)*.*End-of-day report \d{4}-\d\d-\d\d/);
		expect(report).toMatch(/📎 blotter-\d{4}-\d\d-\d\d\.csv/);
	});

	it('lists every command the bot registered, with its options, and one command in full', async () => {
		session = await ConsoleSession.start();

		const help = await session.waitFor(/Tab completes/, session.type('/help'));
		for (const command of commands) expect(help).toContain(`/${command.data.name}`);
		expect(help).toContain('/order <side> <symbol> <amount> <type> [price]');
		expect(help).toContain('/alerts set <kind> <channel> <mode>');
		expect(help).toContain('/roles');

		const order = await session.waitFor(/price \(optional\)/, session.type('/help order'));
		expect(order).toContain('side (required): Buy or sell. One of: buy, sell.');
		const unknown = await session.waitFor(/✖/, session.type('/help nothing'));
		expect(unknown).toContain('There is no /nothing. The commands are /price, /chart, /order');
	});

	it('answers malformed input with one clear error line and carries on, sending nothing', async () => {
		session = await ConsoleSession.start();
		const cases: [string, string][] = [
			['/bogus', 'There is no /bogus. Type /help for the list.'],
			['/order buy', '/order needs "symbol" (For example USDT/AUD), "amount"'],
			['/order buy USDT/AUD 100 hold', '/order: "type" must be one of market, limit (got "hold").'],
			['/order buy USDT/AUD 100 market 1.5 extra', '"extra" is one too many.'],
			['/order side:buy side:sell', '/order: "side" is given twice.'],
			['/halt "unfinished', 'A quote is not closed: end the value with ".'],
			['/audit limit:0', '/audit: "limit" must be at least 1 (got "0").'],
			['/audit limit:many', '/audit: "limit" must be a whole number (got "many").'],
			['/audit user:@somebody', '/audit: "user" is not someone here; the only person is @you (got "@somebody").'],
			['/alerts set fills #nowhere on', '"channel" is not a channel here; there are #desk, #orders, #fills, #errors'],
			['/alerts', '/alerts needs one of: set, list, test.'],
			['/roles boss', 'No role boss: choose among viewer, trader, admin, approver, or none.'],
			['hello', 'Commands start with /, and a number presses a button.'],
			['7', 'There is no button 7.'],
			['/', 'Type a command name after the /, for example /help.'],
		];
		for (const [line, error] of cases) {
			const printed = await session.waitFor(/✖ .*\n/, session.type(line));
			expect(printed).toContain(error);
			expect(printed.match(/✖/g)).toHaveLength(1);
		}

		const status = await session.waitFor(/Trading/i, session.type('/status'));
		expect(status).toContain('#desk · desk-bot');
		expect(session.output).not.toContain('Sending the order');
		const listed = await session.waitFor(/orders in all/, session.type('/orders'));
		expect(listed).toContain('No orders match.');
		expect(listed).toContain('0 orders in all');
	});

	it('saves the picture /chart attaches and says where, as it does for a CSV', async () => {
		session = await ConsoleSession.start();
		const answer = await session.waitFor(/saved to \S+\.png/, session.type('/chart USDT/AUD window:1h'));
		expect(answer).toContain('USDT/AUD · 1 h');
		const path = /📎 chart-USDT-AUD-1h\.png \([\d,]+ bytes\), saved to (\S+)/.exec(answer)?.[1] ?? '';
		expect(path).toContain('console-files');
		expect(readFileSync(path).subarray(1, 4).toString('ascii')).toBe('PNG');
	});

	it('acts with the roles chosen, shows the refusal, and audits it in the CSV it saves', async () => {
		session = await ConsoleSession.start({ CONSOLE_ROLES: 'viewer' });
		expect(session.output).toContain('You are @you in #desk with roles viewer.');

		const refused = await session.waitFor(/capability/, session.type('/order buy USDT/AUD 100 market'));
		expect(refused).toContain('You need the trade (placing orders) capability for this.');
		expect(refused).not.toMatch(/\[\d+\] Confirm/);

		const adminOnly = await session.waitFor(/capability/, session.type('/audit'));
		expect(adminOnly).toContain('admin (desk controls)');

		expect(await session.waitFor(/You act as/, session.type('/roles trader admin'))).toContain(
			'You act as @you with roles trader, admin.',
		);
		const exported = await session.waitFor(/saved to (\S+)/, session.type('/audit'));
		const path = /📎 audit\.csv \([\d,]+ bytes\), saved to (\S+)/.exec(exported)?.[1] ?? '';
		const csv = readFileSync(path, 'utf8');
		expect(csv).toMatch(/order.*refused/);

		expect(await session.waitFor(/You act as/, session.type('/roles none'))).toContain('with no roles');
		expect(await session.waitFor(/capability/, session.type('/price USDT/AUD'))).toContain('view (prices and orders)');
	});

	it('asks for a large amount again through the bot’s form, field by field', async () => {
		session = await ConsoleSession.start({ CONFIRM_RETYPE_NOTIONAL: '100' });
		const { confirm } = await openTicket(session, '100');

		const form = await session.waitFor(/Type the amount again \(USDT\/AUD\):/, session.type(confirm));
		expect(form).toContain('Confirm buy USDT/AUD: answer each field');
		expect(form).toContain('Type the amount again (USDT/AUD):');
		expect(await session.waitFor(/Form closed/, session.type('/cancel'))).toContain('nothing was sent');

		const again = session.type(confirm);
		await session.waitFor(/close the form/, again);
		expect(await session.waitFor(/✖/, session.type(''))).toContain('Type the amount again (USDT/AUD) is required.');
		const mismatch = await session.waitFor(/does not match.*\n/, session.type('10'));
		expect(mismatch).toContain('The amount you typed (10) does not match the ticket (100). Nothing was sent');

		const third = session.type(confirm);
		await session.waitFor(/close the form/, third);
		await session.waitFor('Placed: filled.', session.type('100'));
		expect(session.output.match(/Placed: filled\./g)).toHaveLength(1);
	});

	it('prints the answers still thinking when piped input ends: /orders and /order-status', async () => {
		session = await ConsoleSession.start({ SANDBOX_CONTROLS: 'true' });
		await slowBroker(session, 1500, ['fetch_orders', 'fetch_order']);
		const from = session.type('/orders');
		session.type('/order-status no-such-order');
		await session.close();

		const printed = session.output.slice(from);
		expect(printed).toContain('desk-bot is thinking…');
		expect(printed).toContain('No orders match.');
		expect(printed).toContain('The broker has no order with the id no-such-order');
		expect(printed).not.toMatch(/did not come/);
	});

	it('runs piped lines in order: the next line waits until a deferred answer is final', async () => {
		session = await ConsoleSession.start({ SANDBOX_CONTROLS: 'true' });
		await slowBroker(session, 1500, ['fetch_orders']);
		const from = session.type('/orders');
		session.type('/price USDT/AUD');
		const printed = await session.waitFor(/Mid: /, from);
		const listed = printed.indexOf('No orders match.');
		expect(listed).toBeGreaterThan(-1);
		expect(listed).toBeLessThan(printed.indexOf('USDT/AUD price ladder'));
	});

	it('after /cancel in the retype form, reads the next line as a normal line, not as the amount', async () => {
		session = await ConsoleSession.start({ CONFIRM_RETYPE_NOTIONAL: '100' });
		const { confirm, cancel } = await openTicket(session, '100');
		await session.waitFor(/Type the amount again \(USDT\/AUD\):/, session.type(confirm));
		await session.waitFor(/Form closed/, session.type('/cancel'));

		const pressed = await session.waitFor(/only you can see this · updated\n(.*\n)*.*\S/, session.type(cancel));
		expect(pressed).not.toContain('✖');
		expect(pressed).not.toMatch(/Type the amount again/);
		expect(session.output).not.toContain('Sending the order');
	});

	it('refuses a button number from an old screen instead of pressing another button', async () => {
		session = await ConsoleSession.start();
		const first = await openTicket(session, '100');
		await session.waitFor(/#desk · desk-bot · only you can see this · updated/, session.type(first.cancel));

		const stale = await session.waitFor(/✖/, session.type(first.confirm));
		expect(stale).toContain(`Button ${first.confirm} is no longer on its message.`);
		const second = await openTicket(session, '100');
		expect(Number(second.confirm)).toBeGreaterThan(Number(first.cancel));
		expect(session.output).not.toContain('Sending the order');
	});

	it('keeps alert routes and the audit trail across restarts, because the console’s ids never change', async () => {
		const first = await ConsoleSession.start();
		const folder = first.folder;
		await first.waitFor('fills alerts now go to #desk (on).', first.type('/alerts set fills #desk on'));
		await first.close();

		session = await ConsoleSession.start({}, { folder });
		const routes = await session.waitFor(/fills/, session.type('/alerts list'));
		expect(routes).toMatch(/fills.*#desk/);
		const { confirm } = await openTicket(session, '100');
		const fill = await session.waitFor(/#desk · desk-bot\n.*\n.*Fill/, session.type(confirm));
		expect(fill).not.toContain('#fills · desk-bot');
	});

	it('shuts the bot, the local Discord and the sandbox down when the input ends (Ctrl-D)', async () => {
		session = await ConsoleSession.start();
		const restUrl = /REST\s+(http:\/\/\S+)/.exec(session.output)?.[1] ?? '';
		expect((await fetch(`${restUrl}/fetch_orders`)).status).toBeGreaterThanOrEqual(400);

		await session.close();

		await expect(fetch(`${restUrl}/fetch_orders`)).rejects.toThrow();
	});
});
