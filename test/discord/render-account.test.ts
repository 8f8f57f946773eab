import { Decimal } from 'decimal.js';
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { balancesView, riskView } from '../../src/desk/account-views.js';
import { Blotter } from '../../src/desk/blotter.js';
import type { DailyReport } from '../../src/desk/daily-report-content.js';
import { HeadroomWatch } from '../../src/desk/headroom-watch.js';
import { renderBalancesMessage } from '../../src/discord/render/balances.js';
import { renderBlotter } from '../../src/discord/render/blotter.js';
import { renderDailyReport } from '../../src/discord/render/daily-report.js';
import { embedLength } from '../../src/discord/render/embed-budget.js';
import { headroomAlertText, renderRisk } from '../../src/discord/render/risk.js';
import { renderTransfersPage } from '../../src/discord/render/transfers-page.js';
import { day, orderOf, pagingBroker, tradeOf } from '../desk/blotter-fixtures.js';
import { ratesFrom, sydney } from '../desk/desk-fixtures.js';
import { d } from '../support/decimals.js';

const at = Date.parse('2026-01-05T03:04:05Z');

function embedsOf(message: { embeds?: readonly unknown[] }): APIEmbed[] {
	return (message.embeds ?? []).map((embed) =>
		typeof embed === 'object' && embed !== null && 'toJSON' in embed
			? (embed as { toJSON(): APIEmbed }).toJSON()
			: (embed as APIEmbed),
	);
}

function textOf(embed: APIEmbed | undefined): string {
	return [
		embed?.title,
		embed?.description,
		...(embed?.fields ?? []).flatMap((f) => [f.name, f.value]),
		embed?.footer?.text,
	].join('\n');
}

const balances = balancesView(
	{
		items: [
			{ asset: 'AUD', total: d('1234567.891'), available: d('1234567.891'), held: d('0'), extra: {} },
			{ asset: 'BTC', total: d('2'), available: undefined, held: d('0.5'), extra: {} },
		],
		unreadable: 0,
		timestamp: at,
		extra: {},
	},
	ratesFrom({ 'BTC/AUD': { ask: '101000', bid: '99000', ageMs: 42_000 } }),
	at,
);

const risk = riskView(
	{
		items: [
			{ name: 'daily_notional', limit: d('5000000'), used: d('4100000'), remaining: undefined, extra: {} },
			{ name: 'open_exposure', limit: undefined, used: d('50000'), remaining: d('0'), extra: {} },
		],
		unreadable: 0,
		timestamp: at,
		extra: {},
		currency: 'AUD',
	},
	at,
);

describe('the account renderers', () => {
	it('/balances: grouped digits, currencies, a stale price said, the total partial, the time in the desk’s zone', () => {
		const text = textOf(embedsOf(renderBalancesMessage(balances, sydney))[0]);
		expect(text).toContain('total 1,234,567.891');
		expect(text).toContain('≈ 1,234,567.89 AUD');
		expect(text).toContain('available 1.5*');
		expect(text).toContain('**not in the total**: price 42 s old (BTC/AUD)');
		expect(text).toContain('1,234,567.89 AUD, **partial**: BTC left out (no live price)');
		expect(text).toContain('2026-01-05 14:04:05 AEDT');
	});

	it('/risk: each limit’s numbers and headroom, and what the broker did not report', () => {
		const text = textOf(embedsOf(renderRisk(risk, sydney, { percent: new Decimal(20) }))[0]);
		expect(text).toContain('**Daily notional**: headroom **18.0 %** ⚠ below the warning level');
		expect(text).toContain('limit 5,000,000.00 AUD · used 4,100,000.00 AUD · remaining 900,000.00 AUD*');
		expect(text).toContain('**Open exposure**: headroom not reported');
		expect(text).toContain('limit not reported · used 50,000.00 AUD · remaining 0.00 AUD');
	});

	it('the headroom warning for the errors route names the limit, the figures and the time', () => {
		const [event] = new HeadroomWatch().observe(risk);
		expect(event && headroomAlertText(event, sydney)).toBe(
			'⚠ Broker limit **Daily notional**: headroom 18.0 %, below 20.0 % (remaining 900,000.00 AUD* of 5,000,000.00 AUD), 2026-01-05 14:04:05 AEDT.',
		);
	});

	it('/transfers: signed amounts in the desk’s zone, and Next while there are more', () => {
		const message = renderTransfersPage(
			{
				items: [
					{
						id: 'x',
						asset: 'USDT',
						type: 'settlement',
						direction: 'in',
						amount: d('12500'),
						status: 'completed',
						createdAt: at,
						orderId: undefined,
						tradeId: undefined,
						note: 'buy 12500 USDT/AUD',
						extra: {},
					},
				],
				unreadable: 0,
				timestamp: undefined,
				extra: {},
				total: 3,
				page: 1,
				limit: 1,
			},
			'q1',
			'All transfers, newest first',
			sydney,
		);
		const text = textOf(embedsOf(message)[0]);
		expect(text).toContain('2026-01-05 14:04:05 AEDT **IN +12,500 USDT** settlement, completed');
		expect(text).toContain('Page 1 of 3');
		const buttons = JSON.stringify(message.components);
		expect(buttons).toContain('transfers:page:q1:2');
	});
});

async function blotterReport() {
	const orders = [
		orderOf('o-1', 'ticket-a', at, [
			tradeOf('t-1', 'o-1', 'BTC/AUD', 'buy', '1', '100000', at),
			tradeOf('t-2', 'o-1', 'BTC/AUD', 'buy', '3', '102000', at + 1000),
		]),
		orderOf('o-2', 'ticket-a', at, [tradeOf('t-3', 'o-2', 'BTC/AUD', 'sell', '1.5', '103000', at + 2000)]),
	];
	const blotter = new Blotter(
		pagingBroker(orders),
		(id) => (id === 'ticket-a' ? '111' : undefined),
		ratesFrom({}),
		{ timeZone: sydney, lookbackMs: 0, atTimeWithinMs: 0 },
		() => at,
	);
	return blotter.report({ day }, { kind: 'catch-up' });
}

describe('the blotter and the daily report', () => {
	it('/blotter: VWAP each way, the net, the traded value, and the CSV attached', async () => {
		const message = renderBlotter(await blotterReport());
		const text = textOf(embedsOf(message)[0]);
		expect(text).toContain(
			'<@111> **BTC/AUD** 3 trades · bought 4 BTC @ 101,500 AUD · sold 1.5 BTC @ 103,000 AUD · net +2.5 BTC · traded 560,500.00 AUD',
		);
		expect(text).toContain('3 trades, traded 560,500.00 AUD');
		expect(text).toContain('Blotter 2026-01-05 (Australia/Sydney)');
		expect(message.files).toHaveLength(1);
	});

	it('the daily report is marked late, says its figures’ time, and carries the CSV', async () => {
		const report: DailyReport = {
			due: { day, dueAt: Date.parse('2026-01-05T06:00:00Z'), late: true, skippedDays: [] },
			blotter: { ok: true, value: await blotterReport() },
			balances: { ok: true, value: balances },
			risk: { ok: false, reason: 'The broker is having trouble right now. Try again shortly.' },
			generatedAt: Date.parse('2026-01-06T22:00:00Z'),
			timeZone: sydney,
		};
		const message = renderDailyReport(report);
		const embeds = embedsOf(message);
		expect(embeds[0]?.title).toBe('End-of-day report 2026-01-05 (late)');
		expect(textOf(embeds[0])).toContain('due at 2026-01-05 17:00:00 AEDT, posted 2026-01-07 09:00:00 AEDT');
		expect(embeds.map((embed) => embed.title)).toEqual([
			'End-of-day report 2026-01-05 (late)',
			'Blotter 2026-01-05 (Australia/Sydney)',
			'Balances',
			'Broker risk limits',
		]);
		expect(textOf(embeds[3])).toContain('Could not be read: The broker is having trouble right now.');
		expect(message.files).toHaveLength(1);
	});

	it('a busy day’s report stays one message Discord takes, each cut part saying where the rest is', async () => {
		const traders = ['111', '222', '333', '444', '555'];
		const symbols = ['BTC/AUD', 'ETH/AUD', 'USDT/AUD', 'SOL/AUD', 'XRP/AUD', 'BTC/USDT'];
		const orders = traders.flatMap((trader, t) =>
			symbols.flatMap((symbol, s) =>
				(['buy', 'sell'] as const).map((side) => {
					const id = `o-${t}-${s}-${side}`;
					return orderOf(id, `ticket-${trader}-${s}-${side}`, at, [
						tradeOf(`t-${id}`, id, symbol, side, '1.2345', '98765.4321', at),
					]);
				}),
			),
		);
		const blotter = new Blotter(
			pagingBroker(orders),
			(ticket) => /^ticket-(\d+)-/.exec(ticket)?.[1],
			ratesFrom({}),
			{ timeZone: sydney, lookbackMs: 0, atTimeWithinMs: 0 },
			() => at,
		);
		const assets = ['AUD', 'BTC', 'ETH', 'USDT', 'SOL', 'XRP', 'USDC', 'ADA', 'DOGE', 'LINK'];
		const manyBalances = balancesView(
			{
				items: assets.map((asset) => ({
					asset,
					total: d('1234567.89'),
					available: d('1234000'),
					held: d('567.89'),
					extra: {},
				})),
				unreadable: 0,
				timestamp: at,
				extra: {},
			},
			ratesFrom({}),
			at,
		);
		const report: DailyReport = {
			due: { day, dueAt: at, late: false, skippedDays: [] },
			blotter: { ok: true, value: await blotter.report({ day }, { kind: 'catch-up' }) },
			balances: { ok: true, value: manyBalances },
			risk: { ok: true, value: risk },
			generatedAt: at,
			timeZone: sydney,
		};
		const embeds = embedsOf(renderDailyReport(report));
		expect(embeds.map((embed) => embed.title)).toEqual([
			'End-of-day report 2026-01-05',
			'Blotter 2026-01-05 (Australia/Sydney)',
			'Balances',
			'Broker risk limits',
		]);
		expect(embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(6000);
		const cutNotes =
			embeds
				.map(textOf)
				.join('\n')
				.match(/… cut to fit one message: .*/g) ?? [];
		expect(cutNotes.length).toBeGreaterThan(0);
		for (const note of cutNotes) {
			expect(note).toMatch(
				/the attached CSV has every fill, and \/blotter date:2026-01-05 every row\.|\/balances shows every asset\.|\/risk shows every limit\./,
			);
		}
		expect(textOf(embeds[0])).not.toContain('cut to fit');
	});
});
