import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';
import { isSettled, openTicket, pressConfirm } from '../support/fault-desk-steps.js';

/** Limits per trader and per role, set with /limits, applied at the next ticket and counted over the desk's day. */

let desk: DeskHarness | undefined;
afterEach(async () => {
	await desk?.close();
	desk = undefined;
});

const smallBuy = { side: 'buy', symbol: 'USDT/AUD', amount: '500', type: 'market' } as const;

async function say(
	of: DeskHarness,
	userId: string,
	name: string,
	options: Record<string, string>,
	subcommand?: string,
) {
	const handle = of.fake.injectSlashCommand({
		guildId: of.guildId,
		channelId: of.channelId,
		userId,
		name,
		options,
		...(subcommand ? { subcommand } : {}),
	});
	return messageText((await of.reply(handle)).data);
}

describe('a trader’s daily limit', () => {
	it('refuses the order that would pass it, with the numbers, and starts again the next day', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		await live.caughtUp;
		const set = await say(live, live.users.admin, 'limits', { trader: live.users.trader, daily: '1000' }, 'set');
		expect(set).toContain('Daily: 1,000.00 AUD');

		const first = await openTicket(live, smallBuy);
		expect(messageText((await live.reply(pressConfirm(live, first), isSettled)).data)).toContain('Placed');

		const refused = await say(live, live.users.trader, 'order', smallBuy, undefined);
		expect(refused).toMatch(
			/^Your daily limit is 1,000\.00 AUD: you have traded 76\d\.\d\d AUD today, and this order would make it 1,5\d\d\.\d\d AUD\. Nothing was sent\.$/,
		);
		expect(await say(live, live.users.trader2, 'order', smallBuy)).toContain('Check the order, then confirm');

		const shown = await say(live, live.users.trader, 'limits', {}, 'show');
		expect(shown).toMatch(/Today: 76\d\.\d\d AUD of 1,000\.00 AUD \(set for them\)/);
		expect(shown).toMatch(/today USDT \+500/);

		live.clock.advance(24 * 60 * 60_000);
		expect(await say(live, live.users.trader, 'order', smallBuy)).toContain('Check the order, then confirm');
	});

	it('is checked again at Confirm, so that two tickets opened within it cannot both be sent past it', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		await live.caughtUp;
		await say(live, live.users.admin, 'limits', { trader: live.users.trader, daily: '1000' }, 'set');
		const first = await openTicket(live, smallBuy);
		const second = await openTicket(live, smallBuy);
		expect(messageText((await live.reply(pressConfirm(live, first), isSettled)).data)).toContain('Placed');
		const late = await live.reply(pressConfirm(live, second));
		expect(messageText(late.data)).toMatch(/^Your daily limit is 1,000\.00 AUD/);
		expect(live.brokerCalls.count('create_order')).toBe(1);
	});
});

describe('limits set for a role, and symbols', () => {
	it('apply to everyone with the role, and a trader’s own setting overrides them', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		const [traderRole = ''] = live.grants.trade;
		await say(live, live.users.admin, 'limits', { role: traderRole, symbols: 'BTC/AUD' }, 'set');
		expect(await say(live, live.users.trader2, 'order', smallBuy)).toBe(
			'Your limits allow BTC/AUD; USDT/AUD is not among them. Nothing was sent.',
		);
		await say(live, live.users.admin, 'limits', { trader: live.users.trader, symbols: 'USDT/AUD,BTC/AUD' }, 'set');
		expect(await say(live, live.users.trader, 'order', smallBuy)).toContain('Check the order, then confirm');
		await say(live, live.users.admin, 'limits', { role: traderRole }, 'clear');
		expect(await say(live, live.users.trader2, 'order', smallBuy)).toContain('Check the order, then confirm');
	});
});

describe('/limits', () => {
	it('shows your own; another trader’s only to an admin; and is audited', async () => {
		desk = await DeskHarness.start();
		const live = desk;
		expect(await say(live, live.users.viewer, 'limits', { trader: live.users.trader }, 'show')).toBe(
			'Only an admin can see another trader’s limits.',
		);
		expect(await say(live, live.users.admin, 'limits', { trader: live.users.trader }, 'show')).toContain(
			'Today: 0.00 AUD of 10,000,000.00 AUD (the desk’s setting)',
		);
		expect(await say(live, live.users.trader, 'limits', { trader: live.users.admin, daily: '5' }, 'set')).toContain(
			'You need the admin (desk controls) capability',
		);
		expect(await say(live, live.users.admin, 'limits', { trader: live.users.trader, daily: 'lots' }, 'set')).toContain(
			'The daily must be a plain number',
		);
		expect(
			await say(live, live.users.admin, 'limits', { trader: live.users.trader, symbols: 'DOGE/AUD' }, 'set'),
		).toMatch(/^The desk does not trade DOGE\/AUD/);
		await vi.waitFor(() =>
			expect(
				live.store.audit
					.query({ limit: 50 })
					.filter((row) => row.action.startsWith('/limits'))
					.map((row) => [row.action, row.outcome]),
			).toEqual([
				['/limits set', 'refused'],
				['/limits set', 'refused'],
				['/limits set', 'refused'],
				['/limits show', 'ok'],
				['/limits show', 'refused'],
			]),
		);
	});
});
