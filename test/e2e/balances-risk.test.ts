import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeskHarness, messageText } from '../support/desk-harness.js';
import { placeThroughDesk } from '../support/desk-orders.js';
import { createOrder } from '../support/sandbox-peer.js';

/**
 * /balances and /risk through the local Discord against the sandbox's own account: the figures move after a
 * fill, a price the desk does not have is said plainly, and the errors route hears once when a headroom falls
 * below the warning level and once when it recovers.
 */

let desk: DeskHarness;
let errorsChannel: string;

beforeAll(async () => {
	desk = await DeskHarness.start({
		sandbox: { riskLimits: { dailyNotional: new Decimal(20_000), openExposure: new Decimal(20_000) } },
	});
	await desk.caughtUp;
	errorsChannel = desk.fake.addChannel(desk.guildId, { name: 'desk-errors' });
	desk.route('errors', errorsChannel);
}, 15_000);
afterAll(() => desk.close());

async function shown(name: string, userId = desk.users.viewer): Promise<string> {
	const message = await desk.reply(desk.slash(userId, name));
	return messageText(message.data);
}

/** `**USDT** total 500,100 · …` → 500100. */
function totalOf(text: string, asset: string): Decimal {
	const match = new RegExp(`\\*\\*${asset}\\*\\* total ([\\d,.]+)`).exec(text);
	if (!match?.[1]) throw new Error(`no ${asset} line in: ${text}`);
	return new Decimal(match[1].replaceAll(',', ''));
}

/** `**Daily notional**: headroom **84.6 %**` → 84.6. */
function headroomOf(text: string, limit: string): Decimal {
	const match = new RegExp(`\\*\\*${limit}\\*\\*: headroom \\*\\*([\\d.]+) %\\*\\*`).exec(text);
	if (!match?.[1]) throw new Error(`no ${limit} line in: ${text}`);
	return new Decimal(match[1]);
}

const warnings = (pattern: RegExp) =>
	desk.fake.messagesIn(errorsChannel).filter((message) => pattern.test(messageText(message.data)));

describe('/balances', () => {
	it('moves after a fill: what was bought in, what was paid out, valued in AUD with the total', async () => {
		const before = await shown('balances');
		await placeThroughDesk(desk, desk.users.trader, { side: 'buy', symbol: 'USDT/AUD', amount: '100' });
		const after = await shown('balances');
		expect(totalOf(after, 'USDT').minus(totalOf(before, 'USDT')).toFixed()).toBe('100');
		const paid = totalOf(before, 'AUD').minus(totalOf(after, 'AUD'));
		expect(paid.gt(100) && paid.lt(300), `paid ${paid.toFixed()} AUD for 100 USDT`).toBe(true);
		expect(after).toMatch(
			/\*\*USDT\*\* total 500,100 · available 500,100 · held 0\n≈ [\d,]+\.\d\d AUD at [\d.]+ AUD, USDT\/AUD mid/,
		);
		expect(after).toMatch(/Broker figures as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d AE[DS]T; values at the live mid/);
	});

	it('says plainly which asset has no live price and leaves it out of a total it calls partial', async () => {
		// The harness's stream never subscribes to USDC/AUD: the desk has no price for USDC.
		const text = await shown('balances');
		expect(text).toMatch(
			/\*\*USDC\*\* total 500,000 · available 500,000 · held 0\n\*\*not in the total\*\*: no live price \(USDC\/AUD\)/,
		);
		expect(text).toMatch(/Total in AUD: [\d,]+\.\d\d AUD, \*\*partial\*\*: USDC left out \(no live price\)/);
	});

	it('says a price gone stale as stale, never as a value', async () => {
		const stale = await DeskHarness.start({ staleAfterMs: 1 });
		try {
			const message = await stale.reply(stale.slash(stale.users.viewer, 'balances'));
			const text = messageText(message.data);
			expect(text).toMatch(
				/\*\*BTC\*\* total 10 · available 10 · held 0\n\*\*not in the total\*\*: price \d+ s old \(BTC\/AUD\)/,
			);
			expect(text).not.toMatch(/BTC\/AUD mid/);
		} finally {
			await stale.close();
		}
	});
});

describe('/risk and its warning on the errors route', () => {
	it('shows the limits, what is used and the headroom, which falls after a fill', async () => {
		const before = await shown('risk');
		expect(before).toMatch(
			/\*\*Daily notional\*\*: headroom \*\*[\d.]+ %\*\*\nlimit 20,000\.00 AUD · used [\d,.]+ AUD · remaining [\d,.]+ AUD/,
		);
		expect(before).toMatch(/The errors route is warned when a headroom falls below 20\.0 %\./);
		await placeThroughDesk(desk, desk.users.trader, { side: 'buy', symbol: 'USDT/AUD', amount: '1000' });
		const after = await shown('risk');
		const fell = headroomOf(before, 'Daily notional').minus(headroomOf(after, 'Daily notional'));
		// 1,000 USDT at about 1.53 AUD is about 7.6 % of 20,000 AUD.
		expect(fell.gt(6) && fell.lt(9), `fell ${fell.toFixed()} points`).toBe(true);
		expect(warnings(/Daily notional/)).toHaveLength(0);
	});

	it('warns once when the headroom falls below the level, however many fills follow', async () => {
		await placeThroughDesk(desk, desk.users.trader, { side: 'buy', symbol: 'USDT/AUD', amount: '10000' });
		const warned = await vi.waitFor(
			() => {
				const found = warnings(/Daily notional/);
				if (found.length === 0) throw new Error('no warning yet');
				return found;
			},
			{ timeout: 5_000, interval: 10 },
		);
		expect(messageText(warned[0]?.data ?? ({} as never))).toMatch(
			/^⚠ Broker limit \*\*Daily notional\*\*: headroom [\d.]+ %, below 20\.0 % \(remaining [\d,.]+ AUD of 20,000\.00 AUD\), \d{4}-\d\d-\d\d \d\d:\d\d:\d\d AE[DS]T\.$/,
		);
		await placeThroughDesk(desk, desk.users.trader, { side: 'buy', symbol: 'USDT/AUD', amount: '10' });
		// The poll after that fill has read the risk again: still low, and still said only once.
		await desk.reports.pollRisk();
		expect(headroomOf(await shown('risk'), 'Daily notional').lt(20)).toBe(true);
		expect(warnings(/Daily notional/)).toHaveLength(1);
		expect(await shown('risk')).toMatch(/\*\*Daily notional\*\*: headroom \*\*[\d.]+ %\*\* ⚠ below the warning level/);
	});

	it('says once when a headroom recovers', async () => {
		// A resting buy of 17,000 USDT at 1 AUD holds 17,000 of the 20,000 AUD open-exposure limit until it fills.
		const resting = await createOrder(desk.sandbox, {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '17000',
			price: '1',
			client_order_id: 'resting-exposure',
		});
		expect(resting.body.status).toBe('open');
		const low = await vi.waitFor(
			() => {
				const found = warnings(/Open exposure/);
				if (found.length === 0) throw new Error('no warning yet');
				return found;
			},
			{ timeout: 5_000, interval: 10 },
		);
		expect(low.map((message) => messageText(message.data))).toEqual([
			expect.stringMatching(
				/^⚠ Broker limit \*\*Open exposure\*\*: headroom 15\.0 %, below 20\.0 % \(remaining 3,000\.00 AUD of 20,000\.00 AUD\)/,
			),
		]);
		// The market falls through the resting buy, which fills: nothing is resting any more.
		desk.sandbox.controls.setMid('USDT/AUD', '0.9');
		const recovered = await vi.waitFor(
			() => {
				const found = warnings(/Open exposure\*\* recovered/);
				if (found.length === 0) throw new Error('no recovery yet');
				return found;
			},
			{ timeout: 5_000, interval: 10 },
		);
		await desk.reports.pollRisk();
		expect(recovered).toHaveLength(1);
		expect(messageText(recovered[0]?.data ?? ({} as never))).toMatch(
			/^✅ Broker limit \*\*Open exposure\*\* recovered: headroom 100\.0 % \(remaining 20,000\.00 AUD of 20,000\.00 AUD\)/,
		);
		expect(warnings(/Open exposure/)).toHaveLength(2);
	});
});
