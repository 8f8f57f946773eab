import { setTimeout as sleep } from 'node:timers/promises';
import { buttonIds, DeskHarness, messageText } from '../test/support/desk-harness.js';
import { marketBuy } from '../test/support/sandbox-peer.js';

const samples = 200;
/**
 * discord.js holds every REST call to 50 a second (Discord's global limit, which it applies client-side even to
 * interaction callbacks). An order takes three calls (ticket, acknowledgement, final edit), so orders are paced
 * at 10 a second to measure the bot rather than that queue; the unpaced figure is reported beside it.
 */
const pacingMs = 100;

function percentile(sorted: readonly number[], p: number): number {
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

/** Opens a ticket, then measures from the Confirm press to the first response and to the final edit. */
async function confirmLatencies(desk: DeskHarness, spacingMs: number) {
	const toResult: number[] = [];
	const toFirstResponse: number[] = [];
	for (let index = 0; index < samples; index++) {
		const started = performance.now();
		const ticket = await desk.reply(
			desk.slash(desk.users.trader, 'order', { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' }),
		);
		const pressed = performance.now();
		const click = desk.click(desk.users.trader, ticket, buttonIds(ticket.data)[0] ?? '');
		await click.response();
		toFirstResponse.push(performance.now() - pressed);
		const result = await desk.reply(click, (text) => /Placed|Not placed|Rejected|Unknown/.test(text));
		toResult.push(performance.now() - pressed);
		if (!messageText(result.data).includes('Placed: filled.'))
			throw new Error(`order ${index} was not placed: ${messageText(result.data)}`);
		const left = spacingMs - (performance.now() - started);
		if (left > 0) await sleep(left);
	}
	return { toResult, toFirstResponse };
}

/**
 * The whole desk on loopback (sandbox, real client and stream, real bot, fake Discord): from a Confirm press
 * to the bot's final edit of the ticket, beside a direct create_order to the same sandbox.
 */
export async function run(): Promise<void> {
	const desk = await DeskHarness.start({ sandbox: { rateLimit: undefined } });
	try {
		const paced = await confirmLatencies(desk, pacingMs);
		const unpaced = await confirmLatencies(desk, 0);
		const toResult = paced.toResult;
		const toFirstResponse = paced.toFirstResponse;
		const direct: number[] = [];
		for (let index = 0; index < samples; index++) {
			const started = performance.now();
			await marketBuy(desk.sandbox, '100', `direct-${index}`);
			direct.push(performance.now() - started);
		}
		const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
		const result = sorted(toResult);
		const first = sorted(toFirstResponse);
		const baseline = sorted(direct);
		console.log(
			JSON.stringify({
				bench: 'command-latency',
				command: 'order',
				p50Ms: percentile(result, 50),
				p99Ms: percentile(result, 99),
				samples,
				firstResponseP99Ms: percentile(first, 99),
				firstResponseMaxMs: percentile(first, 100),
				unpacedP99Ms: percentile(sorted(unpaced.toResult), 99),
				directCreateOrderP50Ms: percentile(baseline, 50),
				directCreateOrderP99Ms: percentile(baseline, 99),
			}),
		);
		console.log(
			`command-latency: Confirm → final ticket edit p50 ${percentile(result, 50)} ms, p99 ${percentile(result, 99)} ms (target p99 ≤ 50 ms); first response max ${percentile(first, 100)} ms; a direct create_order p50 ${percentile(baseline, 50)} ms`,
		);
	} finally {
		await desk.close();
	}
}
