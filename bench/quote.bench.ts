import { setTimeout as sleep } from 'node:timers/promises';
import { buttonIds, DeskHarness, messageText } from '../test/support/desk-harness.js';
import { call } from '../test/support/sandbox-peer.js';

const samples = 200;
/**
 * discord.js holds every REST call to 50 a second (Discord's global limit, applied client-side even to
 * interaction callbacks); a quote takes four calls (defer, card, acknowledgement, result), so quotes are paced
 * at 10 a second to measure the bot rather than that queue.
 */
const pacingMs = 100;

function percentile(sorted: readonly number[], p: number): number {
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** From /quote to the card with its Accept, and from the Accept press to the card's final result. */
async function quoteLatencies(desk: DeskHarness) {
	const toCard: number[] = [];
	const toResult: number[] = [];
	for (let index = 0; index < samples; index++) {
		const started = performance.now();
		const card = await desk.reply(
			desk.slash(desk.users.trader, 'quote', { side: 'buy', symbol: 'USDT/AUD', amount: '100' }),
			(text) => text.includes('Firm price') || text.includes('Nothing was sent'),
		);
		toCard.push(performance.now() - started);
		const accept = buttonIds(card.data).find((id) => id.startsWith('quote:accept:'));
		if (!accept) throw new Error(`quote ${index} showed no card: ${messageText(card.data)}`);
		const pressed = performance.now();
		const result = await desk.reply(desk.click(desk.users.trader, card, accept), (text) =>
			/Placed|Not placed|did not trade|Expired/.test(text),
		);
		toResult.push(performance.now() - pressed);
		if (!messageText(result.data).includes('Placed: filled.'))
			throw new Error(`quote ${index} was not taken: ${messageText(result.data)}`);
		const left = pacingMs - (performance.now() - started);
		if (left > 0) await sleep(left);
	}
	return { toCard: sorted(toCard), toResult: sorted(toResult) };
}

/** The same two broker calls made directly: a request_for_quote, and a create_order taking it. */
async function directLatencies(desk: DeskHarness) {
	const rfq: number[] = [];
	const take: number[] = [];
	for (let index = 0; index < samples; index++) {
		const clientOrderId = `direct-quote-${index}`;
		const started = performance.now();
		const quote = await call(desk.sandbox, 'request_for_quote', {
			symbol: 'USDT/AUD',
			side: 'buy',
			amount: '100',
			client_order_id: clientOrderId,
		});
		rfq.push(performance.now() - started);
		const taking = performance.now();
		const taken = await call(desk.sandbox, 'create_order', {
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'limit',
			amount: '100',
			price: quote.body.price,
			client_order_id: clientOrderId,
		});
		take.push(performance.now() - taking);
		if (taken.body.status !== 'closed') throw new Error(`direct quote ${index} was not taken: ${taken.body.status}`);
	}
	return { rfq: sorted(rfq), take: sorted(take) };
}

/**
 * The whole desk on loopback (sandbox, real client and stream, real bot, fake Discord): a /quote to its card,
 * and Accept to the card's result, beside the same broker calls made directly to the same sandbox.
 */
export async function run(): Promise<void> {
	const desk = await DeskHarness.start({ sandbox: { rateLimit: undefined } });
	try {
		const { toCard, toResult } = await quoteLatencies(desk);
		const direct = await directLatencies(desk);
		console.log(
			JSON.stringify({
				bench: 'quote',
				p50Ms: percentile(toCard, 50),
				p99Ms: percentile(toCard, 99),
				acceptP50Ms: percentile(toResult, 50),
				acceptP99Ms: percentile(toResult, 99),
				samples,
				directQuoteP50Ms: percentile(direct.rfq, 50),
				directQuoteP99Ms: percentile(direct.rfq, 99),
				directTakeP50Ms: percentile(direct.take, 50),
				directTakeP99Ms: percentile(direct.take, 99),
			}),
		);
		console.log(
			`quote: /quote → card p50 ${percentile(toCard, 50)} ms, p99 ${percentile(toCard, 99)} ms; Accept → result p50 ${percentile(toResult, 50)} ms, p99 ${percentile(toResult, 99)} ms (target p99 ≤ 50 ms each); a direct request_for_quote p50 ${percentile(direct.rfq, 50)} ms, its create_order p50 ${percentile(direct.take, 50)} ms`,
		);
	} finally {
		await desk.close();
	}
}
