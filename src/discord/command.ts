import type {
	AutocompleteInteraction,
	ButtonInteraction,
	ChatInputCommandInteraction,
	ModalSubmitInteraction,
	RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { ChartDesk } from '../charts/chart-desk.js';
import type { AccountViews } from '../desk/account-views.js';
import type { Approvals } from '../desk/approvals.js';
import type { AuditTrail } from '../desk/audit.js';
import type { Blotter } from '../desk/blotter.js';
import type { Refusal } from '../desk/checked.js';
import type { DeskControls } from '../desk/controls.js';
import type { DeskLimits } from '../desk/desk-limits.js';
import type { HeadroomWatch } from '../desk/headroom-watch.js';
import type { DeskHealth } from '../desk/health.js';
import type { Market } from '../desk/market.js';
import type { OrderBook } from '../desk/order-book.js';
import type { TicketDesk } from '../desk/ticket-desk.js';
import type { TransferBook } from '../desk/transfer-book.js';
import type { Capability } from './access.js';

/** The desk's services, built once in the composition root; each command names those it uses. */
export interface DeskServices {
	/** Order tickets: open, confirm (send once), cancel. */
	readonly tickets: TicketDesk;
	/** Large orders: the request for a second person's approval, and their Approve or Reject. */
	readonly approvals: Approvals;
	/** Orders at the broker: look one up, list them a page at a time. */
	readonly orders: OrderBook;
	/** The symbols the desk trades and their live prices. */
	readonly market: Market;
	/** The halt and the alert routes. */
	readonly controls: DeskControls;
	readonly audit: AuditTrail;
	readonly health: DeskHealth;
	/** Limits per trader and per role: shown, set and cleared. */
	readonly limits: DeskLimits;
	/** Price charts with the desk's fills on them. */
	readonly charts: ChartDesk;
	/** The broker's balances valued at the live mid, and its risk limits. */
	readonly account: AccountViews;
	/** When a risk headroom is low enough to warn about; the risk poll feeds it. */
	readonly headroom: HeadroomWatch;
	/** Settlements, deposits and withdrawals at the broker, a page at a time. */
	readonly transfers: TransferBook;
	/** A desk day's fills of the desk's own orders, per trader and symbol. */
	readonly blotter: Blotter;
	/** `now()`, and the desk's time zone: its days start at midnight there, and its times are shown in it. */
	readonly clock: { now(): number; readonly timeZone: string };
}

/** What the person acting may do, asked by a command whose answer depends on it (another trader's limits). */
export interface CallerRights {
	may(capability: Capability): boolean;
}

/** What a command can be given: the desk's services, and the rights of the person acting. */
export interface CommandServices extends DeskServices {
	readonly caller: CallerRights;
}

export type ServiceName = keyof CommandServices;

/** A handler that opened or acted on a ticket says which, for its audit row. */
export interface ActedOnTicket {
	readonly ok: true;
	readonly ticketId: string;
}

/**
 * What a handler ends with: nothing, the ticket it acted on, or the refusal the dispatcher shows the person
 * and writes to the audit trail.
 */
export type HandlerResult = Promise<Refusal | ActedOnTicket | undefined> | Promise<void>;

export type ComponentInteraction = ButtonInteraction<'cached'> | ModalSubmitInteraction<'cached'>;

/** A button or modal of a command, found by its custom id `<command>:<action>:<args…>`. */
export interface ComponentHandler<U extends ServiceName = ServiceName> {
	readonly access: Capability;
	handle(interaction: ComponentInteraction, args: readonly string[], services: Pick<CommandServices, U>): HandlerResult;
}

export interface Command<U extends ServiceName = ServiceName> {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	readonly access: Capability;
	/** A subcommand that needs another capability than the command's, such as `/limits set`. */
	readonly subcommandAccess?: Readonly<Record<string, Capability>>;
	/** The services the command is given; its handlers see no others. */
	readonly uses: readonly U[];
	execute(interaction: ChatInputCommandInteraction<'cached'>, services: Pick<CommandServices, U>): HandlerResult;
	autocomplete?(interaction: AutocompleteInteraction<'cached'>, services: Pick<CommandServices, U>): Promise<void>;
	readonly components?: Readonly<Record<string, ComponentHandler<U>>>;
}

export function defineCommand<const U extends ServiceName>(command: Command<U>): Command {
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
