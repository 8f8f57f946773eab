import { type APIApplicationCommand, ApplicationCommandType } from 'discord-api-types/v10';
import type { CommandBody } from './request-bodies.js';
import { snowflake } from './snowflake.js';

/** The application's registered commands, global and per guild. */
export class ApplicationCommands {
	private readonly byScope = new Map<string, APIApplicationCommand[]>();

	constructor(private readonly applicationId: string) {}

	/** A guild's commands, or the global ones without `guildId`. */
	list(guildId?: string): APIApplicationCommand[] {
		return this.byScope.get(guildId ?? 'global') ?? [];
	}

	/** Bulk overwrite; a command keeps its id while its name and type stay the same, as on Discord. */
	overwrite(guildId: string | undefined, bodies: readonly CommandBody[]): APIApplicationCommand[] {
		const previous = this.list(guildId);
		const commands = bodies.map((body): APIApplicationCommand => {
			const type = body.type ?? ApplicationCommandType.ChatInput;
			const kept = previous.find((command) => command.name === body.name && command.type === type);
			return {
				...body,
				id: kept?.id ?? snowflake(),
				application_id: this.applicationId,
				...(guildId ? { guild_id: guildId } : {}),
				version: snowflake(),
				type,
				description: body.description ?? '',
				default_member_permissions: body.default_member_permissions ?? null,
			};
		});
		this.byScope.set(guildId ?? 'global', commands);
		return commands;
	}
}
