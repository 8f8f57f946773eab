import {
	AttachmentBuilder,
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
} from 'discord.js';
import { auditCsv } from '../src/desk/audit-csv.js';
import { parseDeskSince } from '../src/desk/desk-date.js';
import { deskDateTime } from '../src/desk/desk-time.js';
import { defineCommand } from '../src/discord/command.js';

const defaultLimit = 500;
const maxLimit = 10_000;

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName('audit')
		.setDescription('The audit trail as a CSV file')
		.setContexts(InteractionContextType.Guild)
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.addUserOption((option) => option.setName('user').setDescription('Only this person'))
		.addStringOption((option) =>
			option
				.setName('since')
				.setDescription('For example 24h, 7d or 2026-01-05 (the desk’s time zone)')
				.setMaxLength(30),
		)
		.addIntegerOption((option) =>
			option
				.setName('limit')
				.setDescription(`Most recent rows (default ${defaultLimit})`)
				.setMinValue(1)
				.setMaxValue(maxLimit),
		),
	access: 'admin',
	uses: ['audit', 'clock'],
	async execute(interaction, { audit, clock }) {
		const sinceText = interaction.options.getString('since');
		const since = sinceText === null ? undefined : parseDeskSince(sinceText, clock.now(), clock.timeZone);
		if (since && !since.ok) return since;
		const user = interaction.options.getUser('user');
		const limit = interaction.options.getInteger('limit') ?? defaultLimit;
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const entries = audit.query({
			...(user ? { userId: user.id } : {}),
			...(since ? { since: since.value } : {}),
			limit,
		});
		const refused = entries.filter((entry) => entry.outcome === 'refused').length;
		const orders = entries.filter((entry) => entry.action === 'order placement').length;
		const scope = [
			user ? `for ${user.username}` : 'for everyone',
			since ? `since ${deskDateTime(since.value, clock.timeZone)}` : '',
		]
			.filter(Boolean)
			.join(' ');
		const summary = `${entries.length} audit rows ${scope} (newest ${limit} at most): ${orders} order placements, ${refused} refusals.`;
		const file = new AttachmentBuilder(Buffer.from(auditCsv(entries), 'utf8'), { name: 'audit.csv' });
		await interaction.editReply({ content: summary, files: [file] });
	},
});
