import { randomBytes } from 'node:crypto';
import {
	type APIApplicationCommandAutocompleteInteraction,
	type APIApplicationCommandInteractionDataBasicOption,
	type APIBaseInteraction,
	type APIChatInputApplicationCommandInteraction,
	type APIInteraction,
	type APIInteractionDataResolved,
	type APIMessage,
	type APIMessageComponentInteraction,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	ComponentType,
	GatewayDispatchEvents,
	InteractionContextType,
	InteractionType,
	Locale,
} from 'discord-api-types/v10';
import type { ApplicationCommands } from './application-commands.js';
import type { Gateway } from './gateway.js';
import { InteractionHandle, type InteractionHandles } from './interaction-handle.js';
import type { MessageStore } from './message-store.js';
import type { LocalMessage } from './messages.js';
import type { Signal } from './signal.js';
import { snowflake } from './snowflake.js';
import type { World } from './world.js';
import { allPermissions } from './world-records.js';

/** Where an interaction happens: in a guild (`member`, context 0) or in the bot's DM with the user (`user`, context 1). */
export type InteractionTarget = { readonly userId: string; readonly channelId?: string; readonly locale?: Locale } & (
	| { readonly guildId: string; readonly dm?: undefined }
	| { readonly dm: true; readonly guildId?: undefined }
);

export type SlashCommandSpec = InteractionTarget & {
	readonly name: string;
	/** A subcommand of `name`; `options` are then the subcommand's. */
	readonly subcommand?: string;
	/** Option types come from the registered command when there is one, else from the JS type. */
	readonly options?: Readonly<Record<string, string | number | boolean>>;
};

export type ComponentSpec = InteractionTarget & {
	readonly customId: string;
	/** A message the fake stored (or its id): the one the clicked component is on. */
	readonly message: LocalMessage | APIMessage | string;
};

export type ModalSubmitSpec = InteractionTarget & {
	readonly customId: string;
	/** Text input custom id → value. */
	readonly fields: Readonly<Record<string, string>>;
	readonly message?: LocalMessage | APIMessage | string;
};

export interface InjectionContext {
	readonly world: World;
	readonly store: MessageStore;
	readonly commands: ApplicationCommands;
	readonly handles: InteractionHandles;
	readonly gateway: Gateway;
	readonly signal: Signal;
	/** `app_permissions` on interactions. */
	readonly appPermissions: string | undefined;
}

type BaseFields = APIBaseInteraction<InteractionType, unknown>;
type InteractionBase = Omit<BaseFields, 'type' | 'data'> & Required<Pick<BaseFields, 'channel' | 'channel_id'>>;

/** Builds interactions as Discord sends them and dispatches them to the logged-in bot, for the tests and the console. */
export class Injector {
	constructor(private readonly context: InjectionContext) {}

	slashCommand(spec: SlashCommandSpec): InteractionHandle {
		const data = { ...this.commandData(spec, undefined), type: ApplicationCommandType.ChatInput as const };
		const payload: APIChatInputApplicationCommandInteraction = {
			...this.interactionBase(spec),
			type: InteractionType.ApplicationCommand,
			data,
		};
		return this.inject(payload, undefined);
	}

	/** The `focused` option gets `focused: true` and a string value, as Discord sends while the user types. */
	autocomplete(spec: SlashCommandSpec & { readonly focused: string }): InteractionHandle {
		const command = this.commandData(spec, spec.focused);
		const data = { ...command, options: command.options ?? [], type: ApplicationCommandType.ChatInput as const };
		const payload: APIApplicationCommandAutocompleteInteraction = {
			...this.interactionBase(spec),
			type: InteractionType.ApplicationCommandAutocomplete,
			data,
		};
		return this.inject(payload, undefined);
	}

	button(spec: ComponentSpec): InteractionHandle {
		const source = this.context.store.stored(spec.message);
		const data = { custom_id: spec.customId, component_type: ComponentType.Button } as const;
		const payload: APIMessageComponentInteraction = {
			...this.interactionBase({ ...spec, channelId: spec.channelId ?? source.data.channel_id }),
			type: InteractionType.MessageComponent,
			data,
			message: structuredClone(source.data),
		};
		return this.inject(payload, source.data.id);
	}

	/** Fields arrive as action rows of text inputs; discord.js reads them the same way as label-wrapped ones. */
	modalSubmit(spec: ModalSubmitSpec): InteractionHandle {
		const source = spec.message === undefined ? undefined : this.context.store.stored(spec.message);
		const components = Object.entries(spec.fields).map(([customId, value], index) => ({
			type: ComponentType.ActionRow as const,
			id: 2 * index + 1,
			components: [{ type: ComponentType.TextInput as const, id: 2 * index + 2, custom_id: customId, value }],
		}));
		const base = this.interactionBase({ ...spec, channelId: spec.channelId ?? source?.data.channel_id });
		const message = source ? { message: structuredClone(source.data) } : {};
		const data = { custom_id: spec.customId, components };
		return this.inject({ ...base, type: InteractionType.ModalSubmit, data, ...message }, source?.data.id);
	}

	/** The fields every interaction needs; a missing `entitlements` or owners map silently kills interactionCreate. */
	private interactionBase(target: InteractionTarget) {
		const { world } = this.context;
		const id = snowflake();
		const guildId = target.guildId;
		const channelId = target.channelId ?? (guildId ? world.firstChannel(guildId) : undefined);
		const channel = channelId ? world.channel(channelId) : world.dmChannel(target.userId);
		if (!channel) throw new Error(`unknown channel ${channelId}`);
		const base: InteractionBase = {
			id,
			application_id: world.applicationId,
			token: `fake.${id}.${randomBytes(12).toString('base64url')}`,
			version: 1,
			app_permissions: this.context.appPermissions ?? allPermissions,
			locale: target.locale ?? Locale.EnglishUS,
			entitlements: [],
			authorizing_integration_owners: { 0: guildId ?? '0' },
			context: guildId ? InteractionContextType.Guild : InteractionContextType.BotDM,
			attachment_size_limit: 10 * 1024 * 1024,
			channel,
			channel_id: channel.id,
		};
		if (!guildId) return { ...base, user: world.user(target.userId) };
		const member = world.memberPayload(guildId, target.userId);
		return { ...base, guild: { id: guildId, locale: base.locale, features: [] }, guild_id: guildId, member };
	}

	private commandData(spec: SlashCommandSpec, focused: string | undefined) {
		const { commands, world } = this.context;
		const registered = [...commands.list(spec.guildId), ...commands.list()].find(
			(command) => command.name === spec.name && command.type === ApplicationCommandType.ChatInput,
		);
		const resolved: APIInteractionDataResolved = {};
		const subcommand = spec.subcommand
			? registered?.options?.find(
					(option) => option.name === spec.subcommand && option.type === ApplicationCommandOptionType.Subcommand,
				)
			: undefined;
		const definitions = subcommand && 'options' in subcommand ? subcommand.options : registered?.options;
		const given = Object.entries(spec.options ?? {}).map(([name, value]) => {
			const type = definitions?.find((option) => option.name === name)?.type ?? inferType(value);
			// The option union pairs each type with one value type; Discord sends a focused value as a string whatever its type.
			if (name === focused)
				return { name, type, value: String(value), focused: true } as APIApplicationCommandInteractionDataBasicOption;
			world.resolve(resolved, type, String(value), spec.guildId);
			// The spec's value is sent as given, which TypeScript cannot pair with a `type` known only at run time.
			return { name, type, value } as APIApplicationCommandInteractionDataBasicOption;
		});
		const options = spec.subcommand
			? [{ type: ApplicationCommandOptionType.Subcommand as const, name: spec.subcommand, options: given }]
			: given;
		const id = registered?.id ?? snowflake();
		return {
			id,
			name: spec.name,
			...(options.length > 0 ? { options } : {}),
			...(isEmpty(resolved) ? {} : { resolved }),
		};
	}

	private inject(payload: APIInteraction, sourceMessageId: string | undefined): InteractionHandle {
		const handle = new InteractionHandle(payload, sourceMessageId, this.context.store, this.context.signal);
		this.context.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
		this.context.handles.track(handle);
		return handle;
	}
}

const isEmpty = (object: object) => Object.keys(object).length === 0;

function inferType(value: string | number | boolean): ApplicationCommandOptionType {
	if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
	if (typeof value === 'string') return ApplicationCommandOptionType.String;
	return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
}
