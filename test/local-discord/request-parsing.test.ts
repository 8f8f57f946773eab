import { once } from 'node:events';
import { DiscordAPIError, REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import { GatewayOpcodes, InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord } from '../support/fake-discord.js';

/** Bodies and frames that do not parse are refused or ignored, Discord's way, and change nothing. */

let running: FakeDiscord | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.terminate();
	await running?.stop();
	running = undefined;
});

async function startDesk() {
	const fake = await FakeDiscord.start();
	running = fake;
	const guildId = fake.addGuild({ name: 'Desk' });
	const channelId = fake.addChannel(guildId, { name: 'trading-desk' });
	const userId = fake.addMember(guildId, { username: 'tina' });
	return { fake, guildId, channelId, userId };
}

interface Answer {
	readonly status: number;
	readonly body: unknown;
}

/** A raw request, so that the body can be anything a client might send. */
async function call(desk: FakeDiscord, method: string, path: string, body: string, auth = true): Promise<Answer> {
	const headers = { 'content-type': 'application/json', ...(auth ? { authorization: `Bot ${desk.token}` } : {}) };
	const response = await fetch(`${desk.apiBase}/v10${path}`, { method, headers, body });
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function gatewaySocket(desk: FakeDiscord): Promise<WebSocket> {
	const socket = new WebSocket(desk.apiBase.replace(/^http/, 'ws').replace(/\/api$/, '/gateway'));
	sockets.push(socket);
	await once(socket, 'open');
	return socket;
}

/** A logged-in gateway session without discord.js, so that interactions can be injected. */
async function identified(desk: FakeDiscord): Promise<WebSocket> {
	const socket = await gatewaySocket(desk);
	socket.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: desk.token, intents: 1 } }));
	await desk.waitForGateway((frame) => frame.t === 'READY');
	return socket;
}

const heartbeatAcks = (desk: FakeDiscord) =>
	desk.gatewayLog.filter((frame) => frame.direction === 'out' && frame.op === GatewayOpcodes.HeartbeatAck).length;

describe('request bodies that do not parse', () => {
	it('refuses a message whose embeds is not an array with 400 50035 naming the field, and stores nothing', async () => {
		const { fake, channelId } = await startDesk();

		const answer = await call(fake, 'POST', `/channels/${channelId}/messages`, JSON.stringify({ embeds: 'big' }));

		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({
			code: 50035,
			message: 'Invalid Form Body',
			errors: { embeds: { _errors: [{ code: 'INVALID_TYPE', message: expect.stringContaining('array') }] } },
		});
		expect(fake.messagesIn(channelId)).toEqual([]);
		expect(fake.requests.map((request) => [request.route, request.status])).toEqual([
			['/channels/:channel/messages', 400],
		]);
	});

	it('names a nested field that does not parse, which discord.js prints in its error', async () => {
		const { fake, channelId } = await startDesk();
		const rest = new REST({ api: fake.apiBase, retries: 0 }).setToken(fake.token);

		const error = await rest
			.post(Routes.channelMessages(channelId), { body: { content: 'x', embeds: [{ fields: [{ name: 'qty' }] }] } })
			.catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(DiscordAPIError);
		expect(error).toMatchObject({ status: 400, code: RESTJSONErrorCodes.InvalidFormBodyOrContentType });
		expect(String(error)).toContain('embeds[0].fields[0].value[INVALID_TYPE]');
		expect(fake.messagesIn(channelId)).toEqual([]);
	});

	it('answers a body that is not JSON with 400 50109 instead of failing the server', async () => {
		const { fake, channelId } = await startDesk();

		const answer = await call(fake, 'POST', `/channels/${channelId}/messages`, '{"content": "half');

		expect(answer).toEqual({
			status: 400,
			body: { code: 50109, message: 'The request body contains invalid JSON.' },
		});
		expect(fake.messagesIn(channelId)).toEqual([]);
		expect(fake.requests.map((request) => [request.status, request.body])).toEqual([[400, undefined]]);
	});

	it('checks the token before the body, as Discord does', async () => {
		const { fake, channelId } = await startDesk();

		const answer = await call(fake, 'POST', `/channels/${channelId}/messages`, 'not json', false);

		expect(answer.status).toBe(401);
	});

	it('keeps fields it does not read, so that newer discord.js bodies still go through', async () => {
		const { fake, channelId } = await startDesk();
		const body = {
			content: 'hi',
			allowed_mentions: { parse: [] },
			a_future_field: 1,
			embeds: [{ title: 't', color: 3 }],
		};

		const answer = await call(fake, 'POST', `/channels/${channelId}/messages`, JSON.stringify(body));

		expect(answer.status).toBe(200);
		expect(fake.messagesIn(channelId).map((message) => message.data.embeds)).toEqual([
			[{ type: 'rich', title: 't', color: 3 }],
		]);
	});

	it('refuses components that are not typed component objects', async () => {
		const { fake, channelId } = await startDesk();
		const body = { content: 'Buy?', components: [{ components: [{ type: 2, custom_id: 'confirm' }] }] };

		const answer = await call(fake, 'POST', `/channels/${channelId}/messages`, JSON.stringify(body));

		expect(answer).toMatchObject({
			status: 400,
			body: { errors: { components: { 0: { _errors: [{ code: 'CUSTOM' }] } } } },
		});
		expect(fake.messagesIn(channelId)).toEqual([]);
	});

	it('leaves a message as it was when an edit does not parse', async () => {
		const { fake, channelId } = await startDesk();
		const created = await call(fake, 'POST', `/channels/${channelId}/messages`, JSON.stringify({ content: 'Working' }));
		const [message] = fake.messagesIn(channelId);
		if (created.status !== 200 || !message) throw new Error('expected the message to post');

		const path = `/channels/${channelId}/messages/${message.data.id}`;
		const answer = await call(fake, 'PATCH', path, JSON.stringify({ content: 7 }));

		expect(answer).toMatchObject({ status: 400, body: { code: 50035, errors: { content: {} } } });
		expect([message.data.content, message.history]).toEqual(['Working', []]);
	});

	it('refuses a command registration that is not a list, keeping the commands registered before', async () => {
		const { fake, guildId } = await startDesk();
		const path = `/applications/${fake.applicationId}/guilds/${guildId}/commands`;
		const first = await call(fake, 'PUT', path, JSON.stringify([{ name: 'quote', description: 'Price a pair' }]));

		const answer = await call(fake, 'PUT', path, JSON.stringify({ name: 'order' }));

		expect([first.status, answer.status]).toEqual([200, 400]);
		expect(fake.registeredCommands(guildId).map((command) => command.name)).toEqual(['quote']);
	});

	it('refuses a callback without a known type, leaving the interaction unanswered for a valid one', async () => {
		const { fake, guildId, userId } = await startDesk();
		await identified(fake);
		const handle = fake.injectSlashCommand({ guildId, userId, name: 'quote' });
		const path = `/interactions/${handle.id}/${handle.token}/callback`;

		const typeless = await call(fake, 'POST', path, JSON.stringify({ data: { content: 'hi' } }), false);
		const unknownType = await call(fake, 'POST', path, JSON.stringify({ type: 99 }), false);
		const valid = { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Quoted' } };
		const answered = await call(fake, 'POST', path, JSON.stringify(valid), false);

		expect([typeless.status, unknownType.status, answered.status]).toEqual([400, 400, 204]);
		expect(typeless.body).toMatchObject({ code: 50035, errors: { type: {} } });
		expect(handle.callbacks.map((callback) => callback.type)).toEqual([
			InteractionResponseType.ChannelMessageWithSource,
		]);
		expect((await handle.originalMessage()).data.content).toBe('Quoted');
	});

	it('refuses a DM channel request without a recipient', async () => {
		const { fake } = await startDesk();

		const answer = await call(fake, 'POST', '/users/@me/channels', JSON.stringify({}));

		expect(answer).toMatchObject({ status: 400, body: { code: 50035, errors: { recipient_id: {} } } });
	});
});

describe('gateway frames that do not parse', () => {
	it('ignores a frame that is not JSON or names no op, and keeps the connection serving', async () => {
		const { fake } = await startDesk();
		const socket = await gatewaySocket(fake);

		socket.send('{not json');
		socket.send(JSON.stringify({ d: { token: fake.token } }));
		socket.send(JSON.stringify({ op: 'Identify', d: null }));
		socket.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: null }));
		await fake.waitForGateway((frame) => frame.op === GatewayOpcodes.HeartbeatAck);

		expect(socket.readyState).toBe(WebSocket.OPEN);
		expect(fake.gatewayLog.filter((frame) => frame.direction === 'in').map((frame) => frame.op)).toEqual([
			GatewayOpcodes.Heartbeat,
		]);
		expect(heartbeatAcks(fake)).toBe(1);
	});

	it('closes with 4002 on an IDENTIFY whose payload does not decode, and starts no session', async () => {
		const { fake, guildId, userId } = await startDesk();
		const socket = await gatewaySocket(fake);
		const closed = once(socket, 'close');

		socket.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { intents: 1 } }));

		const [code] = await closed;
		expect(code).toBe(4002);
		expect(fake.gatewayLog.filter((frame) => frame.t !== null)).toEqual([]);
		expect(() => fake.injectSlashCommand({ guildId, userId, name: 'quote' })).toThrow(/no gateway session/);
	});

	it('answers a RESUME that does not decode with INVALID_SESSION', async () => {
		const { fake } = await startDesk();
		const socket = await gatewaySocket(fake);

		socket.send(JSON.stringify({ op: GatewayOpcodes.Resume, d: { token: fake.token, seq: 'x' } }));

		await fake.waitForGateway((frame) => frame.op === GatewayOpcodes.InvalidSession);
		expect(socket.readyState).toBe(WebSocket.OPEN);
	});
});
