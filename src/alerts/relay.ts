import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Decimal } from 'decimal.js';
import type { Logger } from 'pino';
import type { AlertKind, AlertRoute } from '../desk/alert-routes.js';
import type { AlertLaneHealth } from '../desk/health.js';
import { type BackoffPolicy, backoffDelay } from '../zerocap/backoff.js';
import type { Order, OrderStatus, OrderUpdate } from '../zerocap/domain.js';
import type { OrderFilter } from '../zerocap/rest-client.js';
import { type AlertEvent, eventsOf } from './events.js';
import type { AlertPoster } from './poster.js';
import { fillsPerMessage, fillsThatFit, renderFills, renderOrderStatus } from './render.js';

export interface AlertRelayOptions {
	readonly store: RelayLedger;
	readonly routes: { get(kind: AlertKind): AlertRoute | undefined };
	readonly poster: AlertPoster;
	/** The Discord user who placed an order through the bot, by its client order id. */
	readonly traderOf: (clientOrderId: string) => string | undefined;
	/**
	 * How many orders the bot is placing right now. While one is, a fill of an order not yet seen may be its,
	 * and waits briefly for the order's own frame, so that its trader can be mentioned.
	 */
	readonly ordersInFlight?: () => number;
	/** Where reconciliation reads orders from. */
	readonly orders: { iterateOrders(filter: OrderFilter, pageSize?: number): AsyncGenerator<Order> };
	/** Told once a route has failed this many times in a row (it keeps being retried). */
	readonly onRouteFailing?: (kind: AlertKind, reason: string) => void;
	readonly logger: Logger;
	readonly now?: () => number;
	readonly sleep?: (ms: number) => Promise<void>;
	readonly retry?: BackoffPolicy;
}

type Lane = 'fills' | 'orders';

/**
 * What the relay has already done, kept across restarts (the store implements it): the keys of events posted
 * or deliberately skipped, the message that shows each order's status, and how far reconciliation has looked.
 * This is what makes every alert appear once.
 */
export interface RelayLedger {
	wasPosted(key: string): boolean;
	/** Records, in one transaction, that these events are done: posted in `messageId`, or skipped (null). */
	markPosted(keys: readonly string[], messageId: string | null, at: number): void;
	orderMessage(orderId: string): { channelId: string; messageId: string } | undefined;
	setOrderMessage(orderId: string, channelId: string, messageId: string): void;
	/** The time up to which every order change is known to be handled; it only moves forward. */
	cursor(): number | undefined;
	advanceCursor(at: number): void;
}

/** Per-order memory is kept for the most recent orders only, so that a long-running bot does not grow without end. */
const rememberedOrders = 50_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
	map.delete(key);
	map.set(key, value);
	if (map.size > rememberedOrders) {
		const oldest = map.keys().next();
		if (!oldest.done) map.delete(oldest.value);
	}
}

interface ShownState {
	readonly status: OrderStatus;
	readonly filled: string | undefined;
	readonly messageId: string;
}

/** Whether `order` is a later state than what is shown: open before final, and more filled later. */
function isNewer(order: OrderUpdate, shown: ShownState): boolean {
	const rank = (status: OrderStatus) => (status === 'open' ? 0 : 1);
	if (rank(order.status) !== rank(shown.status)) return rank(order.status) > rank(shown.status);
	return new Decimal(order.filled ?? 0).gt(shown.filled ?? 0);
}

/** How long a fill waits for its order's frame, when the bot may have just placed that order. */
const mentionWaitMs = 2000;
/** Failures in a row before a route is reported as failing. */
const failingAfter = 3;
/** Reconciliation looks this far before the cursor: an order may change long after it was created. */
const reconcileLookBackMs = 24 * 60 * 60_000;

/**
 * Stream events → routed channel posts, each exactly once. An event's key is recorded when its post succeeds
 * (or when its route is off, so that turning a route on does not replay history); repeats are dropped. Each
 * lane (fills, order status) posts in order and retries a failing post without end, so nothing is lost and a
 * failing channel holds up only its own lane. A burst of fills is packed up to 100 to a message.
 */
export class AlertRelay {
	private readonly queues: Record<Lane, AlertEvent[]> = { fills: [], orders: [] };
	private readonly draining: Record<Lane, boolean> = { fills: false, orders: false };
	private readonly delivering: Record<Lane, number> = { fills: 0, orders: 0 };
	private readonly pending = new Set<string>();
	private readonly clientIdOfOrder = new Map<string, string>();
	private readonly idleWaiters = new Set<() => void>();
	private readonly orderWaiters = new Set<() => void>();
	private readonly now: () => number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly retry: BackoffPolicy;
	private stopped = false;
	/** What each order's message shows now, so that an older state never replaces it. */
	private readonly shownStates = new Map<string, ShownState>();
	/** Start times of reconciliations under way. */
	private readonly reconciling = new Set<number>();
	private readonly failures: Record<Lane, { inARow: number; last: string | undefined }> = {
		fills: { inARow: 0, last: undefined },
		orders: { inARow: 0, last: undefined },
	};

	constructor(private readonly options: AlertRelayOptions) {
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? ((ms) => delay(ms));
		this.retry = options.retry ?? { initialMs: 500, maxMs: 30_000, factor: 2 };
	}

	accept(event: AlertEvent): void {
		if (this.stopped || this.pending.has(event.key) || this.options.store.wasPosted(event.key)) return;
		if (event.kind === 'order' && event.order.clientOrderId)
			this.learnClientId(event.order.id, event.order.clientOrderId);
		this.pending.add(event.key);
		const lane: Lane = event.kind === 'fill' ? 'fills' : 'orders';
		this.queues[lane].push(event);
		void this.drain(lane);
	}

	/**
	 * Posts what the stream may have missed since `since` (a gap's start, or the cursor at start-up), read
	 * over REST, oldest first; anything already posted is dropped by its key.
	 */
	async reconcile(since: number): Promise<void> {
		const startedAt = this.now();
		this.reconciling.add(startedAt);
		try {
			const orders: Order[] = [];
			for await (const order of this.options.orders.iterateOrders({
				since: since - reconcileLookBackMs,
				sort: 'asc',
			})) {
				if (order.clientOrderId) this.learnClientId(order.id, order.clientOrderId);
				orders.push(order);
			}
			for (const order of orders) for (const event of eventsOf(order)) this.accept(event);
			await this.idle();
			// Only what was really handled moves the cursor: not after a stop (events were turned away), and
			// never past the start of an earlier reconciliation still running.
			if (this.stopped) return;
			const earliestRunning = Math.min(...[...this.reconciling].filter((at) => at !== startedAt), startedAt);
			this.options.store.advanceCursor(earliestRunning);
		} finally {
			this.reconciling.delete(startedAt);
		}
	}

	/** Resolves once every accepted event is posted (or skipped). */
	idle(): Promise<void> {
		if (this.pending.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.add(resolve));
	}

	/** For /status: per lane, whether its posts are failing, why, and how many events wait. */
	health(): Record<Lane, AlertLaneHealth> {
		const lane = (name: Lane): AlertLaneHealth => ({
			failing: this.failures[name].inARow >= failingAfter,
			lastError: this.failures[name].last,
			waiting: this.queues[name].length + this.delivering[name],
		});
		return { fills: lane('fills'), orders: lane('orders') };
	}

	get isStopped(): boolean {
		return this.stopped;
	}

	/** Stops taking events; posts already under way finish. */
	stop(): void {
		this.stopped = true;
	}

	private async drain(lane: Lane): Promise<void> {
		if (this.draining[lane]) return;
		// deliver() never throws (it retries); this guards against a bug taking the process down.
		await this.drainLane(lane).catch((error: unknown) => {
			this.options.logger.error(
				{ lane, err: error instanceof Error ? error.message : String(error) },
				'alert lane stopped',
			);
		});
	}

	private async drainLane(lane: Lane): Promise<void> {
		this.draining[lane] = true;
		try {
			for (let batch = this.take(lane); batch.length > 0; batch = this.take(lane)) {
				this.delivering[lane] = batch.length;
				await this.deliver(lane, batch);
				this.delivering[lane] = 0;
				for (const event of batch) this.pending.delete(event.key);
			}
		} finally {
			this.draining[lane] = false;
		}
		if (this.pending.size === 0) for (const wake of [...this.idleWaiters]) wake();
		if (this.pending.size === 0) this.idleWaiters.clear();
	}

	/** Fills go out in packs as large as a message allows; an order's status alone, edited in place. */
	private take(lane: Lane): AlertEvent[] {
		if (lane === 'orders') return this.queues.orders.splice(0, 1);
		const candidates = this.queues.fills.slice(0, fillsPerMessage);
		const trades = candidates.flatMap((event) => (event.kind === 'fill' ? [event.trade] : []));
		// A trader can be named only on an order the bot may have placed: one in flight, or one it knows.
		const mayMention =
			(this.options.ordersInFlight?.() ?? 0) > 0 || trades.some((trade) => this.clientIdOfOrder.has(trade.orderId));
		return this.queues.fills.splice(0, fillsThatFit(trades, mayMention));
	}

	private async deliver(lane: Lane, batch: readonly AlertEvent[]): Promise<void> {
		const keys = batch.map((event) => event.key);
		for (let attempt = 0; ; attempt++) {
			try {
				const route = this.options.routes.get(lane);
				if (!route || route.mode === 'off') {
					this.options.store.markPosted(keys, null, this.now());
					return;
				}
				const messageId = lane === 'fills' ? await this.postFills(route, batch) : await this.postStatus(route, batch);
				this.options.store.markPosted(keys, messageId, this.now());
				this.failures[lane].inARow = 0;
				return;
			} catch (error) {
				const reason = error instanceof Error ? error.message.slice(0, 200) : String(error);
				this.failures[lane] = { inARow: this.failures[lane].inARow + 1, last: reason };
				this.options.logger.warn({ lane, attempt, reason, events: keys.length }, 'alert post failed; retrying');
				if (attempt + 1 === failingAfter) this.options.onRouteFailing?.(lane, reason);
				await this.sleep(backoffDelay(this.retry, attempt));
			}
		}
	}

	private learnClientId(orderId: string, clientOrderId: string): void {
		remember(this.clientIdOfOrder, orderId, clientOrderId);
		for (const wake of [...this.orderWaiters]) wake();
	}

	/** Waits, at most `ms`, until every one of these orders has been seen. */
	private async awaitOrders(orderIds: readonly string[], ms: number): Promise<void> {
		const known = () => orderIds.every((id) => this.clientIdOfOrder.has(id));
		if (known()) return;
		await new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.orderWaiters.delete(check);
				resolve();
			};
			const check = () => {
				if (known()) done();
			};
			const timer = setTimeout(done, ms);
			this.orderWaiters.add(check);
		});
	}

	private async postFills(route: AlertRoute, batch: readonly AlertEvent[]): Promise<string> {
		if ((this.options.ordersInFlight?.() ?? 0) > 0) {
			const orderIds = batch.flatMap((event) => (event.kind === 'fill' ? [event.trade.orderId] : []));
			await this.awaitOrders(orderIds, mentionWaitMs);
		}
		const fills = batch.flatMap((event) => {
			if (event.kind !== 'fill') return [];
			const clientOrderId = this.clientIdOfOrder.get(event.trade.orderId);
			return [{ trade: event.trade, traderId: clientOrderId ? this.options.traderOf(clientOrderId) : undefined }];
		});
		const nonce = createHash('sha256')
			.update(batch.map((event) => event.key).join('\n'))
			.digest('hex')
			.slice(0, 25);
		return this.options.poster.post(route.channelId, renderFills(fills), { silent: route.mode === 'silent', nonce });
	}

	private async postStatus(route: AlertRoute, batch: readonly AlertEvent[]): Promise<string> {
		const [event] = batch;
		if (event?.kind !== 'order') throw new Error('an order status lane holds only order events');
		const order: OrderUpdate = event.order;
		// A REST snapshot read before a newer stream update must not put the message back to an older state.
		const shown = this.shownStates.get(order.id);
		if (shown && !isNewer(order, shown)) return shown.messageId;
		const existing = this.options.store.orderMessage(order.id);
		if (existing && existing.channelId === route.channelId) {
			await this.options.poster.edit(existing.channelId, existing.messageId, renderOrderStatus(order));
			remember(this.shownStates, order.id, {
				status: order.status,
				filled: order.filled,
				messageId: existing.messageId,
			});
			return existing.messageId;
		}
		const nonce = createHash('sha256').update(event.key).digest('hex').slice(0, 25);
		const messageId = await this.options.poster.post(route.channelId, renderOrderStatus(order), {
			silent: route.mode === 'silent',
			nonce,
		});
		this.options.store.setOrderMessage(order.id, route.channelId, messageId);
		remember(this.shownStates, order.id, { status: order.status, filled: order.filled, messageId });
		return messageId;
	}
}
