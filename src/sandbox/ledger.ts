import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Instrument } from './instruments.js';
import type { SandboxOrder, SandboxTrade } from './order-types.js';

export type TransferType = 'deposit' | 'withdrawal' | 'settlement';
export const transferTypes: readonly TransferType[] = ['deposit', 'withdrawal', 'settlement'];

/** One movement of one asset into or out of an account. */
export interface SandboxTransfer {
	readonly id: string;
	readonly accountId: string;
	readonly asset: string;
	readonly type: TransferType;
	readonly direction: 'in' | 'out';
	/** Always positive; `direction` says which way it moved. */
	readonly amount: Decimal;
	readonly createdAt: number;
	/** The trade a settlement settles, and its order. */
	readonly orderId: string | undefined;
	readonly tradeId: string | undefined;
	readonly note: string;
}

export interface TransferFilter {
	readonly from?: number;
	readonly to?: number;
	readonly asset?: string;
	readonly type?: TransferType;
	readonly sort: 'asc' | 'desc';
	readonly page: number;
	readonly limit: number;
}

export interface Balance {
	readonly asset: string;
	readonly total: Decimal;
	readonly available: Decimal;
	readonly held: Decimal;
}

/**
 * Every account's transfers, and the balances they add up to. A fill settles at once as two transfers (what
 * was bought in, what was paid out), so that balances move with fills and every balance can be traced. The
 * desk trades on credit: a total may go below zero, owed until it is settled.
 */
export class Ledger {
	private readonly byAccount = new Map<string, SandboxTransfer[]>();
	private readonly newId: () => string;

	constructor(
		private readonly instrument: (symbol: string) => Instrument | undefined,
		newId?: () => string,
	) {
		this.newId = newId ?? randomUUID;
	}

	hasAccount(accountId: string): boolean {
		return (this.byAccount.get(accountId)?.length ?? 0) > 0;
	}

	deposit(accountId: string, asset: string, amount: Decimal, at: number, note: string): void {
		this.add({ accountId, asset, type: 'deposit', direction: 'in', amount, createdAt: at, note });
	}

	/** The two legs of a fill: a buy brings the base asset in and pays the quote asset out; a sell the reverse. */
	settle(accountId: string, trade: SandboxTrade): void {
		const instrument = this.instrument(trade.symbol);
		if (!instrument) return;
		const legs = { orderId: trade.orderId, tradeId: trade.id, createdAt: trade.timestamp };
		const note = `${trade.side} ${trade.amount.toFixed()} ${trade.symbol} at ${trade.price.toFixed()}`;
		const buying = trade.side === 'buy';
		this.add({
			accountId,
			asset: instrument.baseAsset,
			type: 'settlement',
			direction: buying ? 'in' : 'out',
			amount: trade.amount,
			note,
			...legs,
		});
		this.add({
			accountId,
			asset: instrument.quoteAsset,
			type: 'settlement',
			direction: buying ? 'out' : 'in',
			amount: trade.cost,
			note,
			...legs,
		});
	}

	/** Every asset the account ever held, with what its resting orders hold back. */
	balances(accountId: string, resting: readonly Readonly<SandboxOrder>[]): Balance[] {
		const totals = new Map<string, Decimal>();
		for (const transfer of this.byAccount.get(accountId) ?? []) {
			const signed = transfer.direction === 'in' ? transfer.amount : transfer.amount.negated();
			totals.set(transfer.asset, (totals.get(transfer.asset) ?? new Decimal(0)).plus(signed));
		}
		const held = new Map<string, Decimal>();
		for (const order of resting) {
			const instrument = this.instrument(order.symbol);
			if (!instrument || !order.requestedPrice) continue;
			// A buy holds what it would pay at its limit; a sell holds what it would deliver.
			const [asset, amount] =
				order.side === 'buy'
					? [instrument.quoteAsset, order.amount.times(order.requestedPrice)]
					: [instrument.baseAsset, order.amount];
			held.set(asset, (held.get(asset) ?? new Decimal(0)).plus(amount));
			if (!totals.has(asset)) totals.set(asset, new Decimal(0));
		}
		return [...totals.keys()].sort().map((asset) => {
			const total = totals.get(asset) ?? new Decimal(0);
			const onHold = held.get(asset) ?? new Decimal(0);
			return { asset, total, held: onHold, available: total.minus(onHold) };
		});
	}

	list(accountId: string, filter: TransferFilter): { transfers: SandboxTransfer[]; total: number } {
		const matching = (this.byAccount.get(accountId) ?? []).filter(
			(transfer) =>
				(filter.asset === undefined || transfer.asset === filter.asset) &&
				(filter.type === undefined || transfer.type === filter.type) &&
				(filter.from === undefined || transfer.createdAt >= filter.from) &&
				(filter.to === undefined || transfer.createdAt <= filter.to),
		);
		const sorted = filter.sort === 'asc' ? matching : matching.reverse();
		const start = (filter.page - 1) * filter.limit;
		return { transfers: sorted.slice(start, start + filter.limit), total: matching.length };
	}

	/** Every transfer of every account, each account's in the order they happened, for the state file. */
	all(): SandboxTransfer[] {
		return [...this.byAccount.values()].flat();
	}

	restore(transfers: readonly SandboxTransfer[]): void {
		for (const transfer of transfers) this.push(transfer);
	}

	private add(
		transfer: Omit<SandboxTransfer, 'id' | 'orderId' | 'tradeId'> & { orderId?: string; tradeId?: string },
	): void {
		this.push({ ...transfer, id: this.newId(), orderId: transfer.orderId, tradeId: transfer.tradeId });
	}

	private push(transfer: SandboxTransfer): void {
		const list = this.byAccount.get(transfer.accountId) ?? [];
		list.push(transfer);
		this.byAccount.set(transfer.accountId, list);
	}
}
