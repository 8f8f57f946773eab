import type Database from 'better-sqlite3';
import { type AlertKind, type AlertRoute, type AlertRoutes, alertKindOf, alertModeOf } from '../desk/alert-routes.js';

interface Row {
	kind: string;
	channel_id: string;
	mode: string;
	changed_by: string;
	changed_at: number;
}

/** Where each kind of alert goes, and how loudly; read at every post, so a change applies at once. */
export class AlertRoutesRepository implements AlertRoutes {
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
		return this.all.all().flatMap((row) => {
			const kind = alertKindOf(row.kind);
			const mode = alertModeOf(row.mode);
			// A row written by a later version with a kind or mode this one does not know is left alone.
			if (!kind || !mode) return [];
			return [{ kind, channelId: row.channel_id, mode, changedBy: row.changed_by, changedAt: row.changed_at }];
		});
	}

	get(kind: AlertKind): AlertRoute | undefined {
		return this.list().find((route) => route.kind === kind);
	}
}
