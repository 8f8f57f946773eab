import {
	ActionRowBuilder,
	type ApplicationCommandDataResolvable,
	ApplicationCommandOptionType,
	AttachmentBuilder,
	ButtonBuilder,
	ButtonStyle,
	Client,
	type ClientOptions,
	DiscordAPIError,
	EmbedBuilder,
	Events,
	GatewayIntentBits,
	type Interaction,
	InteractionContextType,
	InteractionResponseType,
	LabelBuilder,
	MessageFlags,
	ModalBuilder,
	RESTJSONErrorCodes,
	Routes,
	type SendableChannels,
	TextInputBuilder,
	TextInputStyle,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeDiscordOptions, type FakeMessage, type FakeRequest } from '../support/fake-discord.js';

/** A real discord.js Client against the fake: everything below goes over loopback HTTP and WebSocket. */

interface Desk {
	readonly fake: FakeDiscord;
	readonly guildId: string;
	readonly channelId: string;
	readonly traderRole: string;
	readonly traderId: string;
	readonly outsiderId: string;
	readonly otherGuildId: string;
}

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
	await client?.destroy();
	await fake?.stop();
	client = undefined;
	fake = undefined;
});

async function startDesk(options: FakeDiscordOptions = {}): Promise<Desk> {
	fake = await FakeDiscord.start(options);
	const guildId = fake.addGuild({ name: 'Desk' });
	const channelId = fake.addChannel(guildId, { name: 'trading-desk' });
	const traderRole = fake.addRole(guildId, { name: 'Trader' });
	const traderId = fake.addMember(guildId, { username: 'tina', roles: [traderRole] });
	const outsiderId = fake.addMember(guildId, { username: 'olly' });
	const otherGuildId = fake.addGuild({ name: 'Elsewhere' });
	fake.addChannel(otherGuildId, { name: 'general' });
	fake.addMember(otherGuildId, { userId: traderId });
	return { fake, guildId, channelId, traderRole, traderId, outsiderId, otherGuildId };
}

function newClient(desk: Pick<Desk, 'fake'>, options: Partial<ClientOptions> = {}): Client {
	client = new Client({
		intents: [GatewayIntentBits.Guilds],
		rest: { api: desk.fake.apiBase, retries: 0 },
		waitGuildTimeout: 1000,
		...options,
	});
	return client;
}

async function loggedIn(desk: Pick<Desk, 'fake'>, options: Partial<ClientOptions> = {}): Promise<Client<true>> {
	const bot = newClient(desk, options);
	const ready = new Promise<Client<true>>((resolve) => bot.once(Events.ClientReady, resolve));
	await bot.login(desk.fake.token);
	return within(ready, 'clientReady');
}

function within<T>(promise: Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Subscribe before injecting: the interaction can arrive as soon as the fake sends it. */
function nextInteraction(bot: Client): Promise<Interaction> {
	return within(new Promise((resolve) => bot.once(Events.InteractionCreate, resolve)), 'interactionCreate');
}

async function sendable(bot: Client, channelId: string): Promise<SendableChannels> {
	const channel = await bot.channels.fetch(channelId);
	if (!channel?.isSendable()) throw new Error(`channel ${channelId} is not sendable`);
	return channel;
}

const confirmRow = (customId: string) =>
	new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder().setCustomId(customId).setLabel('Confirm').setStyle(ButtonStyle.Success),
	);

/** TCP servers and sockets alive in this process; each test file runs in its own worker. */
const tcpHandles = () => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')).length;

/** Waits for a condition that closing sockets makes true, checking once per event-loop turn (no fixed sleep). */
async function eventually(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setImmediate(resolve));
	}
}

const isMessagePost = (request: FakeRequest) =>
	request.method === 'POST' && request.route === '/channels/:channel/messages';

/** A non-ephemeral slash-command reply carrying a Confirm button, for the component tests. */
async function postTicket(desk: Desk, bot: Client): Promise<FakeMessage> {
	const seen = nextInteraction(bot);
	const handle = desk.fake.injectSlashCommand({ guildId: desk.guildId, userId: desk.traderId, name: 'order' });
	const command = await seen;
	if (!command.isChatInputCommand()) throw new Error('expected a slash command');
	await command.reply({ content: 'Buy 1 BTC?', components: [confirmRow('confirm:1')] });
	return handle.originalMessage();
}

describe('local Discord with a real discord.js Client', () => {
	it('logs in and caches both guilds with their roles, channels and members', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);

		const guild = bot.guilds.cache.get(desk.guildId);
		expect(bot.user.id).toBe(desk.fake.botUserId);
		expect(bot.application.id).toBe(desk.fake.applicationId);
		expect(guild?.name).toBe('Desk');
		expect(guild?.roles.everyone.id).toBe(desk.guildId);
		expect(guild?.roles.cache.get(desk.traderRole)?.name).toBe('Trader');
		expect(guild?.channels.cache.get(desk.channelId)?.name).toBe('trading-desk');
		expect(guild?.members.cache.get(desk.traderId)?.roles.cache.has(desk.traderRole)).toBe(true);
		expect(guild?.members.cache.get(desk.outsiderId)?.roles.cache.has(desk.traderRole)).toBe(false);
		expect(guild?.members.me?.id).toBe(desk.fake.botUserId);
		expect(bot.guilds.cache.get(desk.otherGuildId)?.name).toBe('Elsewhere');
		expect(desk.fake.requests.map((request) => `${request.method} ${request.route} ${request.status}`)).toEqual([
			'GET /gateway/bot 200',
		]);
		expect(desk.fake.gatewayLog.filter((frame) => frame.t !== null).map((frame) => frame.t)).toEqual([
			'READY',
			'GUILD_CREATE',
			'GUILD_CREATE',
		]);
	});

	it('stores bulk guild command registration and keeps ids across overwrites', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const definitions: ApplicationCommandDataResolvable[] = [
			{
				name: 'quote',
				description: 'Price a pair',
				options: [
					{
						type: ApplicationCommandOptionType.String,
						name: 'symbol',
						description: 'Pair',
						required: true,
						autocomplete: true,
					},
				],
			},
			{ name: 'order', description: 'Place an order' },
		];

		const first = await bot.application.commands.set(definitions, desk.guildId);
		const stored = desk.fake.registeredCommands(desk.guildId);
		expect(stored.map((command) => command.name)).toEqual(['quote', 'order']);
		expect([...first.keys()]).toEqual(stored.map((command) => command.id));
		expect(stored[0]?.options?.[0]).toMatchObject({ name: 'symbol', autocomplete: true });
		expect(desk.fake.registeredCommands()).toEqual([]);

		const second = await bot.application.commands.set(definitions.slice(0, 1), desk.guildId);
		expect([...second.keys()]).toEqual([stored[0]?.id]);
		expect(desk.fake.registeredCommands(desk.guildId)).toHaveLength(1);
	});

	it('types options from the registered command and resolves user and role options', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		await bot.application.commands.set(
			[
				{
					name: 'grant',
					description: 'Grant desk access',
					options: [
						{ type: ApplicationCommandOptionType.User, name: 'user', description: 'Who', required: true },
						{ type: ApplicationCommandOptionType.Role, name: 'role', description: 'Which role', required: true },
						{ type: ApplicationCommandOptionType.Integer, name: 'days', description: 'How long' },
					],
				},
			],
			desk.guildId,
		);
		const seen = nextInteraction(bot);
		desk.fake.injectSlashCommand({
			guildId: desk.guildId,
			userId: desk.traderId,
			name: 'grant',
			options: { user: desk.outsiderId, role: desk.traderRole, days: 7 },
		});

		const command = await seen;
		if (!command.isChatInputCommand() || !command.inCachedGuild()) throw new Error('expected a cached guild command');
		expect(command.commandId).toBe(desk.fake.registeredCommands(desk.guildId)[0]?.id);
		expect(command.options.getUser('user', true).username).toBe('olly');
		expect(command.options.getMember('user')?.roles.cache.has(desk.traderRole)).toBe(false);
		expect(command.options.getRole('role', true).name).toBe('Trader');
		expect(command.options.getInteger('days')).toBe(7);
	});

	it('round-trips a slash command: ephemeral defer, then an embed and a button, then a follow-up', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const seen = nextInteraction(bot);
		const handle = desk.fake.injectSlashCommand({
			guildId: desk.guildId,
			userId: desk.traderId,
			name: 'quote',
			options: { symbol: 'BTC/AUD', amount: 1.5 },
		});

		const command = await seen;
		if (!command.isChatInputCommand() || !command.inCachedGuild()) throw new Error('expected a cached guild command');
		expect(command.channelId).toBe(desk.channelId);
		expect(command.options.getString('symbol')).toBe('BTC/AUD');
		expect(command.options.getNumber('amount')).toBe(1.5);
		expect(command.member.roles.cache.has(desk.traderRole)).toBe(true);

		await command.deferReply({ flags: MessageFlags.Ephemeral });
		expect((await handle.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
		await command.editReply({
			embeds: [new EmbedBuilder().setTitle('BTC/AUD 101,000')],
			components: [confirmRow('confirm:9')],
		});

		const original = await handle.originalMessage();
		expect((original.data.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
		expect(original.data.embeds[0]?.title).toBe('BTC/AUD 101,000');
		expect(original.data.components).toMatchObject([{ type: 1, components: [{ type: 2, custom_id: 'confirm:9' }] }]);
		expect(desk.fake.messagesIn(desk.channelId)).toEqual([]);

		const followUp = await command.followUp({ content: 'Quote expires in 30 s', flags: MessageFlags.Ephemeral });
		expect(handle.followUps.map((message) => [message.data.id, message.data.content])).toEqual([
			[followUp.id, 'Quote expires in 30 s'],
		]);
		expect(desk.fake.unhandled).toEqual([]);
	});

	it('fills in the deferred original with the first follow-up, as Discord does', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const seen = nextInteraction(bot);
		const handle = desk.fake.injectSlashCommand({ guildId: desk.guildId, userId: desk.traderId, name: 'order' });
		const command = await seen;
		if (!command.isChatInputCommand()) throw new Error('expected a slash command');

		await command.deferReply();
		expect(desk.fake.messagesIn(desk.channelId).map((message) => message.data.flags)).toEqual([MessageFlags.Loading]);
		const first = await command.followUp('Order placed');
		const second = await command.followUp('Order filled');

		const original = await handle.originalMessage();
		expect([original.data.id, original.data.content]).toEqual([first.id, 'Order placed']);
		expect(handle.followUps.map((message) => [message.data.id, message.data.content])).toEqual([
			[second.id, 'Order filled'],
		]);
		expect(desk.fake.messagesIn(desk.channelId).map((message) => message.data.content)).toEqual([
			'Order placed',
			'Order filled',
		]);
	});

	it('applies interaction.update from a button click to the stored message, keeping the old version', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const ticket = await postTicket(desk, bot);
		expect(desk.fake.messagesIn(desk.channelId)).toEqual([ticket]);

		const seen = nextInteraction(bot);
		const click = desk.fake.injectButton({
			guildId: desk.guildId,
			userId: desk.traderId,
			customId: 'confirm:1',
			message: ticket,
		});
		const button = await seen;
		if (!button.isButton()) throw new Error('expected a button');
		expect(button.message.id).toBe(ticket.data.id);
		expect(button.message.content).toBe('Buy 1 BTC?');
		await button.update({ content: 'Confirmed', components: [] });

		expect(click.callbacks.map((callback) => callback.type)).toEqual([InteractionResponseType.UpdateMessage]);
		const stored = desk.fake.message(ticket.data.id);
		expect(stored?.data.content).toBe('Confirmed');
		expect(stored?.data.components).toEqual([]);
		expect(stored?.data.edited_timestamp).not.toBeNull();
		expect(stored?.history.map((version) => version.content)).toEqual(['Buy 1 BTC?']);
	});

	it('shows a modal from a button and reads the submitted fields', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const ticket = await postTicket(desk, bot);

		const clicked = nextInteraction(bot);
		const click = desk.fake.injectButton({
			guildId: desk.guildId,
			userId: desk.traderId,
			customId: 'size',
			message: ticket,
		});
		const button = await clicked;
		if (!button.isButton()) throw new Error('expected a button');
		const quantity = new TextInputBuilder().setCustomId('qty').setStyle(TextInputStyle.Short);
		await button.showModal(
			new ModalBuilder()
				.setCustomId('size-modal')
				.setTitle('Order size')
				.addLabelComponents(new LabelBuilder().setLabel('Quantity').setTextInputComponent(quantity)),
		);
		expect(click.modal).toMatchObject({ custom_id: 'size-modal', title: 'Order size' });

		const submitted = nextInteraction(bot);
		const submit = desk.fake.injectModalSubmit({
			guildId: desk.guildId,
			userId: desk.traderId,
			customId: 'size-modal',
			fields: { qty: '2.5' },
			message: ticket,
		});
		const modal = await submitted;
		if (!modal.isModalSubmit()) throw new Error('expected a modal submit');
		expect(modal.fields.getTextInputValue('qty')).toBe('2.5');
		expect(modal.isFromMessage()).toBe(true);
		await modal.reply({ content: 'Size 2.5 noted', flags: MessageFlags.Ephemeral });
		expect((await submit.originalMessage()).data.content).toBe('Size 2.5 noted');
	});

	it('records autocomplete choices for the focused option', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const seen = nextInteraction(bot);
		const handle = desk.fake.injectAutocomplete({
			guildId: desk.guildId,
			userId: desk.traderId,
			name: 'quote',
			options: { symbol: 'BT' },
			focused: 'symbol',
		});

		const autocomplete = await seen;
		if (!autocomplete.isAutocomplete()) throw new Error('expected autocomplete');
		expect(autocomplete.options.getFocused(true)).toMatchObject({ name: 'symbol', value: 'BT' });
		await autocomplete.respond([{ name: 'BTC/AUD', value: 'BTC/AUD' }]);

		expect((await handle.response()).type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
		expect(handle.choices).toEqual([{ name: 'BTC/AUD', value: 'BTC/AUD' }]);
	});

	it('stores a channel message with an attachment and its bytes', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const channel = await sendable(bot, desk.channelId);
		const csv = 'id,qty\n1,2.5\n';

		const sent = await channel.send({
			content: 'Fills',
			files: [new AttachmentBuilder(Buffer.from(csv), { name: 'fills.csv' })],
		});

		const stored = await desk.fake.waitForMessage(desk.channelId, (message) => message.data.id === sent.id);
		expect(stored.data.author.id).toBe(desk.fake.botUserId);
		expect(stored.files.map((file) => [file.name, file.content.toString()])).toEqual([['fills.csv', csv]]);
		const attachment = sent.attachments.first();
		expect(attachment?.name).toBe('fills.csv');
	});

	it('reports every message created, edited and deleted to its listeners, until unsubscribed', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const seen: string[] = [];
		const unsubscribe = desk.fake.listen((message, change) => seen.push(`${change}:${message.data.content}`));
		const channel = await sendable(bot, desk.channelId);

		const sent = await channel.send('Working');
		await sent.edit('Filled');
		await sent.delete();
		unsubscribe();
		await channel.send('unseen');

		expect(seen).toEqual(['created:Working', 'edited:Filled', 'deleted:Filled']);
	});

	it('builds a world with fixed ids, so that a rebuilt world keeps them, and refuses reuse or a non-snowflake', async () => {
		const fixed = { applicationId: '100000000000000001', guild: '100000000000000002', channel: '100000000000000003' };
		fake = await FakeDiscord.start({ applicationId: fixed.applicationId, recordTraffic: false });
		const guildId = fake.addGuild({ id: fixed.guild, name: 'Desk' });
		const channelId = fake.addChannel(guildId, { id: fixed.channel, name: 'desk' });
		const roleId = fake.addRole(guildId, { id: '100000000000000004', name: 'Trader' });
		const userId = fake.addMember(guildId, { id: '100000000000000005', username: 'you', roles: [roleId] });

		expect([fake.applicationId, fake.botUserId, guildId, channelId, roleId, userId]).toEqual([
			fixed.applicationId,
			fixed.applicationId,
			fixed.guild,
			fixed.channel,
			'100000000000000004',
			'100000000000000005',
		]);
		expect(() => fake?.addChannel(guildId, { id: fixed.guild, name: 'again' })).toThrow(/already used/);
		expect(() => fake?.addRole(guildId, { id: 'trader', name: 'Trader' })).toThrow(/not a snowflake/);

		await (await sendable(await loggedIn({ fake }), channelId)).send('hello');
		expect(fake.messagesIn(channelId).map((message) => message.data.content)).toEqual(['hello']);
		expect([fake.requests, fake.gatewayLog]).toEqual([[], []]);
	});

	it('delivers a DM interaction without a guild', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const seen = nextInteraction(bot);
		const handle = desk.fake.injectSlashCommand({ dm: true, userId: desk.traderId, name: 'quote' });

		const command = await seen;
		if (!command.isChatInputCommand()) throw new Error('expected a slash command');
		expect(command.inGuild()).toBe(false);
		expect(command.guildId).toBeNull();
		expect(command.member).toBeNull();
		expect(command.user.id).toBe(desk.traderId);
		expect(command.context).toBe(InteractionContextType.BotDM);
		const response = await command.reply({ content: 'Use the desk channel', withResponse: true });

		const original = await handle.originalMessage();
		expect(original.data.channel_id).toBe(command.channelId);
		expect(response.resource?.message?.id).toBe(original.data.id);
		expect(response.interaction.responseMessageEphemeral).toBe(false);
	});

	it('answers a callback after the ack deadline with 10062 and a second callback with 40060', async () => {
		const desk = await startDesk({ ackDeadlineMs: 100 });
		const bot = await loggedIn(desk);

		const late = nextInteraction(bot);
		const lateHandle = desk.fake.injectSlashCommand({ guildId: desk.guildId, userId: desk.traderId, name: 'quote' });
		const slow = await late;
		if (!slow.isChatInputCommand()) throw new Error('expected a slash command');
		await lateHandle.expired();
		const error = await slow.reply('too late').catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DiscordAPIError);
		expect((error as DiscordAPIError).code).toBe(RESTJSONErrorCodes.UnknownInteraction);
		expect(lateHandle.acknowledged).toBe(false);

		const twice = nextInteraction(bot);
		const handle = desk.fake.injectSlashCommand({ guildId: desk.guildId, userId: desk.traderId, name: 'quote' });
		await twice;
		const callback = Routes.interactionCallback(handle.id, handle.token);
		const body = { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'once' } };
		await bot.rest.post(callback, { body, auth: false });
		const again = await bot.rest.post(callback, { body, auth: false }).catch((caught: unknown) => caught);
		expect((again as DiscordAPIError).code).toBe(RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged);
	});

	it('lets discord.js retry an injected 429 so the message posts once', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		desk.fake.respondOnce(isMessagePost, {
			status: 429,
			headers: { 'retry-after': '0.05' },
			body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
		});

		const sent = await (await sendable(bot, desk.channelId)).send('Filled 1 BTC');

		expect(desk.fake.requests.filter(isMessagePost).map((request) => request.status)).toEqual([429, 200]);
		expect(desk.fake.messagesIn(desk.channelId).map((message) => [message.data.id, message.data.content])).toEqual([
			[sent.id, 'Filled 1 BTC'],
		]);
	});

	it('returns the existing message for a repeated enforced nonce after a dropped response', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk, { rest: { api: desk.fake.apiBase, retries: 1 }, enforceNonce: true });
		desk.fake.respondOnce(isMessagePost, { drop: true });

		const sent = await (await sendable(bot, desk.channelId)).send('Filled 2 BTC');

		const posts = desk.fake.requests.filter(isMessagePost);
		expect(posts.map((request) => [request.status, request.dropped])).toEqual([
			[200, true],
			[200, false],
		]);
		const [dropped, retried] = posts.map((request) => request.body as { nonce?: string; enforce_nonce?: boolean });
		expect(retried).toMatchObject({ enforce_nonce: true, nonce: dropped?.nonce });
		expect(desk.fake.messagesIn(desk.channelId).map((message) => message.data.id)).toEqual([sent.id]);
	});

	it('enforces a per-channel rate limit with headers discord.js honours', async () => {
		const desk = await startDesk({ rateLimit: { perChannel: { limit: 2, windowMs: 200 } } });
		const bot = await loggedIn(desk);
		const channel = await sendable(bot, desk.channelId);

		await Promise.all(['a', 'b', 'c'].map((content) => channel.send(content)));

		expect(desk.fake.requests.filter(isMessagePost).map((request) => request.status)).toEqual([200, 200, 200]);
		expect(desk.fake.messagesIn(desk.channelId)).toHaveLength(3);
		const url = `${desk.fake.apiBase}/v10/channels/${desk.channelId}/messages`;
		const post = () =>
			fetch(url, {
				method: 'POST',
				headers: { authorization: `Bot ${desk.fake.token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ content: 'raw' }),
			});
		const responses = [];
		for (let i = 0; i < 3; i += 1) responses.push(await post());
		const limited = responses.at(-1);
		expect(limited?.status).toBe(429);
		expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(limited?.headers.get('x-ratelimit-remaining')).toBe('0');
	});

	it('resumes the gateway session after a disconnect and keeps dispatching', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		const from = desk.fake.gatewayLog.length;

		desk.fake.disconnectGateway(4000);
		await desk.fake.waitForGateway((frame) => frame.t === 'RESUMED', from);
		const seen = nextInteraction(bot);
		desk.fake.injectSlashCommand({ guildId: desk.guildId, userId: desk.traderId, name: 'quote' });

		expect((await seen).isChatInputCommand()).toBe(true);
		expect(desk.fake.gatewayLog.slice(from).filter((frame) => frame.direction === 'in' && frame.op === 2)).toEqual([]);
	});

	it('answers unknown routes with 404 code 0 and records them', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);

		const error = await bot.rest.get(Routes.guildBans(desk.guildId)).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(DiscordAPIError);
		expect((error as DiscordAPIError).code).toBe(0);
		expect(desk.fake.unhandled.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /guilds/${desk.guildId}/bans`,
		]);
	});

	it('rejects login with a wrong token', async () => {
		const desk = await startDesk({ token: 'the-right-token' });
		const bot = newClient(desk);

		await expect(bot.login('a-wrong-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
		expect(desk.fake.requests.map((request) => `${request.route} ${request.status}`)).toEqual(['/gateway/bot 401']);
	});

	it('leaves no sockets open after destroy and stop', async () => {
		const desk = await startDesk();
		const bot = await loggedIn(desk);
		await (await sendable(bot, desk.channelId)).send('bye');
		expect(tcpHandles()).toBeGreaterThan(0);

		await bot.destroy();
		await desk.fake.stop();
		client = undefined;
		fake = undefined;

		await eventually(() => tcpHandles() === 0, 'every TCP handle (client and server side) to close');
	});
});
