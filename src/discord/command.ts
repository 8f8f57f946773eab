import type {
	AutocompleteInteraction,
	ButtonInteraction,
	ChatInputCommandInteraction,
	ModalSubmitInteraction,
	RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AuditTrail } from '../desk/audit.js';
import type { Refusal } from '../desk/checked.js';
import type { DeskControls } from '../desk/controls.js';
import type { DeskHealth } from '../desk/health.js';
import type { Market } from '../desk/market.js';
import type { OrderBook } from '../desk/order-book.js';
import type { TicketDesk } from '../desk/ticket-desk.js';
import type { Capability } from './access.js';

/** The desk's services, built once in the composition root; each command names those it uses. */
export interface DeskServices {
	/** Order tickets: open, confirm (send once), cancel. */
	readonly tickets: TicketDesk;
	/** Orders at the broker: look one up, list them a page at a time. */
	readonly orders: OrderBook;
	/** The symbols the desk trades and their live prices. */
	readonly market: Market;
	/** The halt and the alert routes. */
	readonly controls: DeskControls;
	readonly audit: AuditTrail;
	readonly health: DeskHealth;
	readonly clock: { now(): number };
}

export type ServiceName = keyof DeskServices;

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
	handle(interaction: ComponentInteraction, args: readonly string[], services: Pick<DeskServices, U>): HandlerResult;
}

export interface Command<U extends ServiceName = ServiceName> {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
	readonly access: Capability;
	/** The services the command is given; its handlers see no others. */
	readonly uses: readonly U[];
	execute(interaction: ChatInputCommandInteraction<'cached'>, services: Pick<DeskServices, U>): HandlerResult;
	autocomplete?(interaction: AutocompleteInteraction<'cached'>, services: Pick<DeskServices, U>): Promise<void>;
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
