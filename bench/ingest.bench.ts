import { Decimal } from 'decimal.js';
import { defaultInstruments } from '../src/sandbox/instruments.js';
import { Market } from '../src/sandbox/market.js';
import { OrderBook } from '../src/sandbox/orders.js';
import { seededRandom } from '../src/sandbox/random.js';
import { ladderFrame, orderFrame } from '../src/sandbox/wire.js';
import { RequestSigner } from '../src/zerocap/signing.js';
import { ZerocapStream } from '../src/zerocap/stream.js';
import { compareRates, perSecond } from './measure.js';

const distinctFrames = 256;
const rounds = 7;
const roundMs = 250;

/**
 * Realistic frames from the sandbox's own encoder: the same ladders of 6 tiers a side in both price-frame
 * dialects (the seed's channel envelope and the UAT script's `type: price`), orders with JSON-string data.
 */
function sampleFrames(): { ladders: string[]; uatLadders: string[]; orders: string[] } {
	const market = new Market(defaultInstruments, seededRandom(11));
	const sixTierSymbols = defaultInstruments.filter((instrument) => instrument.tiers.length === 6).map((i) => i.symbol);
	const ladders: string[] = [];
	const uatLadders: string[] = [];
	for (let index = 0; index < distinctFrames; index++) {
		market.walk();
		const symbol = sixTierSymbols[index % sixTierSymbols.length] ?? 'BTC/USDT';
		const at = Date.UTC(2026, 0, 5) + index * 500;
		ladders.push(ladderFrame(market.ladder(symbol), at, 'channel'));
		uatLadders.push(ladderFrame(market.ladder(symbol), at, 'uat'));
	}
	let now = Date.UTC(2026, 0, 5);
	const book = new OrderBook(market, { now: () => now++, limitOrderTtlMs: 60_000 });
	const orders: string[] = [];
	book.onEvent((event) => {
		if (event.kind === 'order') orders.push(orderFrame(event.order));
	});
	book.fillBurst('bench-account', distinctFrames, 'ETH/USDT', 'buy', new Decimal('0.5'));
	return { ladders, uatLadders, orders };
}

export async function run(): Promise<void> {
	const { ladders, uatLadders, orders } = sampleFrames();
	const signer = new RequestSigner({ apiKey: 'bench', apiSecret: 'bench-secret', scheme: 'static' });
	// Never started: frames are fed straight into its ingest path, the one the socket handler calls.
	const stream = new ZerocapStream({ url: 'ws://127.0.0.1:9/v2', signer });
	const applied = { ladders: 0, orders: 0 };
	stream.on('ladder', () => applied.ladders++);
	stream.on('order', () => applied.orders++);

	const ingest = (frame: string) => stream.ingest(frame);
	const parseLadder = (frame: string) => JSON.parse(frame);
	const parseOrder = (frame: string) => JSON.parse(JSON.parse(frame).data);
	const parseOrderOuter = (frame: string) => JSON.parse(frame);

	const figures = compareRates(rounds, {
		ladderFramesPerSec: () => perSecond(ladders, ingest, roundMs),
		jsonParseLadderPerSec: () => perSecond(ladders, parseLadder, roundMs),
		uatLadderFramesPerSec: () => perSecond(uatLadders, ingest, roundMs),
		jsonParseUatLadderPerSec: () => perSecond(uatLadders, parseLadder, roundMs),
		orderFramesPerSec: () => perSecond(orders, ingest, roundMs),
		jsonParseOrderPerSec: () => perSecond(orders, parseOrder, roundMs),
		jsonParseOrderOuterOnlyPerSec: () => perSecond(orders, parseOrderOuter, roundMs),
	});
	if (applied.ladders === 0 || applied.orders === 0 || stream.stats.malformedFrames > 0) {
		throw new Error(`the ingest path did not apply the frames: ${JSON.stringify({ ...applied, ...stream.stats })}`);
	}
	const ratio = (value: number) => Math.round(value * 100) / 100;
	const ladderRatio = ratio(figures.ladderFramesPerSec / figures.jsonParseLadderPerSec);
	const uatLadderRatio = ratio(figures.uatLadderFramesPerSec / figures.jsonParseUatLadderPerSec);
	const orderRatio = ratio(figures.orderFramesPerSec / figures.jsonParseOrderPerSec);
	console.log(JSON.stringify({ bench: 'ingest', ...figures, ladderRatio, uatLadderRatio, orderRatio }));
	console.log(
		`ingest: ladders ${ladderRatio.toFixed(2)}× bare JSON.parse in the channel envelope, ${uatLadderRatio.toFixed(2)}× in the UAT shape, ` +
			`orders ${orderRatio.toFixed(2)}× JSON.parse of the frame and its data ` +
			`(${(figures.orderFramesPerSec / figures.jsonParseOrderOuterOnlyPerSec).toFixed(2)}× the outer parse alone); target ≥ 0.5×`,
	);
	await stream.close();
	if (Math.min(ladderRatio, uatLadderRatio, orderRatio) < 0.5) {
		console.error('ingest: below the target of 0.5× bare JSON.parse');
		process.exitCode = 1;
	}
}
