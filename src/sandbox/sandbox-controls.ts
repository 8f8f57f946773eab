import { Decimal } from 'decimal.js';
import type { SimulatedClock } from './clock.js';
import type { SandboxControls } from './controls.js';
import type { FaultPlan } from './faults.js';
import type { Market } from './market.js';
import type { OrderBook } from './orders.js';
import type { QuoteBook } from './quotes.js';
import type { StreamHub } from './stream-hub.js';

export interface ControlledParts {
	readonly market: Market;
	readonly book: OrderBook;
	readonly quotes: QuoteBook;
	readonly hub: StreamHub;
	readonly faults: FaultPlan;
	readonly clock: SimulatedClock;
	/** The account a fill burst is for when it names none. */
	readonly defaultAccount: string;
}

/** The knobs tests and benchmarks turn, over the parts of a running sandbox. */
export function createControls(parts: ControlledParts): SandboxControls {
	const { market, book, quotes, hub, faults, clock } = parts;
	return {
		injectRestFault: (fault) => faults.add(fault),
		clearRestFaults: () => faults.clear(),
		dropStreams: (accountId) => hub.drop(accountId),
		stallStreams: (accountId) => hub.stall(accountId),
		muteStreams: (accountId) => hub.mute(accountId),
		resumeStreams: () => hub.unstall(),
		refuseStreams: () => hub.refuseHandshakes(true),
		acceptStreams: () => hub.refuseHandshakes(false),
		pausePrices: () => hub.pausePrices(),
		resumePrices: () => hub.resumePrices(),
		fillBurst: (burst) => {
			const symbol = burst.symbol ?? market.symbols()[0] ?? '';
			if (!market.instrument(symbol)) throw new RangeError(`unknown symbol ${symbol}`);
			const amount = new Decimal(burst.amount ?? '1');
			if (!amount.isFinite() || amount.lte(0)) throw new RangeError('a fill burst needs a positive amount');
			const orders = book.fillBurst(
				burst.accountId ?? parts.defaultAccount,
				burst.count,
				symbol,
				burst.side ?? 'buy',
				amount,
			);
			return orders.map((order) => order.id);
		},
		freezeClock: () => clock.freeze(),
		resumeClock: () => clock.resume(),
		stepClock: (ms) => clock.step(ms),
		setMid: (symbol, mid) => market.setMid(symbol, new Decimal(mid)),
		declineQuotes: (count, reason) => quotes.declineNext(count, reason),
		state: () => ({
			now: clock.now(),
			clockFrozen: clock.frozen,
			pricesPaused: hub.pricesArePaused,
			streamConnections: hub.connectionCount(),
			streamMessagesIgnored: hub.ignoredWhileStalled,
			streamsRefused: hub.refusingHandshakes,
			streamHandshakesRefused: hub.handshakesRefused,
			pendingFaults: faults.pending(),
			mids: Object.fromEntries(market.symbols().map((symbol) => [symbol, market.mid(symbol).toFixed()])),
			quotesOutstanding: quotes.outstanding,
		}),
	};
}
