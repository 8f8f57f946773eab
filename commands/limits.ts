import {
	type ChatInputCommandInteraction,
	InteractionContextType,
	MessageFlags,
	SlashCommandBuilder,
} from 'discord.js';
import { accept, type Checked, refuse } from '../src/desk/checked.js';
import { checkDecimal } from '../src/desk/order-input.js';
import type { LimitSet, LimitSubject } from '../src/desk/trader-limits.js';
import { defineCommand } from '../src/discord/command.js';
import { colours } from '../src/discord/render/format.js';
import { renderLimits, renderLimitsSet } from '../src/discord/render/limits.js';
import { privateNotice } from '../src/discord/replies.js';

/** Whom `/limits set` or `/limits clear` is about: exactly one of a trader or a role. */
function subjectOf(interaction: ChatInputCommandInteraction<'cached'>): Checked<LimitSubject> {
	const trader = interaction.options.getUser('trader');
	const role = interaction.options.getRole('role');
	if ((trader === null) === (role === null))
		return refuse('Name either a trader or a role, not both. Nothing changed.');
	return accept(trader ? { kind: 'user', id: trader.id } : { kind: 'role', id: role?.id ?? '' });
}

/** The limits typed, each a plain decimal in the desk's currency; symbols separated by commas. */
function changesOf(interaction: ChatInputCommandInteraction<'cached'>): Checked<LimitSet> {
	const changes: { -readonly [K in keyof LimitSet]: LimitSet[K] } = {};
	for (const [option, field] of [
		['max_order', 'maxOrderValue'],
		['daily', 'dailyValue'],
		['position', 'maxPosition'],
	] as const) {
		const text = interaction.options.getString(option);
		if (text === null) continue;
		const value = checkDecimal(option, text);
		if (!value.ok) return value;
		changes[field] = value.value;
	}
	const symbols = interaction.options.getString('symbols');
	if (symbols !== null) {
		changes.symbols = symbols
			.split(',')
			.map((symbol) => symbol.trim().toUpperCase())
			.filter((symbol) => symbol !== '');
	}
	return accept(changes);
}

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('limits')
		.setDescription('Trading limits per trader and per role')
		.setContexts(InteractionContextType.Guild)
		.addSubcommand((sub) =>
			sub
				.setName('show')
				.setDescription('Your limits and what you used today (an admin may name a trader)')
				.addUserOption((option) => option.setName('trader').setDescription('Another trader (admins only)')),
		)
		.addSubcommand((sub) =>
			sub
				.setName('set')
				.setDescription('Set limits for a trader or a role, in the desk currency')
				.addUserOption((option) => option.setName('trader').setDescription('The trader'))
				.addRoleOption((option) => option.setName('role').setDescription('Or everyone with this role'))
				.addStringOption((option) =>
					option.setName('max_order').setDescription('Most one order may be worth').setMaxLength(30),
				)
				.addStringOption((option) =>
					option.setName('daily').setDescription('Bought plus sold in a day').setMaxLength(30),
				)
				.addStringOption((option) =>
					option.setName('position').setDescription('Largest net position in one asset').setMaxLength(30),
				)
				.addStringOption((option) =>
					option.setName('symbols').setDescription('Allowed symbols, e.g. USDT/AUD,BTC/AUD').setMaxLength(300),
				),
		)
		.addSubcommand((sub) =>
			sub
				.setName('clear')
				.setDescription('Remove the limits set for a trader or a role')
				.addUserOption((option) => option.setName('trader').setDescription('The trader'))
				.addRoleOption((option) => option.setName('role').setDescription('Or everyone with this role')),
		),
	access: 'view',
	subcommandAccess: { set: 'admin', clear: 'admin' },
	uses: ['limits', 'caller'],
	async execute(interaction, { limits, caller }) {
		const subcommand = interaction.options.getSubcommand(true);
		if (subcommand === 'show') {
			const trader = interaction.options.getMember('trader');
			const other = trader !== null && trader.id !== interaction.user.id;
			if (other && !caller.may('admin')) return refuse('Only an admin can see another trader’s limits.');
			const member = trader ?? interaction.member;
			const report = limits.report(member.id, [...member.roles.cache.keys()]);
			await interaction.reply({ ...renderLimits(member.id, report), flags: MessageFlags.Ephemeral });
			return undefined;
		}
		const subject = subjectOf(interaction);
		if (!subject.ok) return subject;
		if (subcommand === 'clear') {
			const cleared = limits.clear(subject.value);
			if (!cleared.ok) return cleared;
			await interaction.reply(
				privateNotice('Their limits are back to the defaults from the next ticket.', colours.good),
			);
			return undefined;
		}
		const changes = changesOf(interaction);
		if (!changes.ok) return changes;
		const set = limits.set(subject.value, changes.value, interaction.user.id);
		if (!set.ok) return set;
		await interaction.reply({ ...renderLimitsSet(set.value, limits.currency), flags: MessageFlags.Ephemeral });
		return undefined;
	},
});
