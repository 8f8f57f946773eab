import { ApplicationCommandOptionType } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Capability } from '../../src/discord/access.js';
import {
	AuthzDesk,
	answerText,
	deskTicket,
	farLimitTicket,
	largeTicket,
	matrixApprovalAbove,
	type Place,
	places,
	type Role,
	roleCapabilities,
	roles,
	type Stage,
	titleOf,
} from '../support/authz-desk.js';
import { buttonIds, DeskHarness, messageText } from '../support/desk-harness.js';
import type { InteractionHandle } from '../support/fake-discord.js';
import { expectClearSentence } from '../support/prop-sentences.js';
import { marketBuy } from '../support/sandbox-peer.js';

/**
 * Every command, subcommand, button and form of the registry × every role (none, viewer, trader, admin, approver) ×
 * every place (the desk's server, a direct message, another server): only the allowed cells act, seen from
 * outside the bot, and every refusal is said in one sentence and audited. Then the refusals that are about
 * the thing rather than the person: a stranger's click, an expired ticket or query, an unknown button.
 */

/** The ticket a /order reply shows, by its Confirm button; null when it shows none. */
function ticketShown(handle: InteractionHandle): string | null {
	const shown = handle.original ? buttonIds(handle.original.data) : [];
	return shown.find((id) => id.startsWith('order:confirm:'))?.slice('order:confirm:'.length) ?? null;
}

/** The quote a /quote reply shows, by its Accept button; null when it shows none. */
function quoteShown(handle: InteractionHandle): string | null {
	const shown = handle.original ? buttonIds(handle.original.data) : [];
	return shown.find((id) => id.startsWith('quote:accept:'))?.slice('quote:accept:'.length) ?? null;
}

/** What each command and each button or form needs. A command or component missing here fails the first test. */
const expectedAccess: Record<string, Capability> = {
	price: 'view',
	chart: 'view',
	order: 'trade',
	quote: 'trade',
	'order-status': 'view',
	orders: 'view',
	status: 'view',
	halt: 'admin',
	resume: 'admin',
	audit: 'admin',
	alerts: 'admin',
	limits: 'view',
	'limits set': 'admin',
	'limits clear': 'admin',
	'order:confirm': 'trade',
	'order:cancel': 'trade',
	'order:retype': 'trade',
	'order:acknowledge': 'trade',
	'order:approve': 'approve',
	'order:reject': 'approve',
	'orders:page': 'view',
	balances: 'view',
	risk: 'view',
	transfers: 'view',
	'transfers:page': 'view',
	blotter: 'view',
	'quote:accept': 'trade',
	'quote:reject': 'trade',
	'quote:requote': 'trade',
};

/** Every slash entry of the registry: a command, or each of its subcommands. */
const slashEntries = commands.flatMap((command) => {
	const json = command.data.toJSON();
	const subcommands = (json.options ?? []).filter(
		(option) =>
			option.type === ApplicationCommandOptionType.Subcommand ||
			option.type === ApplicationCommandOptionType.SubcommandGroup,
	);
	if (subcommands.length === 0) return [{ key: json.name, command: json.name, access: command.access }];
	return subcommands.map((sub) => ({
		key: `${json.name} ${sub.name}`,
		command: json.name,
		access: command.subcommandAccess?.[sub.name] ?? command.access,
	}));
});

/** Every button and form of the registry, by `<command>:<action>`. */
const componentEntries = commands.flatMap((command) =>
	Object.entries(command.components ?? {}).map(([action, handler]) => ({
		key: `${command.data.name}:${action}`,
		command: command.data.name,
		access: handler.access,
	})),
);

const entries = [...slashEntries, ...componentEntries];

let world: AuthzDesk;
let seedOrderId = '';

beforeAll(async () => {
	const desk = await DeskHarness.start({ approvalAbove: matrixApprovalAbove });
	world = new AuthzDesk(desk);
	const seeded = await marketBuy(desk.sandbox, '1', 'authz-seed');
	seedOrderId = seeded.body.id;
}, 15_000);
afterAll(() => world.desk.close());
afterEach(() => {
	// Each cell starts trading and with no halt, whatever the last one did.
	const { deskState } = world.desk.store;
	if (deskState.halt().halted) deskState.setHalted(false, 'matrix', undefined, world.desk.clock.now());
});

const count = (endpoint: string) => world.desk.brokerCalls.count(endpoint);
const sampleTitle = 'Test: errors alerts come here';
const samplesPosted = () =>
	world.desk.fake.messagesIn(world.alertsChannelId).filter((message) => message.data.embeds[0]?.title === sampleTitle)
		.length;

/** How to stage each entry for an actor, and what it looks like when it acted. */
const scenes: Record<string, Stage> = {
	price: async (w) =>
		w.slashScene('price', undefined, { symbol: 'USDT/AUD' }, (handle) => titleOf(handle) === 'USDT/AUD price ladder'),
	chart: async (w) =>
		w.slashScene('chart', undefined, { symbol: 'USDT/AUD', window: '1h' }, (handle) =>
			(handle.original?.files ?? []).some((file) => file.name === 'chart-USDT-AUD-1h.png'),
		),
	order: async (w, actor) => ({
		...w.slashScene('order', undefined, deskTicket, (handle) => {
			const ticketId = ticketShown(handle);
			return ticketId !== null && w.desk.store.ticketRecords.ownerOf(ticketId) === actor.userId;
		}),
		ticketOpened: ticketShown,
	}),
	quote: async (w, actor) => ({
		...w.slashScene('quote', undefined, { side: 'buy', symbol: 'USDT/AUD', amount: deskTicket.amount }, (handle) => {
			const ticketId = quoteShown(handle);
			return ticketId !== null && w.desk.store.ticketRecords.ownerOf(ticketId) === actor.userId;
		}),
		ticketOpened: quoteShown,
	}),
	'order-status': async (w) => {
		const before = count('fetch_order');
		return w.slashScene(
			'order-status',
			undefined,
			{ id: seedOrderId },
			(handle) => count('fetch_order') > before && (titleOf(handle) ?? '').startsWith('BUY 1 USDT/AUD'),
		);
	},
	orders: async (w) => {
		const before = count('fetch_orders');
		return w.slashScene(
			'orders',
			undefined,
			{},
			(handle) => count('fetch_orders') > before && titleOf(handle) === 'Orders',
		);
	},
	status: async (w) => w.slashScene('status', undefined, {}, (handle) => titleOf(handle) === 'Desk status'),
	halt: async (w) => w.slashScene('halt', undefined, { reason: 'matrix' }, () => w.desk.store.deskState.halt().halted),
	resume: async (w) => {
		w.desk.store.deskState.setHalted(true, 'matrix', 'matrix', w.desk.clock.now());
		return w.slashScene('resume', undefined, {}, () => !w.desk.store.deskState.halt().halted);
	},
	audit: async (w) =>
		w.slashScene('audit', undefined, { limit: '5' }, (handle) =>
			(handle.original?.files ?? []).some((file) => file.name === 'audit.csv'),
		),
	'alerts set': async (w) => {
		w.desk.store.routes.set({
			kind: 'errors',
			channelId: w.alertsChannelId,
			mode: 'off',
			changedBy: 'matrix',
			changedAt: w.desk.clock.now(),
		});
		return w.slashScene('alerts', 'set', { kind: 'errors', channel: w.spareChannelId, mode: 'silent' }, () => {
			const route = w.desk.store.routes.get('errors');
			return route?.channelId === w.spareChannelId && route.mode === 'silent';
		});
	},
	'alerts list': async (w) => w.slashScene('alerts', 'list', {}, (handle) => titleOf(handle) === 'Alert routes'),
	'alerts test': async (w) => {
		w.desk.store.routes.set({
			kind: 'errors',
			channelId: w.alertsChannelId,
			mode: 'on',
			changedBy: 'matrix',
			changedAt: w.desk.clock.now(),
		});
		const before = samplesPosted();
		return w.slashScene('alerts', 'test', { kind: 'errors' }, () => samplesPosted() > before);
	},
	'limits show': async (w) => w.slashScene('limits', 'show', {}, (handle) => titleOf(handle) === 'Trading limits'),
	'limits set': async (w) =>
		w.slashScene(
			'limits',
			'set',
			{ trader: w.desk.users.trader2, daily: '900000' },
			(handle) => titleOf(handle) === 'Limits set',
		),
	'limits clear': async (w) => {
		const [role = ''] = w.desk.grants.view;
		const admin = w.target(w.desk.users.admin, 'desk');
		await w.desk.reply(
			w.desk.fake.injectSlashCommand({
				...admin,
				name: 'limits',
				subcommand: 'set',
				options: { role, daily: '900000' },
			}),
		);
		return w.slashScene('limits', 'clear', { role }, (handle) => answerText(handle).includes('back to the defaults'));
	},
	'order:confirm': async (w, actor) => {
		const { message, ticketId } = await w.openTicket(w.ownerFor(actor, 'trade', 'trader'));
		return w.buttonScene(message, `order:confirm:${ticketId}`, async () => (await w.exchangeOrders(ticketId)) > 0);
	},
	'order:cancel': async (w, actor) => {
		const { message, ticketId } = await w.openTicket(w.ownerFor(actor, 'trade', 'trader'));
		return w.buttonScene(message, `order:cancel:${ticketId}`, () =>
			messageText(message.data).includes('Canceled. Nothing was sent.'),
		);
	},
	'order:acknowledge': async (w, actor) => {
		const { message, ticketId } = await w.openTicket(w.ownerFor(actor, 'trade', 'trader'), farLimitTicket);
		return w.buttonScene(message, `order:acknowledge:${ticketId}`, () =>
			messageText(message.data).includes('Acknowledged: This buy limit is'),
		);
	},
	'order:retype': async (w, actor) => {
		const { message, ticketId } = await w.openTicket(w.ownerFor(actor, 'trade', 'trader'), largeTicket);
		const customId = `order:retype:${ticketId}`;
		const fields = { amount: largeTicket.amount };
		return {
			action: 'form order:retype',
			inputs: { customId, fields },
			ticketId,
			fire: (target) => w.desk.fake.injectModalSubmit({ ...target, customId, fields, message }),
			acted: async () => (await w.exchangeOrders(ticketId)) > 0,
		};
	},
	'order:approve': async (w) => {
		const { request, ticketId } = await w.requestApproval(w.desk.users.trader);
		return w.buttonScene(request, `order:approve:${ticketId}`, async () => (await w.exchangeOrders(ticketId)) > 0);
	},
	'order:reject': async (w) => {
		const { request, ticketId } = await w.requestApproval(w.desk.users.trader);
		return w.buttonScene(request, `order:reject:${ticketId}`, () => w.decided(ticketId, 'rejected'));
	},
	'quote:accept': async (w, actor) => {
		const { message, ticketId } = await w.openQuote(w.ownerFor(actor, 'trade', 'trader'));
		return w.buttonScene(message, `quote:accept:${ticketId}`, async () => (await w.exchangeOrders(ticketId)) > 0);
	},
	'quote:reject': async (w, actor) => {
		const { message, ticketId } = await w.openQuote(w.ownerFor(actor, 'trade', 'trader'));
		return w.buttonScene(message, `quote:reject:${ticketId}`, () =>
			messageText(message.data).includes('Rejected. Nothing was sent.'),
		);
	},
	'quote:requote': async (w, actor) => {
		const { message, ticketId } = await w.openQuote(w.ownerFor(actor, 'trade', 'trader'));
		const before = count('request_for_quote');
		// A requote opens a new ticket, replacing the card's: its row names the ticket the card shows after it.
		const shownNow = () =>
			buttonIds(message.data)
				.find((id) => id.startsWith('quote:accept:'))
				?.slice('quote:accept:'.length) ?? null;
		return {
			...w.buttonScene(message, `quote:requote:${ticketId}`, () => count('request_for_quote') > before),
			ticketOpened: shownNow,
		};
	},
	balances: async (w) => {
		const before = count('get_balances');
		return w.slashScene(
			'balances',
			undefined,
			{},
			(handle) => count('get_balances') > before && titleOf(handle) === 'Balances',
		);
	},
	risk: async (w) => w.slashScene('risk', undefined, {}, (handle) => titleOf(handle) === 'Broker risk limits'),
	transfers: async (w) => w.slashScene('transfers', undefined, {}, (handle) => titleOf(handle) === 'Transfers'),
	'transfers:page': async (w, actor) => {
		const owner = w.ownerFor(actor, 'view', 'viewer');
		const message = await w.desk.reply(w.desk.slash(owner, 'transfers'));
		const next = buttonIds(message.data).find((id) => id.startsWith('transfers:page:') && id.endsWith(':2')) ?? '';
		const before = count('get_transfers');
		return w.buttonScene(message, next, () => count('get_transfers') > before);
	},
	blotter: async (w) =>
		w.slashScene('blotter', undefined, { date: 'today' }, (handle) =>
			(handle.original?.files ?? []).some((file) => /^blotter-\d{4}-\d\d-\d\d\.csv$/.test(file.name)),
		),
	'orders:page': async (w, actor) => {
		const { message, next } = await w.openOrders(w.ownerFor(actor, 'view', 'viewer'));
		const before = count('fetch_orders');
		return w.buttonScene(message, next, () => count('fetch_orders') > before);
	},
};

const refusalFor = (place: Place, needed: Capability): RegExp => {
	if (place === 'dm') return /^The desk works only in its Discord server, not in direct messages\.$/;
	if (place === 'elsewhere') return /^This bot serves another server’s desk\.$/;
	return new RegExp(
		`^You need the ${needed} \\(.+\\) capability for this\\. Ask a desk head to grant you the role\\.$`,
	);
};

describe('the registry and the expected capabilities', () => {
	it('name every command, subcommand, button and form, with the capability each needs', () => {
		const named = [...new Set(entries.map((entry) => entry.command)), ...componentEntries.map((entry) => entry.key)];
		expect(
			named.filter((key) => !(key in expectedAccess)),
			'missing from expectedAccess',
		).toEqual([]);
		const subcommandKeys = slashEntries.map((entry) => entry.key);
		expect(
			Object.keys(expectedAccess).filter((key) => !named.includes(key) && !subcommandKeys.includes(key)),
			'no longer in the registry',
		).toEqual([]);
		for (const entry of slashEntries) {
			expect(entry.access, entry.key).toBe(expectedAccess[entry.key] ?? expectedAccess[entry.command]);
		}
		for (const entry of componentEntries) expect(entry.access, entry.key).toBe(expectedAccess[entry.key]);
		expect(
			entries.map((entry) => entry.key).filter((key) => !(key in scenes)),
			'missing a scene below',
		).toEqual([]);
	});
});

const cells = entries.flatMap((entry) =>
	roles.flatMap((role) => places.map((place) => ({ entry: entry.key, capability: entry.access, role, place }))),
);

describe('the authorization matrix', () => {
	it.each(cells)('$entry by $role in $place', async ({ entry, capability, role, place }) => {
		const stage = scenes[entry];
		if (!stage) throw new Error(`no scene for ${entry}`);
		const userId = world.userOf(role);
		const scene = await stage(world, { role, userId });
		const baseline = world.auditRows().length;
		const handle = scene.fire(world.target(userId, place));
		const row = await world.auditRowAfter(baseline, userId, scene.action);
		const allowed = place === 'desk' && roleCapabilities[role].includes(capability);

		expect(await scene.acted(handle), allowed ? 'the action took effect' : 'the action had no effect').toBe(allowed);
		expect(JSON.parse(row.inputs)).toMatchObject(scene.inputs);
		expect(row.ticketId).toBe(scene.ticketOpened ? scene.ticketOpened(handle) : scene.ticketId);
		expect(row.guildId).toBe(
			place === 'dm' ? null : place === 'elsewhere' ? world.desk.otherGuildId : world.desk.guildId,
		);
		if (allowed) {
			expect(row.outcome).toBe('ok');
			return;
		}
		const said = answerText(handle);
		expect(said).toMatch(refusalFor(place, capability));
		expectClearSentence(said);
		expect(row).toMatchObject({ outcome: 'refused', detail: said });
	});
});

/** Refusals about the thing, not the person: each is answered, changes nothing, and leaves its audit row. */
describe('buttons that are not the presser’s, or no longer valid', () => {
	const pressedBy = async (userId: string, scene: Awaited<ReturnType<Stage>>) => {
		const baseline = world.auditRows().length;
		const handle = scene.fire(world.target(userId, 'desk'));
		const row = await world.auditRowAfter(baseline, userId, scene.action);
		expect(await scene.acted(handle)).toBe(false);
		expect(JSON.parse(row.inputs)).toMatchObject(scene.inputs);
		expect(row.ticketId).toBe(scene.ticketId);
		expect(row).toMatchObject({ outcome: 'refused', detail: answerText(handle) });
		return { said: answerText(handle), row };
	};
	const trader = () => ({ role: 'trader' as Role, userId: world.desk.users.trader });

	it.each(['order:confirm', 'order:cancel', 'order:retype'])('%s pressed by another trader', async (entry) => {
		const scene = await scenes[entry]?.(world, trader());
		if (!scene) throw new Error(entry);
		const { said } = await pressedBy(world.desk.users.trader2, scene);
		expect(said).toBe('Only the trader who opened this ticket can use it.');
		expectClearSentence(said);
	});

	it.each(['order:confirm', 'order:cancel', 'order:retype'])('%s pressed once the ticket expired', async (entry) => {
		const scene = await scenes[entry]?.(world, trader());
		if (!scene) throw new Error(entry);
		world.desk.clock.advance(30_001);
		const { said } = await pressedBy(world.desk.users.trader, scene);
		expect(said).toBe('This ticket has expired. Nothing was sent; open a new ticket.');
	});

	it('orders:page pressed by someone else who may view', async () => {
		const scene = await scenes['orders:page']?.(world, { role: 'viewer', userId: world.desk.users.viewer });
		if (!scene) throw new Error('orders:page');
		const { said } = await pressedBy(world.desk.users.trader, scene);
		expect(said).toBe('Only the trader who ran this /orders can page through it.');
		expectClearSentence(said);
	});

	it('orders:page pressed once the query expired', async () => {
		const scene = await scenes['orders:page']?.(world, { role: 'viewer', userId: world.desk.users.viewer });
		if (!scene) throw new Error('orders:page');
		world.desk.clock.advance(14 * 60_000 + 1);
		const { said } = await pressedBy(world.desk.users.viewer, scene);
		expect(said).toBe('These buttons have expired. Run /orders again.');
	});

	it.each(['nope:thing', 'order:explode:x', 'orders'])(
		'an unknown button %s is refused and audited',
		async (customId) => {
			const { message } = await world.openTicket(world.desk.users.trader);
			const scene = world.buttonScene(message, customId, () => false);
			const action = `button ${customId.split(':').length > 1 ? customId.split(':').slice(0, 2).join(':') : customId}`;
			const baseline = world.auditRows().length;
			const handle = scene.fire(world.target(world.desk.users.trader, 'desk'));
			const row = await world.auditRowAfter(baseline, world.desk.users.trader, action);
			expect(answerText(handle)).toBe('This button is no longer in use.');
			expect(row).toMatchObject({ outcome: 'refused', detail: 'This button is no longer in use.' });
		},
	);
});

describe('autocomplete answers only those who may use the command', () => {
	const completing = commands.filter((command) => command.autocomplete !== undefined);
	it.each(
		completing.flatMap((command) => roles.map((role) => ({ name: command.data.name, access: command.access, role }))),
	)('$name by $role', async ({ name, access, role }) => {
		const handle = world.desk.fake.injectAutocomplete({
			guildId: world.desk.guildId,
			channelId: world.desk.channelId,
			userId: world.userOf(role),
			name,
			options: { symbol: 'usd' },
			focused: 'symbol',
		});
		await handle.response();
		const allowed = roleCapabilities[role].includes(access);
		expect((handle.choices ?? []).length > 0).toBe(allowed);
	});
});
