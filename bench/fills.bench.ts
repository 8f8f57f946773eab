import { DeskHarness, messageText, orderRef, postedOrderRefs } from '../test/support/desk-harness.js';

/** Discord's own limit for posts in one channel: 5 every 5 seconds. The fake enforces it. */
const channelLimit = { limit: 5, windowMs: 5000 };
const latencySamples = 40;
const burstFills = 1000;

function percentile(sorted: readonly number[], p: number): number {
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return Math.round((sorted[index] ?? 0) * 100) / 100;
}

async function deskWithFillsRoute() {
	const desk = await DeskHarness.start({ fake: { rateLimit: { perChannel: channelLimit } } });
	await desk.caughtUp;
	const fills = desk.fake.addChannel(desk.guildId, { name: 'fills' });
	desk.store.routes.set({ kind: 'fills', channelId: fills, mode: 'on', changedBy: 'bench', changedAt: 0 });
	return { desk, fills };
}

/** A fill in the sandbox to its post at the fake Discord, one at a time, within the channel's limit. */
async function fillLatency(): Promise<void> {
	const { desk, fills } = await deskWithFillsRoute();
	try {
		const latencies: number[] = [];
		for (let sample = 0; sample < latencySamples; sample++) {
			const started = performance.now();
			const [orderId] = desk.sandbox.controls.fillBurst({ count: 1, symbol: 'BTC/AUD', amount: '0.01' });
			await desk.fake.waitForMessage(fills, (message) => messageText(message.data).includes(orderId ?? '?'), 10_000);
			latencies.push(performance.now() - started);
			// Paced under the channel's limit, so that the figure is the relay's, not Discord's queue.
			const wait = channelLimit.windowMs / channelLimit.limit + 50 - (performance.now() - started);
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		}
		const sorted = [...latencies].sort((a, b) => a - b);
		console.log(
			JSON.stringify({
				bench: 'fill-latency',
				p50Ms: percentile(sorted, 50),
				p99Ms: percentile(sorted, 99),
				samples: latencySamples,
			}),
		);
		console.log(
			`fill-latency: fill → post p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms (target p99 ≤ 100 ms)`,
		);
	} finally {
		await desk.close();
	}
}

/** 1,000 fills at once, until the last is visible, counting what was lost, doubled or rate-limited. */
async function fillBurst(): Promise<void> {
	const { desk, fills } = await deskWithFillsRoute();
	try {
		const started = performance.now();
		const expected = desk.sandbox.controls.fillBurst({ count: burstFills, symbol: 'ETH/AUD', amount: '0.1' });
		const last = expected[expected.length - 1] ?? '?';
		await desk.fake.waitForMessage(fills, (message) => messageText(message.data).includes(orderRef(last)), 60_000);
		const seconds = Math.round((performance.now() - started) / 10) / 100;
		await desk.relay.idle();
		const posted = postedOrderRefs(desk.fake, fills);
		const unique = new Set(posted);
		const result = {
			bench: 'fill-burst',
			fills: burstFills,
			seconds,
			lost: expected.filter((id) => !unique.has(orderRef(id))).length,
			duplicated: posted.length - unique.size,
			discord429: desk.fake.requests.filter((request) => request.status === 429).length,
			messages: desk.fake.messagesIn(fills).length,
		};
		console.log(JSON.stringify(result));
		console.log(
			`fill-burst: ${burstFills} fills visible after ${seconds} s in ${result.messages} messages; lost ${result.lost}, doubled ${result.duplicated}, 429s ${result.discord429} (target ≤ 15 s)`,
		);
	} finally {
		await desk.close();
	}
}

export async function run(): Promise<void> {
	await fillLatency();
	await fillBurst();
}
