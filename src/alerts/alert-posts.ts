import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { BaseMessageOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { AlertRoute } from '../desk/alert-routes.js';
import type { OrderStatus, OrderUpdate } from '../zerocap/domain.js';
import { reasonOf } from './desk-notes.js';
import type { AlertEvent } from './events.js';
import { type KnownOrders, remember } from './known-orders.js';
import { type AlertPoster, isUnknownMessage } from './poster.js';
import type { RelayLedger } from './relay-ledger.js';
import { renderFills, renderOrderStatus } from './render.js';

/** A message Discord could never show (discord.js refused to build it): sending it again cannot help. */
export class UnshowableError extends Error {
	override readonly name = 'UnshowableError';
}

function showable(render: () => BaseMessageOptions): BaseMessageOptions {
	try {
		return render();
	} catch (error) {
		throw new UnshowableError(`discord.js refused the message: ${reasonOf(error)}`);
	}
}

/** What one attempt did: whether it reached Discord, and what to record now that it is done. */
export interface Done {
	readonly reachedDiscord: boolean;
	readonly record: () => void;
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

export interface AlertPostsOptions {
	readonly store: RelayLedger;
	readonly poster: AlertPoster;
	readonly known: KnownOrders;
	readonly traderOf: (clientOrderId: string) => string | undefined;
	readonly ordersInFlight: () => number;
	readonly logger: Logger;
	readonly now: () => number;
	/** Times in posts are the desk's, the zone named. */
	readonly timeZone: string;
}

/**
 * One attempt at showing alerts in a route's channel: a pack of fills as a new message, or an order's status
 * in its one message. A failure throws; what succeeded is returned with its recording, which the caller does.
 */
export class AlertPosts {
	/** What each order's message shows now, so that an older state never replaces it. */
	private readonly shownStates = new Map<string, ShownState>();

	constructor(private readonly options: AlertPostsOptions) {}

	async fills(route: AlertRoute, batch: readonly AlertEvent[]): Promise<Done> {
		const { known, traderOf } = this.options;
		if (this.options.ordersInFlight() > 0) {
			const orderIds = batch.flatMap((event) => (event.kind === 'fill' ? [event.trade.orderId] : []));
			await known.awaitAll(orderIds, mentionWaitMs);
		}
		const fills = batch.flatMap((event) => {
			if (event.kind !== 'fill') return [];
			const clientOrderId = known.clientIdOf(event.trade.orderId);
			return [{ trade: event.trade, traderId: clientOrderId ? traderOf(clientOrderId) : undefined }];
		});
		const message = showable(() => renderFills(fills, this.options.timeZone));
		const nonce = createHash('sha256')
			.update(batch.map((event) => event.key).join('\n'))
			.digest('hex')
			.slice(0, 25);
		const messageId = await this.options.poster.post(route.channelId, message, {
			silent: route.mode === 'silent',
			nonce,
		});
		return { reachedDiscord: true, record: () => this.record(batch, messageId) };
	}

	async status(route: AlertRoute, batch: readonly AlertEvent[]): Promise<Done> {
		const { store, poster } = this.options;
		const [event] = batch;
		if (event?.kind !== 'order') throw new Error('an order status lane holds only order events');
		const order: OrderUpdate = event.order;
		// A REST snapshot read before a newer stream update must not put the message back to an older state.
		const shown = this.shownStates.get(order.id);
		if (shown && !isNewer(order, shown))
			return { reachedDiscord: false, record: () => this.record(batch, shown.messageId) };
		const message = showable(() => renderOrderStatus(order, this.options.timeZone));
		const existing = store.orderMessage(order.id);
		if (existing && existing.channelId === route.channelId) {
			try {
				await poster.edit(existing.channelId, existing.messageId, message);
				this.show(order, existing.messageId);
				return { reachedDiscord: true, record: () => this.record(batch, existing.messageId) };
			} catch (error) {
				if (!isUnknownMessage(error)) throw error;
				// Someone deleted the order's message: rather than retry an edit that can never succeed, the
				// order gets a new message, whose id replaces the old one in the store.
				this.options.logger.info({ orderId: order.id }, 'an order status message was deleted; posting a new one');
			}
		}
		const nonce = createHash('sha256').update(event.key).digest('hex').slice(0, 25);
		const messageId = await poster.post(route.channelId, message, { silent: route.mode === 'silent', nonce });
		this.show(order, messageId);
		return {
			reachedDiscord: true,
			record: () => {
				store.setOrderMessage(order.id, route.channelId, messageId);
				this.record(batch, messageId);
			},
		};
	}

	/** Records these events as done: posted in `messageId`, or skipped (null). */
	record(events: readonly AlertEvent[], messageId: string | null): void {
		this.options.store.markPosted(
			events.map((event) => event.key),
			messageId,
			this.options.now(),
		);
	}

	private show(order: OrderUpdate, messageId: string): void {
		remember(this.shownStates, order.id, { status: order.status, filled: order.filled, messageId });
	}
}
