import { afterEach, describe, expect, it } from 'vitest';
import { printed, type Running, run } from '../support/child-process.js';
import { deskCommandNames } from '../support/desk-command-names.js';
import { buttonIds, messageText } from '../support/desk-harness.js';
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
	const traderRole = fake.addRole(guildId, { name: 'Trader' });
	const viewer = fake.addMember(guildId, { username: 'vic', roles: [viewerRole] });
	const trader = fake.addMember(guildId, { username: 'tina', roles: [traderRole] });
	const adminRole = fake.addRole(guildId, { name: 'Admin' });
	const admin = fake.addMember(guildId, { username: 'ada', roles: [adminRole] });
	const env = {
		DISCORD_TOKEN: fake.token,
		DISCORD_APPLICATION_ID: fake.applicationId,
		DISCORD_GUILD_ID: guildId,
		DISCORD_API_BASE: fake.apiBase,
		ROLE_VIEWER_IDS: viewerRole,
		ROLE_TRADER_IDS: traderRole,
		ROLE_ADMIN_IDS: adminRole,
		// Debug logging, so that a token written anywhere in the logs would be seen below.
		LOG_LEVEL: 'debug',
	};
	return { fake, guildId, channelId, viewer, trader, admin, env };
}

describe('npm start with a Discord token', () => {
	it('logs the bot in, registers the commands, answers them, and shuts down cleanly', async () => {
		const { fake, guildId, channelId, viewer, env } = await desk();
		bot = run('src/app/main.ts', env);
		await printed(bot, /Discord bot ready as /);
		expect(
			fake
				.registeredCommands(guildId)
				.map((command) => command.name)
				.sort(),
		).toEqual([...deskCommandNames]);

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

	it('finishes, shows and alerts an order being sent before it shuts down', async () => {
		const { fake, guildId, channelId, trader, admin, env } = await desk();
		bot = run('src/app/main.ts', { ...env, SANDBOX_CONTROLS: 'true' });
		const [, restUrl] = await printed(bot, /REST\s+(http:\/\/\S+)\/v2/);
		await printed(bot, /Discord bot ready as /);
		const fills = fake.addChannel(guildId, { name: 'fills' });
		const route = fake.injectSlashCommand({
			guildId,
			channelId,
			userId: admin,
			name: 'alerts',
			subcommand: 'set',
			options: { kind: 'fills', channel: fills, mode: 'on' },
		});
		await route.response();
		const fault = { kind: 'delay', phase: 'after', ms: 1500, count: 1, endpoint: 'create_order' };
		expect((await fetch(`${restUrl}/__sandbox/fault`, { method: 'POST', body: JSON.stringify(fault) })).status).toBe(
			200,
		);

		const order = fake.injectSlashCommand({
			guildId,
			channelId,
			userId: trader,
			name: 'order',
			options: { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'limit', price: '1.6' },
		});
		await order.response();
		const ticket = await order.originalMessage();
		const confirm = fake.injectButton({
			guildId,
			channelId,
			userId: trader,
			customId: buttonIds(ticket.data)[0] ?? '',
			message: ticket,
		});
		await confirm.response();
		bot.child.kill('SIGTERM');
		expect(await bot.exited).toBe(0);
		expect(messageText(ticket.data)).toContain('Placed: filled.');
		const [fill] = fake.messagesIn(fills);
		expect(fill?.data.content).toBe(`<@${trader}>`);
		expect(messageText(fill?.data ?? ticket.data)).toContain('**BUY 100 USDT/AUD** @');
		expect(bot.output).not.toContain(fake.token);
	});
});

describe('npm run deploy-commands', () => {
	it('registers the commands in the configured server', async () => {
		const { fake, guildId, env } = await desk();
		bot = run('src/app/deploy-commands.ts', env);
		expect(await bot.exited).toBe(0);
		expect(bot.output).toContain(`Registered ${deskCommandNames.length} commands in server ${guildId}.`);
		expect(fake.registeredCommands(guildId)).toHaveLength(deskCommandNames.length);
	});

	it('says what is missing without a token', async () => {
		bot = run('src/app/deploy-commands.ts', {});
		expect(await bot.exited).toBe(1);
		expect(bot.output).toContain('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands.');
	});
});
