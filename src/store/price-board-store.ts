import type Database from 'better-sqlite3';
import type { BoardMessage, PriceBoardMemory } from '../alerts/price-board.js';

/** The message that shows the live price board, so that a restart edits it again rather than posting anew. */
interface Row {
	channel_id: string;
	message_id: string;
	posted_at: number;
}

export class PriceBoardStore implements PriceBoardMemory {
	private readonly read: Database.Statement<[], Row>;
	private readonly write: Database.Statement<[string, string, number]>;
	private readonly remove: Database.Statement<[]>;

	constructor(database: Database.Database) {
		this.read = database.prepare('SELECT channel_id, message_id, posted_at FROM price_board WHERE id = 1');
		this.write = database.prepare(
			`INSERT INTO price_board (id, channel_id, message_id, posted_at) VALUES (1, ?, ?, ?)
			 ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, message_id = excluded.message_id,
			 posted_at = excluded.posted_at`,
		);
		this.remove = database.prepare('DELETE FROM price_board WHERE id = 1');
	}

	current(): BoardMessage | undefined {
		const row = this.read.get();
		return row ? { channelId: row.channel_id, messageId: row.message_id, postedAt: row.posted_at } : undefined;
	}

	set(board: BoardMessage): void {
		this.write.run(board.channelId, board.messageId, board.postedAt);
	}

	clear(): void {
		this.remove.run();
	}
}
