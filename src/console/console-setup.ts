import type { AlertRoutes } from '../desk/alert-routes.js';
import type { ConsoleWorld } from './console-world.js';

/**
 * The console's alerts go to their own channels: every kind not routed yet (a first run, or a kind added since
 * the last), while a route the user set or changed is kept.
 */
export function routeAlertsToConsoleChannels(routes: AlertRoutes, world: ConsoleWorld): void {
	for (const kind of ['orders', 'fills', 'errors', 'approvals', 'reports'] as const) {
		if (routes.get(kind)) continue;
		routes.set({
			kind,
			channelId: world.channels[kind],
			mode: 'on',
			changedBy: world.discord.applicationId,
			changedAt: Date.now(),
		});
	}
}

/** What the console says first: where orders go, who you are, how to use it, where the logs are. */
export function consoleWelcome(
	broker: { readonly env: string; readonly restUrl: string },
	logPath: string,
	world: ConsoleWorld,
): string {
	const where = broker.env === 'local' ? 'the embedded sandbox exchange' : `Zerocap ${broker.env} at ${broker.restUrl}`;
	const roles = world.roles.length === 0 ? 'no roles' : `roles ${world.roles.join(', ')}`;
	return [
		'',
		`Desk console: the desk bot runs here as it would in Discord, trading on ${where}.`,
		`You are @you in #desk with ${roles}. Alerts go where /alerts list says (at first #orders, #fills, #errors, #approvals, #reports).`,
		'Type /help for the commands, a number to press a button, Tab to complete. Ctrl-D, Ctrl-C or /quit leaves.',
		`The bot's logs go to ${logPath}.`,
	].join('\n');
}
