import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { AlertKind, AlertRoute } from '../desk/alert-routes.js';
import type { AlertLaneHealth } from '../desk/health.js';
import { type BackoffPolicy, backoffDelay } from '../zerocap/backoff.js';
import type { Order } from '../zerocap/domain.js';
import type { OrderFilter } from '../zerocap/rest-client.js';
import type { AlertObserver } from './alert-observer.js';
import { AlertPosts, type Done, UnshowableError } from './alert-posts.js';
import { brokerStamp } from './catch-up-cursor.js';
import { failingNote, reasonOf, recoveredNote, setAsideNote } from './desk-notes.js';
import { type AlertEvent, eventsOf } from './events.js';
import { KnownOrders } from './known-orders.js';
import { LaneTrouble } from './lane-trouble.js';
import { type AlertPoster, isRefusedForGood, isUnreachableChannel } from './poster.js';
import type { RelayLedger } from './relay-ledger.js';
import { fillsPerMessage, fillsThatFit } from './render.js';

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
	/** Tells the desk on the errors route: a route failing and back, an event set aside. */
	readonly notify?: (text: string) => void;
	readonly logger: Logger;
	readonly now?: () => number;
	/** The desk's zone, for the times in posts. */
	readonly timeZone: string;
	readonly sleep?: (ms: number) => Promise<void>;
	readonly retry?: BackoffPolicy;
	readonly observer?: AlertObserver;
}

type Lane = 'fills' | 'orders';

/** Reconciliation looks this far before the cursor: an order may change long after it was created. */
const reconcileLookBackMs = 24 * 60 * 60_000;

/**
 * Stream events → routed channel posts, each exactly once. An event's key is recorded when its post succeeds
 * (or when its route is off, so that turning a route on does not replay history); repeats are dropped. Each
 * lane (fills, order status) posts in order and retries a failing post without end, so nothing is lost and a
 * failing channel holds up only its own lane; an event Discord can never show is set aside instead. A burst
 * of fills is packed up to 100 to a message.
 */
export class AlertRelay {
	private readonly queues: Record<Lane, AlertEvent[]> = { fills: [], orders: [] };
	private readonly draining: Record<Lane, boolean> = { fills: false, orders: false };
	private readonly delivering: Record<Lane, number> = { fills: 0, orders: 0 };
	private readonly pending = new Set<string>();
	/** Events whose ledger entry could not be read when they arrived: looked up again before they are posted. */
	private readonly unverified = new Set<string>();
	/** Events to post one to a message: their pack was refused, and one of them must not take the others down. */
	private readonly alone = new Set<string>();
	private readonly known = new KnownOrders();
	private readonly posts: AlertPosts;
	private readonly idleWaiters = new Set<() => void>();
	private readonly now: () => number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly retry: BackoffPolicy;
	private readonly stopping = new AbortController();
	/** Reconciliations under way, by where each began reading. */
	private readonly reconciling = new Set<{ readonly since: number }>();
	private readonly trouble: Record<Lane, LaneTrouble> = { fills: new LaneTrouble(), orders: new LaneTrouble() };

	constructor(private readonly options: AlertRelayOptions) {
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? ((ms) => delay(ms));
		this.retry = options.retry ?? { initialMs: 500, maxMs: 30_000, factor: 2 };
		this.posts = new AlertPosts({
			store: options.store,
			poster: options.poster,
			known: this.known,
			traderOf: options.traderOf,
			ordersInFlight: () => options.ordersInFlight?.() ?? 0,
			logger: options.logger,
			now: this.now,
			timeZone: options.timeZone,
		});
	}

	accept(event: AlertEvent): void {
		if (this.stopped || this.pending.has(event.key) || this.postedAlready(event.key)) return;
		if (event.kind === 'order' && event.order.clientOrderId)
			this.known.learn(event.order.id, event.order.clientOrderId);
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
		const run = { since };
		this.reconciling.add(run);
		try {
			const orders: Order[] = [];
			for await (const order of this.options.orders.iterateOrders({
				since: since - reconcileLookBackMs,
				sort: 'asc',
			})) {
				if (order.clientOrderId) this.known.learn(order.id, order.clientOrderId);
				orders.push(order);
			}
			for (const order of orders) for (const event of eventsOf(order)) this.accept(event);
			await this.idle();
			// Only what was really handled moves the cursor: not after a stop (events were turned away), and
			// never past where another reconciliation still running began. It takes the broker's own times, not
			// the host's clock: a host clock that ran ahead once must not make later catch-ups skip what happened.
			if (this.stopped || orders.length === 0) return;
			const newest = orders.reduce((latest, order) => Math.max(latest, brokerStamp(order)), 0);
			const others = [...this.reconciling].filter((other) => other !== run).map((other) => other.since);
			this.options.store.advanceCursor(Math.min(newest, ...others));
		} finally {
			this.reconciling.delete(run);
		}
	}

	/** Resolves once every accepted event is posted (or skipped). */
	idle(): Promise<void> {
		if (this.pending.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.add(resolve));
	}

	/** For /status: per lane, whether its posts are failing, why, and how many events wait. */
	health(): Record<Lane, AlertLaneHealth> {
		const waiting = (lane: Lane) => this.queues[lane].length + this.delivering[lane];
		return {
			fills: this.trouble.fills.health(waiting('fills')),
			orders: this.trouble.orders.health(waiting('orders')),
		};
	}

	get isStopped(): boolean {
		return this.stopped;
	}

	/** Aborts when the relay stops. */
	get stopSignal(): AbortSignal {
		return this.stopping.signal;
	}

	/** Stops taking events; posts already under way finish. */
	stop(): void {
		this.stopping.abort();
	}

	private get stopped(): boolean {
		return this.stopping.signal.aborted;
	}

	private postedAlready(key: string): boolean {
		try {
			return this.options.store.wasPosted(key);
		} catch (error) {
			// Not knowing is no reason to drop it: the event is kept, and looked up again before it is posted.
			this.options.logger.warn({ key, err: reasonOf(error) }, 'could not read the alert ledger; checking again later');
			this.unverified.add(key);
			return false;
		}
	}

	private async drain(lane: Lane): Promise<void> {
		if (this.draining[lane]) return;
		this.draining[lane] = true;
		try {
			for (let failures = 0; ; ) {
				let batch: AlertEvent[] = [];
				try {
					batch = this.take(lane);
					if (batch.length === 0) break;
					this.delivering[lane] = batch.length;
					await this.handle(lane, batch);
					failures = 0;
				} catch (error) {
					// A fault in handling these events, not Discord's answer (that is retried inside): those not yet
					// done stay queued, first in line, and are tried again, so that no event is lost to it.
					this.queues[lane].unshift(...batch.filter((event) => this.pending.has(event.key)));
					this.options.logger.error(
						{ lane, err: reasonOf(error), events: batch.length },
						'handling alerts failed; retrying',
					);
					await this.sleep(backoffDelay(this.retry, failures++));
				} finally {
					this.delivering[lane] = 0;
				}
			}
		} finally {
			this.draining[lane] = false;
		}
		if (this.pending.size > 0) return;
		for (const wake of [...this.idleWaiters]) wake();
		this.idleWaiters.clear();
	}

	/** Fills go out in packs as large as a message allows (but one set apart goes alone); an order's status alone. */
	private take(lane: Lane): AlertEvent[] {
		if (lane === 'orders') return this.queues.orders.splice(0, 1);
		const [first] = this.queues.fills;
		if (first && this.alone.has(first.key)) return this.queues.fills.splice(0, 1);
		const candidates = this.queues.fills.slice(0, fillsPerMessage);
		const apart = candidates.findIndex((event) => this.alone.has(event.key));
		const trades = candidates
			.slice(0, apart === -1 ? undefined : apart)
			.flatMap((event) => (event.kind === 'fill' ? [event.trade] : []));
		// A trader can be named only on an order the bot may have placed: one in flight, or one it knows.
		const mayMention =
			(this.options.ordersInFlight?.() ?? 0) > 0 ||
			trades.some((trade) => this.known.clientIdOf(trade.orderId) !== undefined);
		return this.queues.fills.splice(0, fillsThatFit(trades, mayMention));
	}

	private async handle(lane: Lane, batch: readonly AlertEvent[]): Promise<void> {
		const events = await this.notYetPosted(batch);
		if (events.length === 0) return;
		const refused = await this.deliver(lane, events);
		if (refused === undefined) {
			this.finish(events);
			return;
		}
		if (events.length > 1) {
			for (const event of events) this.alone.add(event.key);
			this.queues[lane].unshift(...events);
			return;
		}
		// Discord will never take this one. It is recorded as done without a message, as an event whose route
		// is off is, so that neither a retry nor a restart's catch-up is held up by it again; the desk is told.
		const [event] = events;
		if (!event) return;
		this.options.logger.error({ lane, key: event.key, reason: refused }, 'alert set aside: Discord cannot show it');
		await this.recordUntilDone(() => this.posts.record(events, null));
		this.trouble[lane].setAside();
		this.tell(setAsideNote(event, refused));
		this.finish(events);
	}

	private finish(events: readonly AlertEvent[]): void {
		for (const event of events) {
			this.pending.delete(event.key);
			this.alone.delete(event.key);
			this.unverified.delete(event.key);
		}
	}

	/** The events of `batch` not yet posted, looking again at those whose ledger entry could not be read. */
	private async notYetPosted(batch: readonly AlertEvent[]): Promise<readonly AlertEvent[]> {
		if (!batch.some((event) => this.unverified.has(event.key))) return batch;
		for (let attempt = 0; ; attempt++) {
			try {
				const posted = batch.filter(
					(event) => this.unverified.has(event.key) && this.options.store.wasPosted(event.key),
				);
				this.finish(posted);
				for (const event of batch) this.unverified.delete(event.key);
				return batch.filter((event) => !posted.includes(event));
			} catch (error) {
				this.options.logger.warn({ err: reasonOf(error) }, 'could not read the alert ledger; retrying');
				await this.sleep(backoffDelay(this.retry, attempt));
			}
		}
	}

	/**
	 * Posts the batch, retrying every failure but one Discord will never accept (discord.js refuses to build
	 * the message, or Discord answers 400); resolves with that refusal's reason, or undefined once the batch
	 * is posted and recorded.
	 */
	private async deliver(lane: Lane, events: readonly AlertEvent[]): Promise<string | undefined> {
		for (let attempt = 0; ; attempt++) {
			const route = this.options.routes.get(lane);
			if (!route || route.mode === 'off') {
				// Nothing to post, and so nothing failing: a route turned off while it failed is not reported back.
				this.trouble[lane].succeeded();
				await this.recordUntilDone(() => this.posts.record(events, null));
				return undefined;
			}
			let done: Done;
			try {
				done = lane === 'fills' ? await this.posts.fills(route, events) : await this.posts.status(route, events);
			} catch (error) {
				if (error instanceof UnshowableError || isRefusedForGood(error)) return reasonOf(error);
				const reason = reasonOf(error);
				const unreachable = isUnreachableChannel(error);
				this.options.logger.warn({ lane, attempt, reason, events: events.length }, 'alert post failed; retrying');
				this.options.observer?.failed(lane);
				if (this.trouble[lane].failed(reason, unreachable)) {
					this.options.logger.error({ lane, reason, unreachable }, 'alert route keeps failing');
					this.tell(failingNote(route, reason, unreachable));
				}
				await this.sleep(backoffDelay(this.retry, attempt));
				continue;
			}
			if (done.reachedDiscord) this.options.observer?.posted(lane, events.length);
			if (done.reachedDiscord && this.trouble[lane].succeeded()) this.tell(recoveredNote(route));
			await this.recordUntilDone(done.record);
			return undefined;
		}
	}

	/**
	 * Records what was done, trying until the store takes it. The post already went through, so only the
	 * recording is tried again, never the post: Discord's nonce would hide a repeat for a few minutes only.
	 */
	private async recordUntilDone(record: () => void): Promise<void> {
		for (let attempt = 0; ; attempt++) {
			try {
				record();
				return;
			} catch (error) {
				this.options.logger.error({ attempt, err: reasonOf(error) }, 'could not record a posted alert; retrying');
				await this.sleep(backoffDelay(this.retry, attempt));
			}
		}
	}

	private tell(text: string): void {
		try {
			this.options.notify?.(text);
		} catch (error) {
			this.options.logger.error({ err: reasonOf(error) }, 'could not tell the errors route');
		}
	}
}
