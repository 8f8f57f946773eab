import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { AlertKind, AlertRoute } from '../desk/alert-routes.js';
import type { AlertObserver } from './alert-observer.js';
import type { AlertPoster } from './poster.js';

export interface ErrorsRouteOptions {
	readonly routes: { get(kind: AlertKind): AlertRoute | undefined };
	readonly poster: AlertPoster;
	readonly logger: Logger;
	readonly observer?: AlertObserver;
}

/**
 * Says a sentence on the errors route, as its mode says (not at all when it is off or not set). Saying it is
 * tried once: a failure is logged, never thrown, since the thing it reports is logged already. True when it
 * was posted.
 */
export function errorsRouteNotifier({
	routes,
	poster,
	logger,
	observer,
}: ErrorsRouteOptions): (text: string) => Promise<boolean> {
	return async (text) => {
		const route = routes.get('errors');
		if (!route || route.mode === 'off') return false;
		try {
			const nonce = createHash('sha256').update(`${text}${Date.now()}`).digest('hex').slice(0, 25);
			await poster.post(
				route.channelId,
				{ content: text, allowedMentions: { parse: [] } },
				{ silent: route.mode === 'silent', nonce },
			);
			observer?.posted('errors', 1);
			return true;
		} catch (error) {
			observer?.failed('errors');
			logger.error(
				{ err: error instanceof Error ? error.message : String(error) },
				'could not post on the errors route',
			);
			return false;
		}
	};
}
