import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ComponentType } from 'discord-api-types/v10';
import { colours } from '../discord/render/format.js';
import type { LocalMessage, MessageChange } from '../local-discord/local-discord.js';
import type { ButtonBoard } from './button-board.js';
import type { ConsoleScreen, TextStyle } from './console-screen.js';
import type { ConsoleWorld } from './console-world.js';
import { type MessageEvent, type RenderContext, renderMessage } from './render-message.js';

export interface MessageDisplayOptions {
	readonly world: ConsoleWorld;
	readonly screen: ConsoleScreen;
	readonly buttons: ButtonBoard;
	/** Attachments the bot sends (the audit CSV) are saved here. */
	readonly filesDir: string;
	readonly now: () => number;
	readonly timeZone: string | undefined;
}

const changeEvents: Record<MessageChange, MessageEvent> = { created: 'new', edited: 'edited', deleted: 'deleted' };
const embedColours: Record<number, TextStyle> = {
	[colours.good]: 'green',
	[colours.bad]: 'red',
	[colours.warn]: 'yellow',
	[colours.info]: 'blue',
};

/** Prints every message the bot writes, edits or deletes in any channel, numbering its buttons and saving its files. */
export class MessageDisplay {
	/** Where each attachment was saved, by its id. */
	private readonly saved = new Map<string, string>();
	private readonly renderContext: RenderContext;

	constructor(private readonly options: MessageDisplayOptions) {
		const { world, screen, buttons } = options;
		this.renderContext = {
			channelName: (id) => world.channelName(id),
			userName: (id) => world.discord.world.users.get(id)?.username,
			roleName: (id) => world.discord.world.role(world.guildId, id)?.name,
			buttonNumber: (messageId, customId) => buttons.numberFor(messageId, customId),
			savedFile: (id) => this.saved.get(id),
			now: options.now,
			timeZone: options.timeZone,
			style: (format, text, colour) =>
				format === 'colour' ? screen.style(embedColours[colour ?? -1] ?? 'gray', text) : screen.style(format, text),
		};
	}

	show(message: LocalMessage, change: MessageChange): void {
		const { screen, world } = this.options;
		try {
			this.render(message, change);
		} catch (error) {
			// The bot's message is stored either way; only its display failed.
			screen.print(
				screen.style(
					'red',
					`✖ A message in #${world.channelName(message.data.channel_id)} could not be shown: ${String(error)}`,
				),
			);
		}
	}

	private render(message: LocalMessage, change: MessageChange): void {
		this.saveFiles(message);
		this.options.screen.print(renderMessage(message.data, changeEvents[change], this.renderContext));
		const shown = new Set<string>();
		for (const row of message.deleted ? [] : (message.data.components ?? [])) {
			if (row.type !== ComponentType.ActionRow) continue;
			for (const component of row.components) if ('custom_id' in component) shown.add(component.custom_id);
		}
		this.options.buttons.keepOnly(message.data.id, shown);
	}

	private saveFiles(message: LocalMessage): void {
		const { filesDir, screen } = this.options;
		for (const file of message.files) {
			if (this.saved.has(file.attachmentId)) continue;
			const path = join(filesDir, `${message.data.id}-${basename(file.name).replace(/[^\w.-]/g, '_')}`);
			try {
				mkdirSync(filesDir, { recursive: true });
				writeFileSync(path, file.content);
				this.saved.set(file.attachmentId, path);
			} catch (error) {
				screen.print(screen.style('red', `✖ Could not save ${file.name} to ${path}: ${String(error)}`));
			}
		}
	}
}
