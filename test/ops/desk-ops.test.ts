import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { type RunningDesk, runDesk } from '../../src/app/run-desk.js';
import { buttonIds, messageText } from '../support/desk-harness.js';
import { FakeDiscord, type FakeRequest } from '../support/fake-discord.js';
import { registerEnvironmentSecrets, type ScanSource } from '../support/leak-scan.js';
import { registerTextSource } from '../support/leak-sources.js';
import { type MetricsText, sampleValue } from './metrics-text.js';
import { OpsClient, waitForMetrics } from './ops-client.js';

/**
 * The bot as `npm start` wires it (runDesk, in this process) with OPS_PORT=0, against the embedded sandbox
 * (its controls served) and the fake Discord: the endpoints are scraped as Prometheus would, and each desk
 * metric is checked to move with the event that should move it.
 */

let fake: FakeDiscord | undefined;
let desk: RunningDesk | undefined;
let ops: OpsClient | undefined;
let printedLines: ScanSource | undefined;

afterEach(async () => {
	await desk?.stop();
	await fake?.stop();
	ops?.release();
	printedLines?.release();
	desk = undefined;
	fake = undefined;
	ops = undefined;
	printedLines = undefined;
});

const deskFamilies = {
	desk_orders_total: 'counter',
	desk_order_result_duration_seconds: 'histogram',
	desk_broker_request_duration_seconds: 'histogram',
	desk_broker_queued_requests: 'gauge',
	desk_broker_running_requests: 'gauge',
	desk_stream_status: 'gauge',
	desk_stream_reconnects_total: 'counter',
	desk_stream_frames_total: 'counter',
	desk_stream_malformed_frames_total: 'counter',
	desk_ladder_age_seconds: 'gauge',
	desk_alerts_posted_total: 'counter',
	desk_alert_post_failures_total: 'counter',
	desk_alerts_waiting: 'gauge',
	desk_alerts_failing: 'gauge',
	desk_alerts_set_aside_total: 'counter',
	desk_discord_rate_limited_responses_total: 'counter',
	desk_halted: 'gauge',
	process_resident_memory_bytes: 'gauge',
	process_cpu_seconds_total: 'counter',
	nodejs_eventloop_lag_seconds: 'gauge',
	nodejs_heap_size_used_bytes: 'gauge',
};

async function startDesk() {
	const discord = await FakeDiscord.start();
	fake = discord;
	const guildId = discord.addGuild({ name: 'Desk' });
	const channelId = discord.addChannel(guildId, { name: 'trading-desk' });
	const traderRole = discord.addRole(guildId, { name: 'Trader' });
	const adminRole = discord.addRole(guildId, { name: 'Admin' });
	const trader = discord.addMember(guildId, { username: 'tina', roles: [traderRole] });
	const admin = discord.addMember(guildId, { username: 'ada', roles: [adminRole] });
	const channels = {
		fills: discord.addChannel(guildId, { name: 'fills' }),
		orders: discord.addChannel(guildId, { name: 'orders' }),
		errors: discord.addChannel(guildId, { name: 'errors' }),
	};
	const env = {
		LOG_LEVEL: 'silent',
		SANDBOX_PORT: '0',
		SANDBOX_CONTROLS: 'true',
		OPS_PORT: '0',
		STORE_PATH: join(tmpdir(), `desk-ops-test-${randomUUID()}.sqlite`),
		DISCORD_TOKEN: discord.token,
		DISCORD_APPLICATION_ID: discord.applicationId,
		DISCORD_GUILD_ID: guildId,
		DISCORD_API_BASE: discord.apiBase,
		ROLE_TRADER_IDS: traderRole,
		ROLE_ADMIN_IDS: adminRole,
	};
	registerEnvironmentSecrets(env);
	let printed = '';
	const stdout = new Writable({
		write(chunk, _encoding, done) {
			printed += String(chunk);
			done();
		},
	});
	printedLines = registerTextSource('the desk’s printed lines', () => printed);
	const running = await runDesk(loadConfig(env), { stdin: new PassThrough(), stdout, terminal: false, colour: false });
	desk = running;
	if (!running.opsUrl) throw new Error('no ops endpoints');
	expect(printed).toContain(`Ops endpoints at ${running.opsUrl}: /healthz, /readyz, /metrics`);
	const [, restUrl = ''] = /REST\s+(http:\/\/\S+)\/v2/.exec(printed) ?? [];
	const client = new OpsClient(running.opsUrl);
	ops = client;
	const control = async (action: string) => {
		const response = await fetch(`${restUrl}/__sandbox/${action}`, { method: 'POST', body: '{}' });
		expect(response.status).toBe(200);
	};
	const slash = (userId: string, name: string, options: Record<string, string>, subcommand?: string) =>
		discord.injectSlashCommand({
			guildId,
			channelId,
			userId,
			name,
			options,
			...(subcommand ? { subcommand } : {}),
		});
	const route = async (kind: keyof typeof channels) => {
		const set = slash(admin, 'alerts', { kind, channel: channels[kind], mode: 'on' }, 'set');
		await set.response();
		await set.originalMessage();
	};
	return { discord, client, control, slash, route, guildId, channelId, trader, admin, channels };
}

const value = (metrics: MetricsText, name: string, labels: Record<string, string> = {}) =>
	sampleValue(metrics, name, labels) ?? Number.NaN;

/** No label holds a Discord id (a person, a channel) or an order or ticket id, and none of `known` is anywhere. */
function expectNoIds(metrics: MetricsText & { text: string }, known: readonly string[]): void {
	const values = metrics.samples.flatMap((sample) => Object.values(sample.labels));
	expect(values.filter((label) => /^\d{17,20}$|[0-9a-f]{8}-[0-9a-f]{4}-/i.test(label))).toEqual([]);
	for (const id of known) expect(metrics.text).not.toContain(id);
}

describe('the ops endpoints of a running desk', () => {
	it('serve every desk metric in Prometheus’ text format, each moving with its event', async () => {
		const { discord, client, slash, route, guildId, channelId, trader, admin, channels } = await startDesk();
		await client.waitForReadiness((answer) => answer.status === 200);
		expect((await client.get('/healthz')).status).toBe(200);

		const before = await client.metrics();
		for (const [name, type] of Object.entries(deskFamilies))
			expect([name, before.types.get(name)]).toEqual([name, type]);
		for (const [name, type] of before.types) {
			if (type === 'counter') expect(name).toMatch(/_total$/);
			if (name.startsWith('desk_')) expect(name).not.toMatch(/_(ms|milliseconds|minutes)$/);
		}
		const labelNames = new Set(before.samples.flatMap((sample) => Object.keys(sample.labels)));
		expect([...labelNames].filter((label) => /id|user|order_?id|ticket|channel/i.test(label))).toEqual([]);
		expect(value(before, 'desk_stream_status', { status: 'ready' })).toBe(1);
		expect(value(before, 'desk_halted')).toBe(0);
		expect(value(before, 'desk_ladder_age_seconds', { symbol: 'USDT/AUD' })).toBeLessThan(10);
		expect(value(before, 'desk_orders_total', { outcome: 'placed' })).toBe(0);
		expect(
			value(before, 'desk_broker_request_duration_seconds_count', {
				endpoint: 'api_key_signature_valid',
				status: '200',
			}),
		).toBe(1);
		expect(value(before, 'process_resident_memory_bytes')).toBeGreaterThan(0);

		await route('fills');
		await route('orders');
		// The first fill post is refused once (the bot lost access), and the order's status post is rate limited once.
		const postsTo = (channel: string) => (request: FakeRequest) =>
			request.method === 'POST' && request.path === `/channels/${channel}/messages`;
		discord.respondOnce(postsTo(channels.fills), { status: 403, body: { message: 'Missing Access', code: 50001 } });
		discord.respondOnce(postsTo(channels.orders), {
			status: 429,
			body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
			headers: { 'retry-after': '0.05' },
		});

		const order = slash(trader, 'order', { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' });
		await order.response();
		const ticket = await order.originalMessage();
		const confirmId = buttonIds(ticket.data)[0] ?? '';
		const confirm = discord.injectButton({
			guildId,
			channelId,
			userId: trader,
			customId: confirmId,
			message: ticket,
		});
		await confirm.response();
		const result = await confirm.originalMessage((message) => messageText(message.data).includes('Placed'));
		expect(messageText(result.data)).toContain('Placed: filled.');
		await discord.waitForMessage(channels.fills);
		await discord.waitForMessage(channels.orders);

		const after = await waitForMetrics(
			client,
			(metrics) =>
				value(metrics, 'desk_alerts_posted_total', { route: 'fills' }) >= 1 &&
				value(metrics, 'desk_alerts_posted_total', { route: 'orders' }) >= 1,
		);
		expect(value(after, 'desk_orders_total', { outcome: 'placed' })).toBe(1);
		expect(value(after, 'desk_orders_total', { outcome: 'not-placed' })).toBe(0);
		expect(value(after, 'desk_order_result_duration_seconds_count')).toBe(1);
		expect(value(after, 'desk_order_result_duration_seconds_sum')).toBeGreaterThan(0);
		expect(
			value(after, 'desk_broker_request_duration_seconds_count', { endpoint: 'create_order', status: '200' }),
		).toBe(1);
		expect(value(after, 'desk_alert_post_failures_total', { route: 'fills' })).toBe(1);
		expect(value(after, 'desk_alerts_posted_total', { route: 'fills' })).toBe(1);
		expect(value(after, 'desk_discord_rate_limited_responses_total')).toBe(1);
		expect(value(after, 'desk_alerts_waiting', { route: 'fills' })).toBe(0);
		expect(value(after, 'desk_alerts_failing', { route: 'fills' })).toBe(0);
		expect(value(after, 'desk_stream_frames_total')).toBeGreaterThan(value(before, 'desk_stream_frames_total'));

		const halt = slash(admin, 'halt', { reason: 'desk review' });
		await halt.response();
		await halt.originalMessage();
		expect(value(await client.metrics(), 'desk_halted')).toBe(1);
		const resume = slash(admin, 'resume', {});
		await resume.response();
		await resume.originalMessage();
		const last = await client.metrics();
		expect(value(last, 'desk_halted')).toBe(0);
		const orderId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(messageText(result.data))?.[0];
		const ticketId = confirmId.split(':').at(-1) ?? '';
		expect([orderId, ticketId].every((id) => id && id.length > 8)).toBe(true);
		expectNoIds(last, [trader, admin, guildId, channelId, ...Object.values(channels), orderId ?? '', ticketId]);
	}, 30_000);

	it('answer /readyz 503 naming the stream while it is down, 200 once it is back, and 503 while shutting down', async () => {
		const { client, control, route, guildId, channelId, trader, admin } = await startDesk();
		await client.waitForReadiness((answer) => answer.status === 200);
		await route('errors');
		const before = await client.metrics();

		await control('refuse-streams');
		await control('drop-streams');
		const down = await client.waitForReadiness((answer) => answer.status === 503);
		expect(down.notReady).toEqual(['stream']);
		const whileDown = await client.metrics();
		expect(value(whileDown, 'desk_stream_status', { status: 'ready' })).toBe(0);

		await control('accept-streams');
		await client.waitForReadiness((answer) => answer.status === 200, 20_000);
		const back = await waitForMetrics(
			client,
			(metrics) => value(metrics, 'desk_alerts_posted_total', { route: 'errors' }) >= 2,
		);
		expect(value(back, 'desk_stream_reconnects_total')).toBeGreaterThan(value(before, 'desk_stream_reconnects_total'));
		expect(value(back, 'desk_stream_status', { status: 'ready' })).toBe(1);
		expectNoIds(back, [guildId, channelId, trader, admin]);

		// Shutting down, the bot is no longer ready, while it still answers.
		const stopped = desk?.stop();
		const shuttingDown = await client.readiness();
		expect(shuttingDown.status).toBe(503);
		expect(shuttingDown.notReady).toContain('running');
		await stopped;
		await expect(client.get('/healthz')).rejects.toThrow();
	}, 40_000);
});
