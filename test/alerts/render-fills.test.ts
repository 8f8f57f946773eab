import { describe, expect, it } from 'vitest';
import { renderFills } from '../../src/alerts/render.js';
import type { Trade } from '../../src/zerocap/domain.js';
import { d } from '../support/decimals.js';

/** A fill as the fills route shows it: the desk's clock with its zone, and the cost in the quote currency. */

const trade: Trade = {
	id: 't1',
	orderId: 'order-1',
	symbol: 'BTC/AUD',
	side: 'buy',
	type: 'market',
	price: d('153290'),
	amount: d('0.01'),
	cost: d('1532.9'),
	// 2026-01-05 03:04:05 UTC: 14:04:05 in Sydney, on daylight saving time.
	timestamp: Date.UTC(2026, 0, 5, 3, 4, 5),
	takerOrMaker: undefined,
};

function text(message: ReturnType<typeof renderFills>): string {
	return (message.embeds ?? []).map((embed) => ('toJSON' in embed ? embed.toJSON() : embed).description).join('\n');
}

describe('a fill on the fills route', () => {
	it('says when in the desk’s zone, named, and what it cost with the currency', () => {
		expect(text(renderFills([{ trade, traderId: '42' }], 'Australia/Sydney'))).toBe(
			'**BUY 0.01 BTC/AUD** @ 153,290 = 1,532.90 AUD · 14:04:05 AEDT · order `order-1` · <@42>',
		);
		expect(text(renderFills([{ trade, traderId: undefined }], 'Europe/London'))).toContain('· 03:04:05 GMT ·');
	});
});
