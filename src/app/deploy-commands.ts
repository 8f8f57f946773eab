import 'dotenv/config';
import { REST } from 'discord.js';
import { commands } from '../../commands/index.js';
import { registerCommands } from '../discord/bot.js';
import { loadConfig } from './config.js';
import { exitWithError } from './process-lifecycle.js';

/** `npm run deploy-commands`: registers the slash commands in the desk server, or globally without one. */
async function main(): Promise<void> {
	const { discord } = loadConfig();
	if (!discord.token || !discord.applicationId)
		throw new Error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands.');
	const rest = new REST({ api: discord.apiBase }).setToken(discord.token);
	const count = await registerCommands(
		rest,
		{ applicationId: discord.applicationId, guildId: discord.guildId },
		commands,
	);
	process.stdout.write(
		`Registered ${count} commands ${discord.guildId ? `in server ${discord.guildId}` : 'globally'}.\n`,
	);
}

main().catch(exitWithError);
