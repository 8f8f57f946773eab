import type { z } from 'zod';
import {
	balanceSchema,
	envelopeExtra,
	instrumentSchema,
	listEnvelope,
	quoteAnswerSchema,
	riskLimitSchema,
	serverTimeSchema,
	transferSchema,
	walletSchema,
} from './account-schemas.js';
import type { DecimalString } from './decimal-string.js';
import type { Side } from './domain.js';
import type {
	Balance,
	ExternalWallet,
	Instrument,
	Quote,
	ReadList,
	RiskReport,
	ServerTime,
	TransferPage,
} from './domain-account.js';
import { QuoteRejectedError, type RequestInfo } from './errors.js';
import type { CallLane } from './limiter.js';
import type { Call, RestTransport } from './rest-transport.js';

export interface TransferFilter {
	/** Transfers at or after this time (ms). */
	readonly since?: number;
	/** Transfers at or before this time (ms). */
	readonly until?: number;
	/** An asset id, e.g. `USDT`. */
	readonly asset?: string;
	/** e.g. `deposit`, `withdrawal`, `settlement`. */
	readonly type?: string;
	readonly sort?: 'asc' | 'desc';
}

export interface QuoteRequest {
	readonly symbol: string;
	readonly side: Side;
	readonly amount: DecimalString;
	/** The id the order that takes the quote will carry: one quote, one id. */
	readonly clientOrderId: string;
}

/** Answers and list items that could not be read, since the client was made. */
export interface Unreadable {
	answers: number;
	items: number;
}

/**
 * The account calls of the late SDK (contract §3.6): reads, retried like every read, in the caller's lane. An
 * answer that cannot be read at all is a BadResponseError; an item of a list that cannot be read is left out,
 * counted on the list and in `unreadable`, and logged, so that it does not hide the others.
 */
export class AccountCalls {
	constructor(
		private readonly transport: RestTransport,
		private readonly unreadable: Unreadable,
	) {}

	async instruments(lane?: CallLane): Promise<ReadList<Instrument>> {
		return this.list({ endpoint: 'get_instruments', method: 'GET' }, 'instruments', instrumentSchema, lane);
	}

	async balances(lane?: CallLane): Promise<ReadList<Balance>> {
		return this.list({ endpoint: 'get_balances', method: 'GET' }, 'balances', balanceSchema, lane);
	}

	async risk(lane?: CallLane): Promise<RiskReport> {
		const { envelope, ...list } = await this.read(
			{ endpoint: 'get_risk', method: 'GET' },
			'limits',
			riskLimitSchema,
			lane,
		);
		const currency = envelope.currency;
		const { currency: _currency, ...extra } = list.extra;
		return { ...list, extra, currency: typeof currency === 'string' && currency !== '' ? currency : undefined };
	}

	async serverTime(lane?: CallLane): Promise<ServerTime> {
		const call: Call = { endpoint: 'get_time', method: 'GET' };
		return this.parse(serverTimeSchema, await this.transport.read(call, lane), info(call));
	}

	async externalWallets(lane?: CallLane): Promise<ReadList<ExternalWallet>> {
		return this.list({ endpoint: 'get_external_wallets', method: 'GET' }, 'wallets', walletSchema, lane);
	}

	/** Sends only the filters that are set, and never a 0 time, which means "no filter" (as for fetch_orders). */
	async transfers(filter: TransferFilter, page: number, limit: number, lane?: CallLane): Promise<TransferPage> {
		const body: Record<string, unknown> = { page, limit, sort_order: filter.sort ?? 'desc' };
		if (filter.since !== undefined) body.start_datetime = Math.max(1, Math.floor(filter.since));
		if (filter.until !== undefined) body.end_datetime = Math.max(1, Math.floor(filter.until));
		if (filter.asset) body.asset_id = filter.asset;
		if (filter.type) body.type = filter.type;
		const call: Call = { endpoint: 'get_transfers', method: 'POST', body };
		const { envelope, ...list } = await this.read(call, 'transfers', transferSchema, lane);
		return { ...list, total: envelope.total, page, limit };
	}

	/**
	 * A firm price for the whole amount. A read as far as retries go: asking again with the same client order id
	 * replaces the quote, so a retried request cannot leave two. Throws QuoteRejectedError when the broker gives
	 * none (in-band).
	 */
	async quote(request: QuoteRequest, lane?: CallLane): Promise<Quote> {
		if (request.clientOrderId.trim() === '') throw new TypeError('requestQuote needs a client order id');
		const call: Call = {
			endpoint: 'request_for_quote',
			method: 'POST',
			body: {
				symbol: request.symbol,
				side: request.side,
				amount: request.amount,
				client_order_id: request.clientOrderId,
			},
		};
		const answer = this.parse(quoteAnswerSchema, await this.transport.read(call, lane), info(call));
		if ('refused' in answer) throw new QuoteRejectedError(answer.refused, { ...info(call), status: 200 });
		return answer.quote;
	}

	private async list<T>(call: Call, key: string, item: z.ZodType<T>, lane: CallLane | undefined): Promise<ReadList<T>> {
		const { envelope: _envelope, ...list } = await this.read(call, key, item, lane);
		return list;
	}

	private async read<T>(call: Call, key: string, item: z.ZodType<T>, lane: CallLane | undefined) {
		const raw = await this.transport.read(call, lane);
		const envelope = this.parse(listEnvelope(key), raw, info(call));
		const entries: unknown = envelope[key];
		const items: T[] = [];
		for (const entry of Array.isArray(entries) ? entries : []) {
			const parsed = item.safeParse(entry);
			if (parsed.success) items.push(parsed.data);
		}
		const count = Array.isArray(entries) ? entries.length : 0;
		const unreadable = count - items.length;
		if (unreadable > 0) {
			this.unreadable.items += unreadable;
			this.transport.logger.warn(
				{ endpoint: call.endpoint, unreadable },
				'the broker listed items that could not be read',
			);
		}
		return {
			items,
			unreadable,
			timestamp: envelope.timestamp,
			extra: envelopeExtra(envelope, key),
			envelope,
		};
	}

	private parse<T>(schema: z.ZodType<T>, raw: unknown, request: RequestInfo): T {
		try {
			return this.transport.parse(schema, raw, request);
		} catch (error) {
			this.unreadable.answers++;
			this.transport.logger.warn({ endpoint: request.endpoint }, 'the broker answered in a shape we cannot read');
			throw error;
		}
	}
}

function info(call: Call): RequestInfo {
	return { method: call.method, endpoint: call.endpoint };
}
