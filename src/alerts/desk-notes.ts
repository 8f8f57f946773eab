import type { AlertRoute } from '../desk/alert-routes.js';
import { clip } from '../discord/render/clip.js';
import type { AlertEvent } from './events.js';

/** The sentences the relay says on the errors route; every piece from the broker or Discord is clipped. */

export function failingNote(route: AlertRoute, reason: string, unreachable: boolean): string {
	if (unreachable)
		return `The bot cannot post in <#${route.channelId}>, the ${route.kind} route's channel (${reason}): give it access there, or move the route with /alerts set. Its alerts are kept and posted once it can.`;
	return `The ${route.kind} alert route keeps failing (${reason}); its alerts are kept and retried.`;
}

export function recoveredNote(route: AlertRoute): string {
	return `The ${route.kind} route is posting again; the alerts kept meanwhile follow, in order.`;
}

export function setAsideNote(event: AlertEvent, reason: string): string {
	const id = (text: string) => `\`${clip(text, 40)}\``;
	const what =
		event.kind === 'fill'
			? `A fill could not be shown on Discord and was set aside (trade ${id(event.trade.id)} of order ${id(event.trade.orderId)})`
			: `An order's status could not be shown on Discord and was set aside (order ${id(event.order.id)}, ${event.order.status})`;
	return `${what}: ${reason}. It will not be tried again; /order-status shows the order.`;
}

/** An error's first line, short enough for a sentence. */
export function reasonOf(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return clip(text.split('\n')[0] ?? text, 200);
}
