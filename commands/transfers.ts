import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { refuse } from '../src/desk/checked.js';
import { parseDeskSince } from '../src/desk/desk-date.js';
import { checkAsset, type TransferBook } from '../src/desk/transfer-book.js';
import { defineCommand } from '../src/discord/command.js';
import {
	describeTransferFilter,
	renderTransfersPage,
	transfersCommandName,
} from '../src/discord/render/transfers-page.js';
import type { TransferFilter } from '../src/zerocap/rest-client.js';

async function showPage(
	transfers: TransferBook,
	filter: TransferFilter,
	queryId: string,
	page: number,
	person: string,
	timeZone: string,
) {
	const result = await transfers.page(filter, page, person);
	return renderTransfersPage(result, queryId, describeTransferFilter(filter, timeZone), timeZone);
}

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName(transfersCommandName)
		.setDescription('Settlements, deposits and withdrawals at the broker, newest first, a page at a time')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option
				.setName('since')
				.setDescription('For example 24h, 7d, 2026-01-05 or 2026-01-05 09:30 (desk time)')
				.setMaxLength(30),
		)
		.addStringOption((option) =>
			option.setName('asset').setDescription('Only this asset, for example USDT').setMaxLength(20),
		),
	access: 'view',
	uses: ['transfers', 'clock'],
	async execute(interaction, { transfers, clock }) {
		const sinceText = interaction.options.getString('since');
		const since = sinceText === null ? undefined : parseDeskSince(sinceText, clock.now(), clock.timeZone);
		if (since && !since.ok) return since;
		const assetText = interaction.options.getString('asset');
		const asset = assetText === null ? undefined : checkAsset(assetText);
		if (asset && !asset.ok) return asset;
		const filter: TransferFilter = {
			...(since ? { since: since.value } : {}),
			...(asset ? { asset: asset.value } : {}),
		};
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const queryId = transfers.openQuery(interaction.user.id, filter);
		const person = interaction.user.id;
		await interaction.editReply(await showPage(transfers, filter, queryId, 1, person, clock.timeZone));
	},
	components: {
		page: {
			access: 'view',
			async handle(interaction, [queryId = '', pageText = '1'], { transfers, clock }) {
				const query = transfers.query(queryId, interaction.user.id);
				if (!query.ok) return query;
				const page = Number(pageText);
				if (!Number.isSafeInteger(page) || page < 1) return refuse('That page does not exist.');
				await interaction.deferUpdate();
				const person = interaction.user.id;
				await interaction.editReply(await showPage(transfers, query.value, queryId, page, person, clock.timeZone));
			},
		},
	},
});
