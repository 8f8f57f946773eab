import type { DecimalString } from './decimal-string.js';
import type { Side } from './domain.js';

/**
 * The account calls of the late SDK (contract §3.6), in one shape. Their answers are the project's design, since
 * no public source shows them, so every field but the few that identify a thing is optional, and whatever the
 * broker sends beyond them is kept in `extra`, its keys folded to camelCase, its values as they came.
 */
export type Extra = Readonly<Record<string, unknown>>;

export interface Instrument {
	readonly symbol: string;
	/** From the answer, else the part of the symbol before the slash. */
	readonly baseAsset: string;
	/** From the answer, else the part of the symbol after the slash; undefined when there is none. */
	readonly quoteAsset: string | undefined;
	readonly priceDecimals: number | undefined;
	/** The smallest price step. */
	readonly priceTick: DecimalString | undefined;
	readonly amountDecimals: number | undefined;
	readonly amountStep: DecimalString | undefined;
	readonly minAmount: DecimalString | undefined;
	readonly maxAmount: DecimalString | undefined;
	readonly status: string | undefined;
	readonly extra: Extra;
}

export interface Balance {
	readonly asset: string;
	readonly total: DecimalString | undefined;
	/** What may be traded or moved now: total less what open orders hold. */
	readonly available: DecimalString | undefined;
	readonly held: DecimalString | undefined;
	readonly extra: Extra;
}

export interface RiskLimit {
	/** e.g. `daily_notional`, `open_exposure`; a name this SDK does not know is kept as it came. */
	readonly name: string;
	readonly limit: DecimalString | undefined;
	readonly used: DecimalString | undefined;
	readonly remaining: DecimalString | undefined;
	readonly extra: Extra;
}

export interface Transfer {
	readonly id: string;
	readonly asset: string;
	/** e.g. `deposit`, `withdrawal`, `settlement`. */
	readonly type: string | undefined;
	/** Into the account or out of it; undefined when the broker does not say. */
	readonly direction: 'in' | 'out' | undefined;
	/** Positive; `direction` says which way it moved. */
	readonly amount: DecimalString;
	readonly status: string | undefined;
	/** Milliseconds since the epoch; 0 when the broker gave no time. */
	readonly createdAt: number;
	readonly orderId: string | undefined;
	readonly tradeId: string | undefined;
	readonly note: string | undefined;
	readonly extra: Extra;
}

/** A firm price for a size, good until `expiresAt`; taken with `ZerocapRestClient.executeQuote`. */
export interface Quote {
	readonly id: string;
	/** The id the order that takes the quote must carry. */
	readonly clientOrderId: string;
	readonly symbol: string;
	readonly side: Side;
	readonly amount: DecimalString;
	readonly price: DecimalString;
	readonly cost: DecimalString | undefined;
	/** Milliseconds since the epoch, by the broker's clock. */
	readonly createdAt: number | undefined;
	readonly expiresAt: number;
	readonly extra: Extra;
}

export interface ExternalWallet {
	readonly id: string;
	readonly asset: string | undefined;
	readonly network: string | undefined;
	readonly address: string | undefined;
	readonly label: string | undefined;
	readonly status: string | undefined;
	readonly extra: Extra;
}

/** A list answer: the items that could be read, how many could not (each is logged), and the answer's other fields. */
export interface ReadList<T> {
	readonly items: readonly T[];
	readonly unreadable: number;
	/** When the broker stamped the answer (ms), if it did. */
	readonly timestamp: number | undefined;
	readonly extra: Extra;
}

export interface RiskReport extends ReadList<RiskLimit> {
	/** The currency the limits are in. */
	readonly currency: string | undefined;
}

export interface TransferPage extends ReadList<Transfer> {
	/** Every transfer matching the filter, on every page; undefined when the broker does not say. */
	readonly total: number | undefined;
	readonly page: number;
	readonly limit: number;
}

export interface ServerTime {
	/** The broker's clock, in ms since the epoch. */
	readonly timestamp: number;
	readonly extra: Extra;
}
