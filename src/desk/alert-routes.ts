export const alertKinds = ['orders', 'fills', 'errors', 'prices', 'approvals', 'reports'] as const;
export type AlertKind = (typeof alertKinds)[number];
export const alertModes = ['on', 'silent', 'off'] as const;
export type AlertMode = (typeof alertModes)[number];

/** Where the desk chose to see one kind of alert, and how loudly. */
export interface AlertRoute {
	readonly kind: AlertKind;
	readonly channelId: string;
	/** `silent` posts without notifying anyone; `off` posts nothing. */
	readonly mode: AlertMode;
	readonly changedBy: string;
	readonly changedAt: number;
}

/** The desk's alert routes; the store implements it, read at every post so that a change applies at once. */
export interface AlertRoutes {
	set(route: AlertRoute): void;
	list(): AlertRoute[];
	get(kind: AlertKind): AlertRoute | undefined;
}

export function alertKindOf(value: string): AlertKind | undefined {
	return alertKinds.find((kind) => kind === value);
}

export function alertModeOf(value: string): AlertMode | undefined {
	return alertModes.find((mode) => mode === value);
}
