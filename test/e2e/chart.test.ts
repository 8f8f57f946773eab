import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartTheme } from '../../src/charts/chart-theme.js';
import { PriceBarRepository } from '../../src/store/price-bars.js';
import { barsOf, sampleLadders } from '../charts/sample-market.js';
import { DeskHarness, messageText } from '../support/desk-harness.js';
import type { FakeMessage } from '../support/fake-discord.js';
import { isSettled, openTicket, pressConfirm } from '../support/fault-desk-steps.js';

/**
 * /chart through the local Discord: a PNG of the recorded prices with the desk's fills marked on it, attached
 * to the answer; a window or symbol the desk cannot chart is refused with a sentence.
 */

let desk: DeskHarness;
const hourMs = 3_600_000;

beforeAll(async () => {
	desk = await DeskHarness.start();
	await desk.caughtUp;
	const ticket = await openTicket(desk, { side: 'buy', symbol: 'BTC/AUD', amount: '0.05', type: 'market' });
	await desk.reply(pressConfirm(desk, ticket), isSettled);
	// The desk's clock 20 s into a minute: every minute before it is closed and written, and the charts below are
	// asked for well before the next one ends.
	desk.clock.advance((80_000 - (desk.clock.now() % 60_000)) % 60_000);
	// The hour before now, recorded as the stream would have (the recorder is tested on its own), with the stream
	// down for ten minutes in the middle.
	const end = Math.floor(desk.clock.now() / 60_000) * 60_000;
	const start = end - hourMs;
	const outage = { from: start + 20 * 60_000, to: start + 30 * 60_000 };
	const ladders = sampleLadders({
		symbol: 'BTC/AUD',
		start,
		end,
		everyMs: 10_000,
		seed: 7,
		startMid: 145_000,
		outages: [outage],
	});
	new PriceBarRepository(desk.database).write(barsOf(ladders, end));
});
afterAll(() => desk.close());

async function chart(userId: string, options: Record<string, string>) {
	return desk.reply(desk.slash(userId, 'chart', options));
}

function pngOf(message: FakeMessage) {
	const file = message.files.find((candidate) => candidate.name.endsWith('.png'));
	if (!file) throw new Error(`no picture: ${messageText(message.data)}`);
	return file;
}

/** How many pixels near the plot's right edge (where a fill made just now sits) are the buy marks' colour. */
async function buyMarkPixelsAtTheEnd(png: Buffer): Promise<number> {
	const image = await loadImage(png);
	const canvas = createCanvas(image.width, image.height);
	const context = canvas.getContext('2d');
	context.drawImage(image, 0, 0);
	const { data } = context.getImageData(0, 0, image.width, image.height);
	const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(chartTheme.buy.slice(at, at + 2), 16));
	let count = 0;
	for (let y = 140; y < image.height - 110; y++) {
		for (let x = Math.floor(image.width * 0.8); x < image.width - 100; x++) {
			const at = (y * image.width + x) * 4;
			const distance =
				Math.abs((data[at] ?? 0) - (r ?? 0)) +
				Math.abs((data[at + 1] ?? 0) - (g ?? 0)) +
				Math.abs((data[at + 2] ?? 0) - (b ?? 0));
			if (distance < 24) count++;
		}
	}
	return count;
}

describe('/chart', () => {
	it('attaches a PNG of the designed size, with the desk’s fill marked where and when it traded', async () => {
		const answer = await chart(desk.users.admin, { symbol: 'BTC/AUD', window: '1h' });
		const text = messageText(answer.data);
		expect(text).toMatch(/^BTC\/AUD · 1 h\nThe desk’s fills: 1 buy, 0 sells\./);
		// The window holds 59 whole minutes (its first is only partly inside it, its last still open): ten were down.
		expect(text).toContain('Prices were recorded for 49 of its 59 minutes; gaps are left as gaps.');
		const file = pngOf(answer);
		expect(file.name).toBe('chart-BTC-AUD-1h.png');
		expect(answer.data.embeds[0]?.image?.url).toBe('attachment://chart-BTC-AUD-1h.png');
		expect(file.content.subarray(1, 4).toString('ascii')).toBe('PNG');
		expect([file.content.readUInt32BE(16), file.content.readUInt32BE(20)]).toEqual([
			chartTheme.width,
			chartTheme.height,
		]);
		expect(file.content.length).toBeGreaterThan(20_000);
		expect(file.content.length).toBeLessThan(1_000_000);
		expect(await buyMarkPixelsAtTheEnd(file.content)).toBeGreaterThan(30);
	});

	it('marks only the caller’s own fills for anyone but an admin', async () => {
		const viewer = await chart(desk.users.viewer, { symbol: 'BTC/AUD', window: '1h' });
		expect(messageText(viewer.data)).toMatch(/Your fills: 0 buys, 0 sells\./);
		expect(await buyMarkPixelsAtTheEnd(pngOf(viewer).content)).toBe(0);
		const trader = await chart(desk.users.trader, { symbol: 'BTC/AUD', window: '1h', size: '2' });
		expect(messageText(trader.data)).toMatch(
			/Your fills: 1 buy, 0 sells\.\nThe band is the buy and sell price for 2 BTC\./,
		);
	});

	it.each([
		[{ symbol: 'BTC/AUD', window: '2y' }, /^The window must be from 1 hour to 30 days, .+"2y" is not one\.$/],
		[{ symbol: 'BTC/AUD', window: '30m' }, /^The window must be from 1 hour to 30 days, .+"30m" is not one\.$/],
		[{ symbol: 'BTC/AUD', window: '31d' }, /^The window must be from 1 hour to 30 days, .+"31d" is not one\.$/],
		[{ symbol: 'DOGE/AUD' }, /^Unknown symbol "DOGE\/AUD"\. Known: /],
		[{ symbol: 'BTC/AUD', size: '-1' }, /^The size must be /],
	])('refuses %j with a sentence and draws nothing', async (options, says) => {
		const answer = await chart(desk.users.viewer, options);
		expect(messageText(answer.data)).toMatch(says);
		expect(answer.files).toEqual([]);
	});
});
