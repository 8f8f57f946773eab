import {
	type APIApplicationCommandOption,
	type APIMessageTopLevelComponent,
	type APIModalInteractionResponseCallbackComponent,
	ApplicationCommandOptionType,
	ApplicationCommandType,
	EmbedType,
	InteractionResponseType,
	MessageReferenceType,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { DiscordError } from './rest-replies.js';

/**
 * The REST bodies the routes read, parsed once at the route. Objects are loose: discord.js sends fields the fake
 * does not read, and they are kept as sent (stored messages and commands echo them back).
 */

/**
 * discord-api-types types components and command options as unions per `type`, which zod cannot infer. `shape`
 * checks the structure the fake and the console rely on; the rest is stored and echoed as discord.js built it.
 */
const shaped = <T>(what: string, shape: z.ZodType) =>
	z.custom<T>((value) => shape.safeParse(value).success, `Invalid ${what}`);

const componentShape: z.ZodType = z.looseObject({
	type: z.int(),
	custom_id: z.string().optional(),
	components: z.array(z.lazy(() => componentShape)).optional(),
	component: z.lazy(() => componentShape).optional(),
	accessory: z.lazy(() => componentShape).optional(),
});

const optionShape: z.ZodType = z.looseObject({
	type: z.enum(ApplicationCommandOptionType),
	name: z.string(),
	options: z.array(z.lazy(() => optionShape)).optional(),
});

const embed = z.looseObject({
	type: z.enum(EmbedType).optional(),
	title: z.string().optional(),
	description: z.string().optional(),
	footer: z.looseObject({ text: z.string() }).optional(),
	author: z.looseObject({ name: z.string() }).optional(),
	fields: z.array(z.looseObject({ name: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
});

/** `id` is an existing attachment's snowflake, or the index `n` of an uploaded `files[n]`. */
const attachmentReference = z.looseObject({
	id: z.union([z.string(), z.number()]),
	filename: z.string().nullish(),
	description: z.string().nullish(),
});

/** Create and edit alike; an edit may send `null` to clear a field. */
export const messageBody = z.looseObject({
	content: z.string().nullish(),
	nonce: z.union([z.string(), z.number()]).optional(),
	enforce_nonce: z.boolean().optional(),
	tts: z.boolean().optional(),
	flags: z.int().nullish(),
	embeds: z.array(embed).nullish(),
	components: z.array(shaped<APIMessageTopLevelComponent>('component', componentShape)).nullish(),
	attachments: z.array(attachmentReference).nullish(),
	message_reference: z
		.looseObject({
			type: z.enum(MessageReferenceType).optional(),
			message_id: z.string().optional(),
			channel_id: z.string().optional(),
			guild_id: z.string().optional(),
		})
		.optional(),
});

export type MessageBody = z.output<typeof messageBody>;

const R = InteractionResponseType;

export const interactionCallbackBody = z.discriminatedUnion('type', [
	z.looseObject({
		type: z.literal([R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.UpdateMessage]),
		data: messageBody.optional(),
	}),
	z.looseObject({
		type: z.literal(R.ApplicationCommandAutocompleteResult),
		data: z.looseObject({
			choices: z.array(z.looseObject({ name: z.string(), value: z.union([z.string(), z.number()]) })).optional(),
		}),
	}),
	z.looseObject({
		type: z.literal(R.Modal),
		data: z.looseObject({
			custom_id: z.string(),
			title: z.string(),
			components: z.array(shaped<APIModalInteractionResponseCallbackComponent>('component', componentShape)),
		}),
	}),
	z.looseObject({
		type: z.literal([R.Pong, R.DeferredMessageUpdate, R.PremiumRequired, R.LaunchActivity]),
		data: z.unknown().optional(),
	}),
]);

export const commandBody = z.looseObject({
	type: z.enum(ApplicationCommandType).optional(),
	name: z.string(),
	description: z.string().nullish(),
	default_member_permissions: z.string().nullish(),
	options: z.array(shaped<APIApplicationCommandOption>('option', optionShape)).optional(),
});

export type CommandBody = z.output<typeof commandBody>;

export const commandsBody = z.array(commandBody);

export const dmChannelBody = z.looseObject({ recipient_id: z.string() });

interface FieldError {
	readonly code: string;
	readonly message: string;
}

interface FormErrors {
	[field: string]: FormErrors | FieldError[];
}

/** A body that does not parse gets Discord's 400 code 50035 with `errors` per field, which discord.js prints. */
export function parseRequestBody<T>(schema: z.ZodType<T>, body: unknown): T {
	const result = schema.safeParse(body);
	if (result.success) return result.data;
	throw new DiscordError(400, 50035, 'Invalid Form Body', formErrors(result.error.issues));
}

function formErrors(issues: readonly z.core.$ZodIssue[]): FormErrors {
	const root: FormErrors = {};
	for (const issue of issues) {
		let node = root;
		for (const field of issue.path.map(String)) {
			const child = node[field];
			const next = child && !Array.isArray(child) ? child : {};
			node[field] = next;
			node = next;
		}
		const listed = node._errors;
		const error = { code: issue.code.toUpperCase(), message: issue.message };
		node._errors = [...(Array.isArray(listed) ? listed : []), error];
	}
	return root;
}
