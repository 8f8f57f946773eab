import { type BaseMessageOptions, type ChatInputCommandInteraction, type Message, MessageFlags } from 'discord.js';
import type { Approvals } from '../desk/approvals.js';
import type { Refusal } from '../desk/checked.js';
import type { Actor, TicketDesk } from '../desk/ticket-desk.js';
import type { Ticket } from '../desk/tickets.js';
import type { ActedOnTicket, ComponentInteraction } from './command.js';
import { postToRoute } from './post-to-route.js';
import { approvalEndWords, renderApprovalRequest, renderRequestClosed } from './render/approval.js';
import { colours, discordRelative } from './render/format.js';
import { renderOutcomeUnknown, renderPlacement, renderTicketStatus } from './render/ticket.js';

/** Confirming a ticket, for /order's Confirm and /quote's Accept alike: sent once, or sent for approval. */

export function actorOf(interaction: ComponentInteraction | ChatInputCommandInteraction<'cached'>): Actor {
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
export async function confirm(
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
	const waiting = `Waiting for approval: the request is in <#${route.channelId}> and expires ${discordRelative(expiresAt)}. Nothing is sent until another approver approves it.`;
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
export async function showResult(interaction: ComponentInteraction, result: BaseMessageOptions): Promise<void> {
	try {
		await interaction.editReply(result);
	} catch {
		await interaction.followUp({ ...result, flags: MessageFlags.Ephemeral });
	}
}
