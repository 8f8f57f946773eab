import {
	type APIApplicationCommand,
	type APIApplicationCommandBasicOption,
	type APIApplicationCommandOption,
	ApplicationCommandOptionType,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import {
	InputError,
	isBasicOption,
	isSubcommand,
	optionsFor,
	ownOptionsOf,
	readLine,
	splitWords,
	subcommandsOf,
	toInvocation,
} from '../../src/console/command-line.js';

/** The console reads lines against the commands' own definitions, as Discord's client checks them. */

function definition(name: string): APIApplicationCommand {
	const command = commands.find((candidate) => candidate.data.name === name);
	if (!command) throw new Error(`no /${name}`);
	return { ...command.data.toJSON(), id: '1', application_id: '1', version: '1' } as APIApplicationCommand;
}

const channels: Record<string, string> = { '#fills': '300', fills: '300' };
const resolve = (_: unknown, text: string) => {
	const id = channels[text];
	if (!id) throw new InputError('is not a channel here');
	return id;
};

function parse(line: string) {
	const read = readLine(line);
	if (read.kind !== 'slash') throw new Error(`not a slash command: ${line}`);
	return toInvocation(definition(read.name), read.words, resolve);
}

describe('reading a console line', () => {
	it('splits words on spaces and keeps quoted text, with escapes, together', () => {
		expect(splitWords('halt "desk review at 5" now')).toEqual(['halt', 'desk review at 5', 'now']);
		expect(splitWords('a "say \\"hi\\"" "" b')).toEqual(['a', 'say "hi"', '', 'b']);
		expect(() => splitWords('halt "open')).toThrow('A quote is not closed');
	});

	it('tells a button press, a console command and a slash command apart', () => {
		expect(readLine('  12 ')).toEqual({ kind: 'press', number: 12 });
		expect(readLine('/EXIT')).toEqual({ kind: 'console', name: 'quit', args: [] });
		expect(readLine('/help order')).toEqual({ kind: 'console', name: 'help', args: ['order'] });
		expect(readLine('/Price USDT/AUD')).toEqual({ kind: 'slash', name: 'price', words: ['USDT/AUD'] });
		expect(readLine('   ')).toEqual({ kind: 'empty' });
		expect(() => readLine('price')).toThrow(InputError);
	});

	it('fills options in order, by name, or both, and takes choices in any case', () => {
		const expected = { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'limit', price: '1.5' };
		expect(parse('/order buy USDT/AUD 100 limit 1.5').options).toEqual(expected);
		expect(parse('/order price:1.5 type:LIMIT side:Buy USDT/AUD 100').options).toEqual(expected);
		expect(parse('/order buy USDT/AUD 100 market')).toEqual({
			name: 'order',
			subcommand: undefined,
			options: { side: 'buy', symbol: 'USDT/AUD', amount: '100', type: 'market' },
		});
	});

	it('reads subcommands, channels and whole numbers', () => {
		expect(parse('/alerts set fills #fills silent')).toEqual({
			name: 'alerts',
			subcommand: 'set',
			options: { kind: 'fills', channel: '300', mode: 'silent' },
		});
		expect(parse('/audit limit:25 since:24h').options).toEqual({ limit: 25, since: '24h' });
		expect(parse('/alerts list')).toEqual({ name: 'alerts', subcommand: 'list', options: {} });
	});

	it('refuses what Discord would refuse, naming the option and the value', () => {
		const refusals: [string, string][] = [
			['/order buy USDT/AUD', '/order needs "amount" (Amount of the base currency, e.g. 1000), "type"'],
			['/order buy USDT/AUD 100 stop', '"type" must be one of market, limit (got "stop")'],
			['/order buy USDT/AUD 100 market 1 2', '"2" is one too many'],
			['/order amount:1 amount:2', '"amount" is given twice'],
			[`/order buy USDT/AUD ${'9'.repeat(41)} market`, '"amount" takes at most 40 characters'],
			['/audit limit:1.5', '"limit" must be a whole number (got "1.5")'],
			['/audit limit:100000', '"limit" must be at most'],
			['/alerts set fills #elsewhere on', '"channel" is not a channel here (got "#elsewhere")'],
			['/alerts mute', '/alerts has no "mute"; it takes one of: set, list, test.'],
			['/order side: USDT/AUD 100 market', '"side" is empty'],
		];
		for (const [line, message] of refusals) expect(() => parse(line), line).toThrow(message);
	});
});

describe("telling a command's options apart by type", () => {
	const valued: APIApplicationCommandBasicOption[] = [
		{ type: ApplicationCommandOptionType.String, name: 'string', description: 'A value' },
		{ type: ApplicationCommandOptionType.Integer, name: 'integer', description: 'A value' },
		{ type: ApplicationCommandOptionType.Boolean, name: 'boolean', description: 'A value' },
		{ type: ApplicationCommandOptionType.User, name: 'user', description: 'A value' },
		{ type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'A value' },
		{ type: ApplicationCommandOptionType.Role, name: 'role', description: 'A value' },
		{ type: ApplicationCommandOptionType.Mentionable, name: 'mentionable', description: 'A value' },
		{ type: ApplicationCommandOptionType.Number, name: 'number', description: 'A value' },
		{ type: ApplicationCommandOptionType.Attachment, name: 'attachment', description: 'A value' },
	];
	const subcommand: APIApplicationCommandOption = {
		type: ApplicationCommandOptionType.Subcommand,
		name: 'set',
		description: 'Set it',
	};
	const group: APIApplicationCommandOption = {
		type: ApplicationCommandOptionType.SubcommandGroup,
		name: 'routes',
		description: 'Routes',
		options: [],
	};

	it('takes only subcommands as subcommands, not groups or options with a value', () => {
		expect(isSubcommand(subcommand)).toBe(true);
		expect(isSubcommand(group)).toBe(false);
		for (const option of valued) expect(isSubcommand(option), option.name).toBe(false);
	});

	it('takes every option with a value as one, and neither subcommands nor groups', () => {
		for (const option of valued) expect(isBasicOption(option), option.name).toBe(true);
		expect(isBasicOption(subcommand)).toBe(false);
		expect(isBasicOption(group)).toBe(false);
	});

	it("reads the registered commands' options without their subcommands", () => {
		const alerts = definition('alerts');
		expect(subcommandsOf(alerts).map((sub) => sub.name)).toEqual(['set', 'list', 'test']);
		expect(ownOptionsOf(alerts)).toEqual([]);
		expect(optionsFor(alerts, ['set']).options.map((option) => option.name)).toEqual(['kind', 'channel', 'mode']);
		const order = definition('order');
		expect(subcommandsOf(order)).toEqual([]);
		expect(ownOptionsOf(order).map((option) => option.name)).toEqual(['side', 'symbol', 'amount', 'type', 'price']);
		const grouped: APIApplicationCommand = { ...order, options: [group, ...(order.options ?? [])] };
		expect(ownOptionsOf(grouped)).toEqual(ownOptionsOf(order));
	});
});
