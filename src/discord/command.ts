import type {
	AutocompleteInteraction,
	ButtonInteraction,
	ChatInputCommandInteraction,
	ModalSubmitInteraction,
	RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { LaneHealth } from '../alerts/relay.js';
import type { OrderReader } from '../desk/order-lookup.js';
import type { OrderLimits } from '../desk/order-preview.js';
import type { OrderLookupQueries } from '../desk/order-queries.js';
import type { OrderPlacer } from '../desk/place-order.js';
import type { LadderSource } from '../desk/quote.js';
import type { TicketBook } from '../desk/tickets.js';
import type { AlertKind, AlertRoute } from '../store/alert-routes.js';
import type { AuditEntry, AuditQuery } from '../store/audit-log.js';
import type { HaltState } from '../store/desk-state.js';
import type { TicketOpened } from '../store/ticket-records.js';
import type { OrderFilter, OrderPage } from '../zerocap/rest-client.js';
import type { Capability } from './access.js';
import type { Refusal } from './replies.js';

/** The broker calls the commands make. */
export interface DeskBroker extends OrderPlacer, OrderReader {
	fetchOrders(filter: OrderFilter, page: number, limit: number): Promise<OrderPage>;
}

/** Everything a command may use; built once in the composition root. */
export interface DeskContext {
	readonly broker: DeskBroker;
	readonly prices: LadderSource;
	readonly tickets: TicketBook;
	readonly orderQueries: OrderLookupQueries;
	readonly limits: OrderLimits;
	readonly symbols: readonly string[];
	readonly deskState: {
		halt(): HaltState;
		setHalted(halted: boolean, userId: string, reason: string | undefined, at: number): void;
	};
	readonly audit: { record(entry: AuditEntry): void; query(query: AuditQuery): AuditEntry[] };
	readonly routes: { set(route: AlertRoute): void; list(): AlertRoute[]; get(kind: AlertKind): AlertRoute | undefined };
	readonly ticketRecords: {
		opened(ticket: TicketOpened): void;
		settled(ticketId: string, outcome: string, orderId: string | null, at: number): void;
	};
	/** What /status reports. */
	readonly health: {
		streamStatus(): string;
		brokerMetrics(): { waiting: number; running: number; lastLatencyMs: number | undefined };
		readonly startedAt: number;
		readonly version: string;
		/** The alert relay's lanes, once it runs. */
		alerts(): Readonly<Record<'fills' | 'orders', LaneHealth>> | undefined;
	};
	readonly logger: Logger;
	readonly now: () => number;
}

export type ComponentInteraction = ButtonInteraction<'cached'> | ModalSubmitInteraction<'cached'>;

/** A button or modal of a command, found by its custom id `<command>:<action>:<args…>`. */
export interface ComponentHandler {
	readonly access: Capability;
	/** Resolves with a refusal when it turned the person away (a stranger's click, an expired ticket, a halt). */
	handle(
		interaction: ComponentInteraction,
		args: readonly string[],
		context: DeskContext,
	): Promise<Refusal | undefined> | Promise<void>;
}

export interface Command {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	readonly access: Capability;
	/** Resolves with a refusal when it turned the person away (bad input, a halt), for the audit trail. */
	execute(
		interaction: ChatInputCommandInteraction<'cached'>,
		context: DeskContext,
	): Promise<Refusal | undefined> | Promise<void>;
	autocomplete?(interaction: AutocompleteInteraction<'cached'>, context: DeskContext): Promise<void>;
	readonly components?: Readonly<Record<string, ComponentHandler>>;
}

export function defineCommand(command: Command): Command {
	return command;
}

/** Discord allows 100 characters; ours stay far below (a ticket id is 41). */
export function customId(command: string, action: string, ...args: readonly string[]): string {
	return [command, action, ...args].join(':');
}

export function parseCustomId(id: string): { command: string; action: string; args: string[] } | undefined {
	const [command, action, ...args] = id.split(':');
	return command && action ? { command, action, args } : undefined;
}
