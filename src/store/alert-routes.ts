import type Database from 'better-sqlite3';

export const alertKinds = ['orders', 'fills', 'errors', 'prices'] as const;
export type AlertKind = (typeof alertKinds)[number];
export const alertModes = ['on', 'silent', 'off'] as const;
export type AlertMode = (typeof alertModes)[number];

export interface AlertRoute {
	readonly kind: AlertKind;
	readonly channelId: string;
	/** `silent` posts without notifying anyone; `off` posts nothing. */
	readonly mode: AlertMode;
	readonly changedBy: string;
	readonly changedAt: number;
}

interface Row {
	kind: string;
	channel_id: string;
	mode: string;
	changed_by: string;
	changed_at: number;
}

function isKind(value: string): value is AlertKind {
	return alertKinds.some((kind) => kind === value);
}

function isMode(value: string): value is AlertMode {
	return alertModes.some((mode) => mode === value);
}

/** Where each kind of alert goes, and how loudly; read at every post, so a change applies at once. */
export class AlertRoutesRepository {
	private readonly upsert: Database.Statement<Row>;
	private readonly all: Database.Statement<[], Row>;

	constructor(database: Database.Database) {
		this.upsert = database.prepare(
			`INSERT INTO alert_routes (kind, channel_id, mode, changed_by, changed_at) VALUES (@kind, @channel_id, @mode, @changed_by, @changed_at)
			 ON CONFLICT (kind) DO UPDATE SET channel_id = excluded.channel_id, mode = excluded.mode,
			 changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
		);
		this.all = database.prepare('SELECT kind, channel_id, mode, changed_by, changed_at FROM alert_routes');
	}

	set(route: AlertRoute): void {
		this.upsert.run({
			kind: route.kind,
			channel_id: route.channelId,
			mode: route.mode,
			changed_by: route.changedBy,
			changed_at: route.changedAt,
		});
	}

	list(): AlertRoute[] {
		return this.all.all().flatMap((row) =>
			isKind(row.kind) && isMode(row.mode)
				? [
						{
							kind: row.kind,
							channelId: row.channel_id,
							mode: row.mode,
							changedBy: row.changed_by,
							changedAt: row.changed_at,
						},
					]
				: [],
		);
	}

	get(kind: AlertKind): AlertRoute | undefined {
		return this.list().find((route) => route.kind === kind);
	}
}
