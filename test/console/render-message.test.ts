import { type APIMessage, ButtonStyle, ComponentType, MessageFlags, MessageType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { ButtonBoard } from '../../src/console/button-board.js';
import { markdown, type RenderContext, renderMessage } from '../../src/console/render-message.js';

/** What a Discord message looks like in the terminal. */

const now = Date.UTC(2026, 10, 24, 9, 0, 0);

function context(board = new ButtonBoard()): RenderContext {
	return {
		channelName: (id) => ({ '10': 'desk', '11': 'fills' })[id],
		userName: (id) => ({ '20': 'you' })[id],
		roleName: (id) => ({ '30': 'Trader' })[id],
		buttonNumber: (messageId, customId) => board.numberFor(messageId, customId),
		savedFile: (id) => (id === '40' ? 'data/console-files/1-audit.csv' : undefined),
		now: () => now,
		timeZone: 'UTC',
		style: (_, text) => text,
	};
}

function message(overrides: Partial<APIMessage>): APIMessage {
	return {
		id: '1',
		channel_id: '10',
		author: { id: '2', username: 'desk-bot', discriminator: '0', global_name: null, avatar: null },
		content: '',
		timestamp: new Date(now).toISOString(),
		edited_timestamp: null,
		tts: false,
		mention_everyone: false,
		mentions: [],
		mention_roles: [],
		attachments: [],
		embeds: [],
		pinned: false,
		type: MessageType.Default,
		...overrides,
	};
}

const button = (custom_id: string, label: string, disabled = false) => ({
	type: ComponentType.Button as const,
	style: ButtonStyle.Primary as const,
	custom_id,
	label,
	disabled,
});

describe('rendering a message for the terminal', () => {
	it('shows the channel, who wrote it, whether only you can see it, then the embed as labelled lines', () => {
		const text = renderMessage(
			message({
				flags: MessageFlags.Ephemeral,
				embeds: [
					{
						title: '**BUY** 100 USDT/AUD',
						description: 'Expires <t:1795510830:R>, for <@20> and <@&30> in <#11>.',
						fields: [
							{ name: 'Price', value: '`1.5327`', inline: true },
							{ name: 'Ladder', value: 'up to 100: 1.53\nup to 1,000: 1.54' },
						],
						footer: { text: 'Indicative' },
					},
				],
			}),
			'new',
			context(),
		);
		expect(text).toBe(
			[
				'#desk · desk-bot · only you can see this',
				'  ▌ BUY 100 USDT/AUD',
				'  ▌ Expires in 30 s, for @you and @Trader in #fills.',
				'  ▌ Price: 1.5327',
				'  ▌ Ladder:',
				'  ▌   up to 100: 1.53',
				'  ▌   up to 1,000: 1.54',
				'  ▌ Indicative',
			].join('\n'),
		);
	});

	it('numbers buttons, keeps a number while its button stays, shows disabled ones without one', () => {
		const board = new ButtonBoard();
		const ticket = (components: ReturnType<typeof button>[]) =>
			message({ components: [{ type: ComponentType.ActionRow, components }] });
		const first = renderMessage(
			ticket([button('confirm', 'Confirm'), button('cancel', 'Cancel')]),
			'new',
			context(board),
		);
		expect(first).toContain('[1] Confirm   [2] Cancel');

		const again = renderMessage(
			ticket([button('confirm', 'Confirm'), button('cancel', 'Cancel', true)]),
			'edited',
			context(board),
		);
		expect(again).toContain('#desk · desk-bot · updated');
		expect(again).toContain('[1] Confirm   [-] Cancel (not available)');

		board.keepOnly('1', new Set(['cancel']));
		expect(board.find(1)).toBe('retired');
		expect(board.find(2)).toEqual({ messageId: '1', customId: 'cancel' });
		expect(board.find(3)).toBeUndefined();
		expect(board.numberFor('1', 'confirm')).toBe(3);
	});

	it('says where an attachment was saved, and shows a loading reply and a deletion briefly', () => {
		const attachment = { id: '40', filename: 'audit.csv', size: 1234, url: 'x', proxy_url: 'x' };
		expect(renderMessage(message({ attachments: [attachment] }), 'new', context())).toContain(
			'📎 audit.csv (1,234 bytes), saved to data/console-files/1-audit.csv',
		);
		expect(renderMessage(message({ flags: MessageFlags.Loading }), 'new', context())).toBe(
			'#desk · desk-bot\n  desk-bot is thinking…',
		);
		expect(renderMessage(message({ content: 'gone' }), 'deleted', context())).toBe('#desk · desk-bot · deleted');
	});
});

describe('times in the console', () => {
	it('name their time zone, as a desk reading them across zones needs', () => {
		const context: RenderContext = {
			now: () => 0,
			userName: () => undefined,
			roleName: () => undefined,
			channelName: () => undefined,
			buttonNumber: () => 0,
			savedFile: () => undefined,
			style: (_, text) => text,
			timeZone: undefined,
		};
		const shown = markdown('At <t:1795510830:f> and <t:1795510830:T>.', context);
		expect(shown).toMatch(
			/^At \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z]{2,5}([+-]\d+)? and \d\d:\d\d:\d\d [A-Z]{2,5}([+-]\d+)?\.$/,
		);
	});

	it('are read in the desk’s zone when the console is given it, in the words the desk uses everywhere', () => {
		const sydney: RenderContext = { ...context(), timeZone: 'Australia/Sydney' };
		// 2026-11-24 09:00:30 UTC is 20:00:30 in Sydney, on daylight saving time.
		expect(markdown('<t:1795510830:f> · <t:1795510830:T> · <t:1795510830:t> · <t:1795510830:d>', sydney)).toBe(
			'2026-11-24 20:00:30 AEDT · 20:00:30 AEDT · 20:00 AEDT · 2026-11-24',
		);
	});
});
