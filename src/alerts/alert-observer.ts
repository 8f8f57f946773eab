import type { AlertKind } from '../desk/alert-routes.js';

/** Hears what the alert routes did, for metrics; it changes nothing about the posts. */
export interface AlertObserver {
	/** Alerts that reached their route's channel: a pack of fills counts each fill. */
	posted(route: AlertKind, alerts: number): void;
	/** A post that failed (and will be retried, except on the errors route). */
	failed(route: AlertKind): void;
}
