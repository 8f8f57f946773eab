import { afterEach, describe, expect, it } from 'vitest';
import { printed, type Running, run } from '../support/child-process.js';
import { messageText } from '../support/desk-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';

let fake: FakeDiscord | undefined;
let bot: Running | undefined;

afterEach(async () => {
	if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
	await fake?.stop();
	fake = undefined;
	bot = undefined;
});

async function desk() {
	fake = await FakeDiscord.start();
	const guildId = fake.addGuild({ name: 'Desk' });
	const channelId = fake.addChannel(guildId, { name: 'trading-desk' });
	const viewerRole = fake.addRole(guildId, { name: 'Viewer' });
	const viewer = fake.addMember(guildId, { username: 'vic', roles: [viewerRole] });
	const env = {
		DISCORD_TOKEN: fake.token,
		DISCORD_APPLICATION_ID: fake.applicationId,
		DISCORD_GUILD_ID: guildId,
		DISCORD_API_BASE: fake.apiBase,
		ROLE_VIEWER_IDS: viewerRole,
	};
	return { fake, guildId, channelId, viewer, env };
}

describe('npm start with a Discord token', () => {
	it('logs the bot in, registers the commands, answers them, and shuts down cleanly', async () => {
		const { fake, guildId, channelId, viewer, env } = await desk();
		bot = run('src/main.ts', env);
		await printed(bot, /Discord bot ready as /);
		expect(
			fake
				.registeredCommands(guildId)
				.map((command) => command.name)
				.sort(),
		).toEqual(['order', 'order-status', 'orders', 'price']);

		const price = fake.injectSlashCommand({
			guildId,
			channelId,
			userId: viewer,
			name: 'price',
			options: { symbol: 'USDT/AUD' },
		});
		await price.response();
		const reply = await price.originalMessage();
		expect(messageText(reply.data)).toMatch(/USDT\/AUD (price ladder|: no current price)/);

		bot.child.kill('SIGTERM');
		expect(await bot.exited).toBe(0);
		expect(bot.output).not.toContain(fake.token);
	});
});

describe('npm run deploy-commands', () => {
	it('registers the commands in the configured server', async () => {
		const { fake, guildId, env } = await desk();
		bot = run('src/discord/deploy-cli.ts', env);
		expect(await bot.exited).toBe(0);
		expect(bot.output).toContain(`Registered 4 commands in server ${guildId}.`);
		expect(fake.registeredCommands(guildId)).toHaveLength(4);
	});

	it('says what is missing without a token', async () => {
		bot = run('src/discord/deploy-cli.ts', {});
		expect(await bot.exited).toBe(1);
		expect(bot.output).toContain('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands.');
	});
});
