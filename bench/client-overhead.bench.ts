import { startSandbox } from '../src/sandbox/sandbox.js';
import { toDecimalString } from '../src/zerocap/decimal-string.js';
import { createRequestLimiter } from '../src/zerocap/limiter.js';
import { type NewOrderRequest, ZerocapRestClient } from '../src/zerocap/rest-client.js';
import { RequestSigner } from '../src/zerocap/signing.js';

const warmUp = 100;
const samples = 600;
/** The desk's /orders page (src/app/desk-services.ts), read from a book that fills it. */
const pageSize = 10;
const targetRatio = 1.5;

const apiKey = 'bench-key';
const apiSecret = 'bench-secret';

/** The median, to the microsecond (to a tenth of one when `tenths`: the limiter's figure is that small). */
function median(values: readonly number[], tenths = false): number {
	const sorted = [...values].sort((a, b) => a - b);
	const scale = tenths ? 10_000 : 1000;
	return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * scale) / scale;
}

async function elapsed(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

/**
 * Times two calls in turns, the first one first on even rounds and second on odd ones, so that neither a
 * warm connection nor a noisy moment favours one of them; keeps each one's times after the warm-up.
 */
async function inTurns(first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<[number[], number[]]> {
	const times: [number[], number[]] = [[], []];
	for (let round = 0; round < warmUp + samples; round++) {
		const [a, b] = round % 2 === 0 ? [first, second] : [second, first];
		const timeA = await elapsed(a);
		const timeB = await elapsed(b);
		if (round < warmUp) continue;
		times[0].push(round % 2 === 0 ? timeA : timeB);
		times[1].push(round % 2 === 0 ? timeB : timeA);
	}
	return times;
}

/**
 * What the REST client adds to the wire: sequential calls on loopback to the in-process sandbox (its rate
 * limit off), through the production limiter and settings except the rate (which would space the calls),
 * beside a bare fetch of the same signed request.
 */
export async function run(): Promise<void> {
	const sandbox = await startSandbox({
		credentials: [{ apiKey, apiSecret, accountId: 'bench' }],
		rateLimit: undefined,
	});
	const signer = new RequestSigner({ apiKey, apiSecret, scheme: 'static' });
	const limiter = createRequestLimiter({ requestsPerSecond: 0, maxConcurrent: 4 });
	const client = new ZerocapRestClient({
		restUrl: sandbox.restUrl,
		signer,
		limiter,
		timeoutMs: 10_000,
		maxOrderBacklog: 2,
	});
	try {
		let sequence = 0;
		const amount = toDecimalString('100');
		if (amount === undefined) throw new Error('100 is a decimal');
		const order = (clientOrderId: string): NewOrderRequest => ({
			symbol: 'USDT/AUD',
			side: 'buy',
			type: 'market',
			amount,
			clientOrderId,
		});
		for (let index = 0; index < pageSize; index++) await client.createOrder(order(`seed-${index}`));

		const headers = { ...signer.headers(Date.now()), 'content-type': 'application/json' };
		const bare = async (endpoint: string, body: unknown) => {
			const response = await fetch(`${sandbox.restUrl}/orders/${endpoint}`, {
				method: 'POST',
				headers,
				body: JSON.stringify(body),
			});
			const text = await response.text();
			if (response.status !== 200) throw new Error(`${endpoint} answered ${response.status}: ${text}`);
			return text;
		};

		const [bareFetch, fetchOrders] = await inTurns(
			() => bare('fetch_orders', { page: 1, limit: pageSize, sort_order: 'desc' }),
			async () => {
				const page = await client.fetchOrders({}, 1, pageSize);
				if (page.orders.length !== pageSize) throw new Error(`a page of ${page.orders.length} orders`);
			},
		);
		const [bareCreate, createOrder] = await inTurns(
			() =>
				bare('create_order', {
					symbol: 'USDT/AUD',
					side: 'buy',
					type: 'market',
					amount: '100',
					price: '0',
					client_order_id: `bare-${sequence++}`,
				}),
			() => client.createOrder(order(`client-${sequence++}`)),
		);
		const limiterTimes: number[] = [];
		for (let round = 0; round < warmUp + samples; round++) {
			const time = await elapsed(() => limiter.schedule(async () => undefined));
			if (round >= warmUp) limiterTimes.push(time);
		}
		// The production rate (10 calls a second): a call that comes after the spacing has passed starts at once.
		let clock = 0;
		const spaced = createRequestLimiter({ requestsPerSecond: 10, maxConcurrent: 4 }, () => clock);
		const spacedTimes: number[] = [];
		for (let round = 0; round < warmUp + samples; round++) {
			clock += 100;
			const time = await elapsed(() => spaced.schedule(async () => undefined, { kind: 'order' }));
			if (round >= warmUp) spacedTimes.push(time);
		}
		await spaced.stop();

		const figures = {
			bareFetchMs: median(bareFetch),
			fetchOrdersMs: median(fetchOrders),
			bareCreateOrderMs: median(bareCreate),
			createOrderMs: median(createOrder),
			limiterMs: median(limiterTimes, true),
			spacedLimiterMs: median(spacedTimes, true),
		};
		const fetchOrdersRatio = Math.round((figures.fetchOrdersMs / figures.bareFetchMs) * 100) / 100;
		const createOrderRatio = Math.round((figures.createOrderMs / figures.bareCreateOrderMs) * 100) / 100;
		console.log(
			JSON.stringify({
				bench: 'client-overhead',
				...figures,
				fetchOrdersRatio,
				createOrderRatio,
				targetRatio,
				pageOrders: pageSize,
				samples,
			}),
		);
		console.log(
			`client-overhead: fetch_orders ${figures.fetchOrdersMs} ms vs a bare fetch ${figures.bareFetchMs} ms (${fetchOrdersRatio}×), create_order ${figures.createOrderMs} ms vs ${figures.bareCreateOrderMs} ms (${createOrderRatio}×), the limiter ${figures.limiterMs} ms a job (target ≤ ${targetRatio}×)`,
		);
		const missed = [
			fetchOrdersRatio > targetRatio ? `fetch_orders at ${fetchOrdersRatio}× a bare fetch` : undefined,
			createOrderRatio > targetRatio ? `create_order at ${createOrderRatio}× a bare fetch` : undefined,
		].filter((miss) => miss !== undefined);
		if (missed.length > 0) {
			process.exitCode = 1;
			console.log(`client-overhead: target missed: ${missed.join('; ')}`);
		}
	} finally {
		await limiter.stop();
		await sandbox.close();
	}
}
