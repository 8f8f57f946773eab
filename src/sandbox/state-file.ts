import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Decimal } from 'decimal.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { SandboxTransfer } from './ledger.js';
import type { SandboxOrder, SandboxTrade } from './order-types.js';

/** What the sandbox keeps across restarts: every order with its trades, and every transfer (balances follow). */
export interface KeptState {
	readonly orders: readonly SandboxOrder[];
	readonly transfers: readonly SandboxTransfer[];
}

/** The state file could not be read: start-up stops rather than overwrite what it holds. */
export class SandboxStateError extends Error {}

const decimal = z
	.string()
	.regex(/^-?\d+(\.\d+)?$/)
	.transform((value) => new Decimal(value));
const side = z.enum(['buy', 'sell']);
const orderType = z.enum(['market', 'limit']);
const time = z.number().int();
const optionalTime = time.nullable().transform((value) => value ?? undefined);

const tradeShape = z.object({
	id: z.string(),
	orderId: z.string(),
	symbol: z.string(),
	type: orderType,
	side,
	price: decimal,
	amount: decimal,
	cost: decimal,
	timestamp: time,
});

const orderShape = z.object({
	id: z.string(),
	clientOrderId: z.string(),
	accountId: z.string(),
	customerId: z.string(),
	symbol: z.string(),
	type: orderType,
	side,
	timeInForce: z.enum(['FOK', 'GTC']),
	requestedPrice: decimal.nullable().transform((value) => value ?? undefined),
	amount: decimal,
	createdAt: time,
	expiresAt: optionalTime,
	status: z.enum(['open', 'closed', 'rejected', 'canceled']),
	filled: decimal,
	cost: decimal,
	updatedAt: time,
	lastTradeAt: optionalTime,
	errorMessage: z.string(),
	trades: z.array(tradeShape),
});

const transferShape = z.object({
	id: z.string(),
	accountId: z.string(),
	asset: z.string(),
	type: z.enum(['deposit', 'withdrawal', 'settlement']),
	direction: z.enum(['in', 'out']),
	amount: decimal,
	createdAt: time,
	orderId: z
		.string()
		.nullable()
		.transform((value) => value ?? undefined),
	tradeId: z
		.string()
		.nullable()
		.transform((value) => value ?? undefined),
	note: z.string(),
});

const stateShape = z.object({
	version: z.literal(1),
	orders: z.array(orderShape),
	transfers: z.array(transferShape),
});

function tradeJson(trade: SandboxTrade) {
	return {
		...trade,
		price: trade.price.toFixed(),
		amount: trade.amount.toFixed(),
		cost: trade.cost.toFixed(),
	};
}

function stateJson(state: KeptState): string {
	return JSON.stringify({
		version: 1,
		orders: state.orders.map((order) => ({
			...order,
			requestedPrice: order.requestedPrice?.toFixed() ?? null,
			amount: order.amount.toFixed(),
			expiresAt: order.expiresAt ?? null,
			filled: order.filled.toFixed(),
			cost: order.cost.toFixed(),
			lastTradeAt: order.lastTradeAt ?? null,
			trades: order.trades.map(tradeJson),
		})),
		transfers: state.transfers.map((transfer) => ({
			...transfer,
			amount: transfer.amount.toFixed(),
			orderId: transfer.orderId ?? null,
			tradeId: transfer.tradeId ?? null,
		})),
	});
}

/** Whether a process with this id is running (a signal-0 probe: EPERM means it runs as someone else). */
function running(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error instanceof Error && 'code' in error && error.code === 'EPERM';
	}
}

/**
 * The sandbox's state in one JSON file, read once at start and written after every change: coalesced to one
 * write per turn of the event loop, to a temporary file that is synced and then renamed over the old one, so
 * that a crash leaves either the old state or the new, never half of one. A lock file beside it holds the
 * owner's process id, so that a second sandbox on the same file is refused rather than overwriting the first.
 */
export class StateFile {
	private dirty = false;
	private scheduled = false;
	private writing: Promise<void> | undefined;
	private readonly lockPath: string;
	private locked = false;

	constructor(
		private readonly path: string,
		private readonly current: () => KeptState,
		private readonly logger: Logger,
	) {
		this.lockPath = `${path}.lock`;
	}

	/**
	 * Takes the file for this sandbox and reads the state it holds; undefined when there is no file yet. Throws
	 * SandboxStateError when another running sandbox holds it or it is unreadable.
	 */
	load(): KeptState | undefined {
		this.lock();
		try {
			return this.read();
		} catch (error) {
			this.release();
			throw error;
		}
	}

	/** Gives the file up: after the closing flush, or when the sandbox could not start. */
	release(): void {
		if (!this.locked) return;
		this.locked = false;
		try {
			unlinkSync(this.lockPath);
		} catch {
			// Already gone: nothing holds the file.
		}
	}

	private lock(): void {
		mkdirSync(dirname(this.path), { recursive: true });
		for (let attempt = 0; attempt < 2; attempt++) {
			try {
				writeFileSync(this.lockPath, String(process.pid), { flag: 'wx' });
				this.locked = true;
				return;
			} catch (error) {
				if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
			}
			const owner = Number(readFileSync(this.lockPath, 'utf8').trim());
			if (Number.isSafeInteger(owner) && owner > 0 && running(owner)) {
				throw new SandboxStateError(
					`another sandbox (process ${owner}) keeps its state in ${this.path}; stop it, or set SANDBOX_STATE_PATH to another file (if process ${owner} is no sandbox, remove ${this.lockPath})`,
				);
			}
			// Left by a sandbox that did not close: its process is gone, so the file is free.
			unlinkSync(this.lockPath);
		}
		throw new SandboxStateError(`the sandbox state at ${this.path} could not be locked`);
	}

	private read(): KeptState | undefined {
		let text: string;
		try {
			text = readFileSync(this.path, 'utf8');
		} catch (error) {
			if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
			throw new SandboxStateError(`the sandbox state at ${this.path} cannot be read: ${describe(error)}`);
		}
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			throw new SandboxStateError(`the sandbox state at ${this.path} is not JSON; move it aside to start afresh`);
		}
		const parsed = stateShape.safeParse(json);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable';
			throw new SandboxStateError(
				`the sandbox state at ${this.path} is not one this sandbox wrote (${where}); move it aside to start afresh`,
			);
		}
		return parsed.data;
	}

	/** Something changed: the file is rewritten soon, once for however many changes this turn makes. */
	changed(): void {
		this.dirty = true;
		if (this.scheduled || this.writing) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			this.writing ??= this.drain();
		});
	}

	/** Resolves once every change so far is on disk (or its write failed and was logged). */
	async flush(): Promise<void> {
		if (this.dirty && !this.writing) this.writing = this.drain();
		await this.writing;
	}

	private async drain(): Promise<void> {
		try {
			while (this.dirty) {
				this.dirty = false;
				await this.write(stateJson(this.current()));
			}
		} catch (error) {
			// Kept dirty, so that the next change or the closing flush tries again.
			this.dirty = true;
			this.logger.error({ err: describe(error), path: this.path }, 'sandbox state could not be saved');
		} finally {
			this.writing = undefined;
		}
	}

	private async write(text: string): Promise<void> {
		const temporary = `${this.path}.${process.pid}.tmp`;
		const handle = await open(temporary, 'w');
		try {
			await handle.writeFile(text);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temporary, this.path);
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
