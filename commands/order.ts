import {
	type BaseMessageOptions,
	type ChatInputCommandInteraction,
	InteractionContextType,
	type Message,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
} from 'discord.js';
import type { Approvals } from '../src/desk/approvals.js';
import type { Refusal } from '../src/desk/checked.js';
import { refuse } from '../src/desk/checked.js';
import type { Actor, TicketDesk } from '../src/desk/ticket-desk.js';
import type { Ticket } from '../src/desk/tickets.js';
import { type ActedOnTicket, type ComponentInteraction, defineCommand } from '../src/discord/command.js';
import { postToRoute } from '../src/discord/post-to-route.js';
import {
	approvalEndWords,
	renderApprovalRequest,
	renderRequestClosed,
	renderRequestPlacement,
} from '../src/discord/render/approval.js';
import { colours, discordTime } from '../src/discord/render/format.js';
import {
	orderCommandName,
	renderOutcomeUnknown,
	renderPlacement,
	renderRetypeModal,
	renderTicket,
	renderTicketStatus,
	retypeFieldId,
} from '../src/discord/render/ticket.js';
import { privateNotice } from '../src/discord/replies.js';
import { suggestSymbols } from '../src/discord/symbol-autocomplete.js';

function actorOf(interaction: ComponentInteraction | ChatInputCommandInteraction<'cached'>): Actor {
	return {
		userId: interaction.user.id,
		guildId: interaction.guildId,
		channelId: interaction.channelId,
		roleIds: [...interaction.member.roles.cache.keys()],
	};
}

/**
 * Takes the ticket (once, whatever races; for a large order only after the retype), acknowledges at once, then
 * has the desk send the order and edits in the truth.
 */
async function confirm(
	interaction: ComponentInteraction,
	ticketId: string,
	{ tickets, approvals }: { tickets: TicketDesk; approvals: Approvals },
	retyped: boolean,
): Promise<Refusal | ActedOnTicket | undefined> {
	const open = tickets.check(ticketId, interaction.user.id);
	if (open.ok && approvals.required(open.value)) return requestApproval(interaction, open.value, approvals, retyped);
	const claim = tickets.claim(ticketId, actorOf(interaction), retyped);
	if (!claim.ok) return claim;
	const ticket = claim.value;
	try {
		await acknowledge(interaction, renderTicketStatus(ticket, 'Sending the order…', colours.info));
	} catch (error) {
		// Nothing has been sent: the ticket goes back to open, so that another click can still confirm it.
		tickets.release(ticket.id);
		throw error;
	}
	await tickets.send(ticket, actorOf(interaction), {
		onOutcomeUnknown: async () => {
			await interaction.editReply(renderOutcomeUnknown(ticket));
		},
		show: (placement) => showResult(interaction, renderPlacement(ticket, placement)),
	});
	return undefined;
}

/** Acknowledges the trader's press with the ticket's new words, the way it came (a button, or the retype form). */
async function acknowledge(interaction: ComponentInteraction, shown: BaseMessageOptions): Promise<void> {
	if (interaction.isButton() || interaction.isFromMessage()) await interaction.update(shown);
	else await interaction.reply({ ...shown, flags: MessageFlags.Ephemeral });
}

/**
 * Above the approval threshold Confirm sends nothing: the ticket waits, the request goes to the approvals route,
 * and the trader's ticket (through this interaction, editable for 15 minutes) later shows how it ended.
 */
async function requestApproval(
	interaction: ComponentInteraction,
	ticket: Ticket,
	approvals: Approvals,
	retyped: boolean,
): Promise<Refusal | ActedOnTicket> {
	let posted: Message | undefined;
	const request = approvals.request(ticket.id, actorOf(interaction), retyped, {
		onOutcomeUnknown: async () => {
			await interaction.editReply(renderOutcomeUnknown(ticket));
		},
		show: (placement) => showResult(interaction, renderPlacement(ticket, placement)),
		closed: async (end) => {
			const words = approvalEndWords(end);
			const colour = end.kind === 'expired' ? colours.neutral : colours.bad;
			await Promise.allSettled([
				showResult(interaction, renderTicketStatus(ticket, words, colour)),
				posted?.edit(renderRequestClosed(ticket, words, colour)),
			]);
		},
	});
	if (!request.ok) return request;
	const { route, expiresAt } = request.value;
	const waiting = `Waiting for approval: the request is in <#${route.channelId}> and expires ${discordTime(expiresAt, 'R')}. Nothing is sent until another approver approves it.`;
	try {
		await acknowledge(interaction, renderTicketStatus(ticket, waiting, colours.warn));
	} catch (error) {
		// Nothing was posted: the ticket is the trader's again, so that another click can still confirm it.
		approvals.withdraw(ticket.id);
		throw error;
	}
	const post = await postToRoute(interaction.client, route, renderApprovalRequest(ticket, expiresAt));
	if (!post.posted) {
		const refusal = approvals.notPosted(request.value, post.reason);
		await interaction.editReply(renderTicketStatus(ticket, refusal.refusal, colours.bad)).catch(() => undefined);
		return refusal;
	}
	posted = post.message;
	approvals.posted(request.value);
	return { ok: true, ticketId: ticket.id };
}

/** Edits the ticket into the result; if Discord refuses the edit, the trader still hears it privately. */
async function showResult(interaction: ComponentInteraction, result: BaseMessageOptions): Promise<void> {
	try {
		await interaction.editReply(result);
	} catch {
		await interaction.followUp({ ...result, flags: MessageFlags.Ephemeral });
	}
}

export default defineCommand({
	data: new SlashCommandBuilder()
		.setName(orderCommandName)
		.setDescription('Open an order ticket: check it, then confirm')
		.setContexts(InteractionContextType.Guild)
		// Hidden until a server admin grants it; the bot checks the trade role on every use regardless.
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.addStringOption((option) =>
			option
				.setName('side')
				.setDescription('Buy or sell')
				.setRequired(true)
				.addChoices({ name: 'buy', value: 'buy' }, { name: 'sell', value: 'sell' }),
		)
		.addStringOption((option) =>
			option.setName('symbol').setDescription('For example USDT/AUD').setRequired(true).setAutocomplete(true),
		)
		.addStringOption((option) =>
			option
				.setName('amount')
				.setDescription('Amount of the base currency, e.g. 1000')
				.setRequired(true)
				.setMaxLength(40),
		)
		.addStringOption((option) =>
			option
				.setName('type')
				.setDescription('Market (fill now at the ladder) or limit')
				.setRequired(true)
				.addChoices({ name: 'market', value: 'market' }, { name: 'limit', value: 'limit' }),
		)
		.addStringOption((option) =>
			option.setName('price').setDescription('Limit price (required for limit, ignored for market)').setMaxLength(40),
		),
	access: 'trade',
	uses: ['tickets', 'market', 'approvals'],
	autocomplete: suggestSymbols,
	async execute(interaction, { tickets }) {
		const ticket = await tickets.open(actorOf(interaction), {
			side: interaction.options.getString('side', true),
			symbol: interaction.options.getString('symbol', true),
			amount: interaction.options.getString('amount', true),
			type: interaction.options.getString('type', true),
			price: interaction.options.getString('price') ?? undefined,
		});
		if (!ticket.ok) return ticket;
		await interaction.reply({ ...renderTicket(ticket.value), flags: MessageFlags.Ephemeral });
		// An expired ticket must not keep buttons that look live; a failed edit leaves the press to say it.
		void tickets.whenExpired(ticket.value.id).then(async (expired) => {
			if (!expired) return;
			const shown = renderTicketStatus(ticket.value, 'Expired. Nothing was sent; open a new ticket.', colours.neutral);
			await interaction.editReply(shown).catch(() => undefined);
		});
		return { ok: true, ticketId: ticket.value.id };
	},
	components: {
		confirm: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets, approvals }) {
				if (!interaction.isButton()) return refuse('Confirm with the ticket’s button. Nothing was sent.');
				const checked = tickets.check(ticketId, interaction.user.id);
				if (
					checked.ok &&
					checked.value.preview.needsRetype &&
					(!checked.value.preview.limitWarning || checked.value.acknowledged)
				) {
					tickets.formOpened(ticketId, interaction.user.id);
					await interaction.showModal(renderRetypeModal(checked.value));
					return undefined;
				}
				return confirm(interaction, ticketId, { tickets, approvals }, false);
			},
		},
		retype: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets, approvals }) {
				if (!interaction.isModalSubmit()) {
					return refuse('Type the amount in the form that Confirm opens. Nothing was sent.');
				}
				const typed = interaction.fields.getTextInputValue(retypeFieldId);
				const retyped = tickets.checkRetyped(ticketId, interaction.user.id, typed);
				if (!retyped.ok) return retyped;
				return confirm(interaction, ticketId, { tickets, approvals }, true);
			},
		},
		acknowledge: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets }) {
				if (!interaction.isButton()) return refuse('Acknowledge with the ticket’s button.');
				const acknowledged = tickets.acknowledge(ticketId, interaction.user.id);
				if (!acknowledged.ok) return acknowledged;
				await interaction.update(renderTicket(acknowledged.value));
				return { ok: true, ticketId };
			},
		},
		cancel: {
			access: 'trade',
			async handle(interaction, [ticketId = ''], { tickets }) {
				if (!interaction.isButton()) return refuse('Cancel with the ticket’s button.');
				const canceled = tickets.cancel(ticketId, interaction.user.id);
				if (!canceled.ok) return canceled;
				await interaction.update(renderTicketStatus(canceled.value, 'Canceled. Nothing was sent.', colours.neutral));
				return undefined;
			},
		},
		approve: {
			access: 'approve',
			async handle(interaction, [ticketId = ''], { approvals }) {
				if (!interaction.isButton()) return refuse('Approve with the request’s button. Nothing was sent.');
				const approved = approvals.approve(ticketId, actorOf(interaction));
				if (!approved.ok) return approved;
				const { ticket } = approved.value;
				const approverId = interaction.user.id;
				const sending = renderRequestClosed(ticket, `Approved by <@${approverId}>: sending the order…`, colours.info);
				// The approval is decided: the order goes out even if the approver's screen could not be updated.
				await interaction.update(sending).catch(() => undefined);
				await approvals.send(approved.value, async (placement) => {
					await interaction.editReply(renderRequestPlacement(ticket, approverId, placement));
				});
				return { ok: true, ticketId };
			},
		},
		reject: {
			access: 'approve',
			async handle(interaction, [ticketId = ''], { approvals }) {
				if (!interaction.isButton()) return refuse('Reject with the request’s button. Nothing was sent.');
				const rejected = approvals.reject(ticketId, actorOf(interaction));
				if (!rejected.ok) return rejected;
				await interaction.reply(privateNotice('Rejected. The trader was told; nothing was sent.', colours.neutral));
				return { ok: true, ticketId };
			},
		},
	},
});
