import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';

/** Every order is valued at what it can cost before any limit is applied: the walk-arounds found by hand. */

let desk: DeskHarness;
beforeAll(async () => {
	desk = await DeskHarness.start({ extraSymbols: ['BTC/USDT'] });
});
afterAll(() => desk.close());

async function order(options: Record<string, string>): Promise<string> {
	return messageText((await desk.reply(desk.slash(desk.users.trader, 'order', options))).data);
}

describe('orders that looked small and filled large', () => {
	it('refuses a sell of 200,000 USDT/AUD limited at 0.01: it fills at the market, for about 305,000 AUD', async () => {
		const text = await order({ side: 'sell', symbol: 'USDT/AUD', amount: '200000', type: 'limit', price: '0.01' });
		expect(text).toMatch(
			/^This order is worth up to 30\d,\d{3}\.\d\d AUD \(its limit is through the market, so it fills at the market\), above the desk's limit of 250,000\.00 AUD per order\.$/,
		);
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});

	it('refuses a sell of 20 BTC/AUD limited at 0.01', async () => {
		const text = await order({ side: 'sell', symbol: 'BTC/AUD', amount: '20', type: 'limit', price: '0.01' });
		expect(text).toMatch(/^This order is worth up to [\d,]+\.\d\d AUD \(its limit is through the market/);
		expect(desk.brokerCalls.count('create_order')).toBe(0);
	});
});

describe('a USDT-quoted order', () => {
	it('is valued and limited in AUD, through the live USDT/AUD price', async () => {
		const ticket = await order({ side: 'buy', symbol: 'BTC/USDT', amount: '0.01', type: 'market' });
		expect(ticket).toMatch(/Value at worst: [\d,]+\.\d\d AUD/);
		expect(ticket).toMatch(/In USDT: [\d,]+\.\d\d USDT \(at USDT\/AUD 1\.5\d+\)/);

		const large = await order({ side: 'buy', symbol: 'BTC/USDT', amount: '2', type: 'limit', price: '100000' });
		expect(large).toMatch(
			/^This order is worth up to 30\d,\d{3}\.\d\d AUD .*above the desk's limit of 250,000\.00 AUD/,
		);
	});
});

describe('a limit far from the market', () => {
	it('asks for an explicit acknowledgement before Confirm sends it, never silently', async () => {
		const handle = desk.slash(desk.users.trader, 'order', {
			side: 'buy',
			symbol: 'USDT/AUD',
			amount: '100',
			type: 'limit',
			price: '2',
		});
		const ticket = await desk.reply(handle);
		expect(messageText(ticket.data)).toMatch(
			/This buy limit is 3\d\.\d % above the ask \(1\.5\d+\): it fills at the market\./,
		);
		const ids = buttonIds(ticket.data);
		const ticketId = ids.find((id) => id.startsWith('order:confirm:'))?.slice('order:confirm:'.length) ?? '';
		expect(ids).toEqual([`order:acknowledge:${ticketId}`, `order:confirm:${ticketId}`, `order:cancel:${ticketId}`]);
		expect(confirmDisabled(ticket.data)).toBe(true);

		const early = await desk.reply(desk.click(desk.users.trader, ticket, `order:confirm:${ticketId}`));
		expect(messageText(early.data)).toBe(
			'This ticket’s limit is far from the market: press Acknowledge first. Nothing was sent.',
		);
		expect(desk.brokerCalls.count('create_order')).toBe(0);

		const stranger = await desk.reply(desk.click(desk.users.trader2, ticket, `order:acknowledge:${ticketId}`));
		expect(messageText(stranger.data)).toBe('Only the trader who opened this ticket can use it.');

		const acknowledging = desk.click(desk.users.trader, ticket, `order:acknowledge:${ticketId}`);
		const acknowledged = await desk.reply(acknowledging, (text) => text.includes('Acknowledged'));
		expect(buttonIds(acknowledged.data)).toEqual([`order:confirm:${ticketId}`, `order:cancel:${ticketId}`]);
		expect(confirmDisabled(acknowledged.data)).toBe(false);

		const placed = await desk.reply(desk.click(desk.users.trader, acknowledged, `order:confirm:${ticketId}`), (text) =>
			text.includes('Placed'),
		);
		expect(messageText(placed.data)).toContain('Placed');
		expect(desk.brokerCalls.count('create_order')).toBe(1);
	});

	it('asks nothing for a limit close to the market', async () => {
		const ticket = await desk.reply(
			desk.slash(desk.users.trader, 'order', {
				side: 'buy',
				symbol: 'USDT/AUD',
				amount: '100',
				type: 'limit',
				price: '1.54',
			}),
		);
		expect(messageText(ticket.data)).not.toMatch(/above the ask|below the/);
		expect(buttonIds(ticket.data).map((id) => id.split(':')[1])).toEqual(['confirm', 'cancel']);
	});

	it('warns of a sell limit far below the bid as well', async () => {
		const ticket = await desk.reply(
			desk.slash(desk.users.trader, 'order', {
				side: 'sell',
				symbol: 'USDT/AUD',
				amount: '100',
				type: 'limit',
				price: '1',
			}),
		);
		expect(messageText(ticket.data)).toMatch(
			/This sell limit is 3\d\.\d % below the bid \(1\.5\d+\): it fills at the market\./,
		);
	});
});

function confirmDisabled(message: APIMessage): boolean | undefined {
	for (const row of message.components ?? []) {
		if (!('components' in row)) continue;
		for (const component of row.components) {
			if ('custom_id' in component && component.custom_id.startsWith('order:confirm:') && 'disabled' in component) {
				return component.disabled ?? false;
			}
		}
	}
	return undefined;
}
