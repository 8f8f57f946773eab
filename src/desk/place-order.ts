import { setTimeout as delay } from 'node:timers/promises';
import type { Decimal } from 'decimal.js';
import { type DecimalString, toDecimalString } from '../zerocap/decimal-string.js';
import type { Order } from '../zerocap/domain.js';
import type { Quote } from '../zerocap/domain-account.js';
import { isZerocapError, OrderRejectedError, OutcomeUnknownError } from '../zerocap/errors.js';
import type { NewOrderRequest, OrderResolution } from '../zerocap/rest-client.js';
import { deskClock } from './desk-time.js';
import type { Ticket } from './tickets.js';

/** What placing an order needs from the broker client. */
export interface OrderPlacer {
	createOrder(request: NewOrderRequest, options?: { veto?: () => string | undefined }): Promise<Order>;
	/** Takes a firm quote, the one way the broker's contract says (an order carrying its client order id). */
	executeQuote(quote: Quote, options?: { veto?: () => string | undefined }): Promise<Order>;
	resolveOrder(clientOrderId: string, hint: { symbol?: string; since?: number }): Promise<OrderResolution>;
}

/** The truth about a ticket's order, as far as it can be known. */
export type Placement =
	| { readonly kind: 'placed'; readonly order: Order }
	| { readonly kind: 'rejected'; readonly reason: string; readonly order: Order }
	| { readonly kind: 'not-placed'; readonly reason: string }
	/** The broker has not shown the order so far; `watching` while the desk still looks for it. */
	| { readonly kind: 'not-found-yet'; readonly reason: string; readonly watching: boolean }
	| { readonly kind: 'unresolved'; readonly reason: string };

export interface PlacementOptions {
	/** Called once when the broker's answer was lost, before the order is looked up; its failure is ignored. */
	readonly onOutcomeUnknown: () => Promise<void>;
	/** Asked at the last moment before the order leaves; a reason stops it, unsent (the desk's halt). */
	readonly veto?: () => string | undefined;
	/** Look-ups of a lost order before giving up (default 3). */
	readonly resolveAttempts?: number;
	/** The desk's zone, for the times the trader is told. */
	readonly timeZone: string;
	/** Waits between look-ups; default a real timer. */
	readonly sleep?: (ms: number) => Promise<void>;
}

function wireDecimal(value: Decimal): DecimalString {
	const text = toDecimalString(value.toFixed());
	if (text === undefined) throw new RangeError('not a decimal');
	return text;
}

export function fromOrder(order: Order): Placement {
	if (order.status === 'rejected') return { kind: 'rejected', reason: order.rejectReason ?? 'no reason given', order };
	return { kind: 'placed', order };
}

/**
 * Sends the ticket's order once, with the ticket id as client_order_id. When the answer is lost the order is
 * looked up, never sent again, and never called "not placed": a create_order delayed on its way can still
 * reach the broker after every look-up missed it, so an order not found is "not found yet".
 */
export async function placeTicketOrder(
	placer: OrderPlacer,
	ticket: Ticket,
	options: PlacementOptions,
): Promise<Placement> {
	const { draft } = ticket.preview;
	const request: NewOrderRequest = {
		symbol: draft.symbol,
		side: draft.side,
		type: draft.type,
		amount: wireDecimal(draft.amount),
		...(draft.price ? { price: wireDecimal(draft.price) } : {}),
		clientOrderId: ticket.id,
	};
	const orderOptions = options.veto ? { veto: options.veto } : {};
	try {
		const order = ticket.firmQuote
			? await placer.executeQuote(ticket.firmQuote.quote, orderOptions)
			: await placer.createOrder(request, orderOptions);
		return fromOrder(order);
	} catch (error) {
		if (error instanceof OrderRejectedError) return { kind: 'rejected', reason: error.reason, order: error.order };
		if (!(error instanceof OutcomeUnknownError)) {
			const reason = isZerocapError(error)
				? error.userMessage
				: 'An unexpected error stopped the order before it was sent.';
			return { kind: 'not-placed', reason };
		}
	}
	// Telling the trader is best effort: a failed notice must never stop the order from being settled.
	await options.onOutcomeUnknown().catch(() => undefined);
	return settle(placer, ticket, options);
}

async function settle(placer: OrderPlacer, ticket: Ticket, options: PlacementOptions): Promise<Placement> {
	const attempts = options.resolveAttempts ?? 3;
	const sleep = options.sleep ?? ((ms: number) => delay(ms));
	for (let attempt = 1; attempt <= attempts; attempt++) {
		try {
			const resolution = await placer.resolveOrder(ticket.id, {
				symbol: ticket.preview.draft.symbol,
				since: ticket.createdAt,
			});
			if (resolution.found) return fromOrder(resolution.order);
			return {
				kind: 'not-found-yet',
				watching: true,
				reason: `The broker shows no order for this ticket so far (looked up twice, last at ${deskClock(resolution.checkedAt, options.timeZone)}). A delayed order can still arrive: the desk keeps looking and will update this ticket. Do not place it again.`,
			};
		} catch {
			if (attempt < attempts) await sleep(1000 * attempt);
		}
	}
	return {
		kind: 'unresolved',
		reason: `The broker could not be asked whether the order exists. The desk keeps asking and will update this ticket; check with /order-status ${ticket.id} before trading again.`,
	};
}
