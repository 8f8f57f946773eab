import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Interaction, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { Command } from './command.js';

export interface DiscordSettings {
	readonly token: string;
	readonly applicationId: string;
	readonly guildId: string | undefined;
	/** Discord's API base; a local Discord-compatible server in tests and the console. */
	readonly apiBase: string;
}

/** Registers the commands in one server (immediate) or globally (Discord may take a while to show them). */
export async function registerCommands(
	rest: REST,
	settings: Omit<DiscordSettings, 'token' | 'apiBase'>,
	commands: readonly Command[],
) {
	const body = commands.map((command) => command.data.toJSON());
	const route = settings.guildId
		? Routes.applicationGuildCommands(settings.applicationId, settings.guildId)
		: Routes.applicationCommands(settings.applicationId);
	await rest.put(route, { body });
	return body.length;
}

/**
 * Logs the bot in and routes every interaction to `dispatch`. Only the Guilds intent: role checks need the
 * server's roles cached, and no privileged intent is needed for interactions.
 */
export async function startDiscordBot(
	settings: DiscordSettings,
	commands: readonly Command[],
	dispatch: (interaction: Interaction) => Promise<void>,
	logger: Logger,
): Promise<Client> {
	const client = new Client({
		intents: [GatewayIntentBits.Guilds],
		rest: { api: settings.apiBase },
		enforceNonce: true,
		// Nothing the bot writes pings anyone unless a message asks for it explicitly.
		allowedMentions: { parse: [], repliedUser: false },
	});
	client.on(Events.InteractionCreate, (interaction) => {
		dispatch(interaction).catch((error: unknown) => logger.error({ err: String(error) }, 'interaction handler failed'));
	});
	client.on(Events.Error, (error) => logger.error({ err: error.message }, 'discord client error'));
	const ready = once(client, Events.ClientReady);
	await client.login(settings.token);
	await ready;
	if (settings.guildId) {
		const count = await registerCommands(client.rest, settings, commands);
		logger.info({ guildId: settings.guildId, count }, 'slash commands registered in the desk server');
	}
	logger.info({ user: client.user?.tag }, 'discord bot ready');
	return client;
}
