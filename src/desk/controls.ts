import type { Logger } from 'pino';
import type { AlertRoutes } from './alert-routes.js';
import { accept, type Checked, refuse } from './checked.js';
import type { HaltState, HaltStore } from './halt.js';

/** The desk heads' switches: the halt that stops all new orders, and where alerts go. */
export class DeskControls {
	constructor(
		private readonly haltStore: HaltStore,
		readonly routes: AlertRoutes,
		private readonly logger: Logger,
		private readonly now: () => number,
	) {}

	haltState(): HaltState {
		return this.haltStore.halt();
	}

	/** Written before anything is said: from this call on no ticket can be confirmed. */
	halt(userId: string, reason: string | undefined): HaltState {
		this.haltStore.setHalted(true, userId, reason, this.now());
		this.logger.warn({ userId, reason }, 'desk halted');
		return this.haltStore.halt();
	}

	/** The halt is in force but the desk could not be told on the errors route. */
	announcementFailed(reason: string): void {
		this.logger.error({ reason }, 'the halt could not be announced on the errors route');
	}

	resume(userId: string): Checked<HaltState> {
		if (!this.haltStore.halt().halted) return refuse('The desk is not halted; nothing changed.');
		this.haltStore.setHalted(false, userId, undefined, this.now());
		this.logger.warn({ userId }, 'desk resumed');
		return accept(this.haltStore.halt());
	}
}
