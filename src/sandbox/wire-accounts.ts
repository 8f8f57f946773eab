import { Decimal } from 'decimal.js';
import type { Instrument } from './instruments.js';
import type { Balance, SandboxTransfer } from './ledger.js';
import type { QuoteAnswer } from './quotes.js';
import type { RiskLine } from './risk.js';
import { formatDateTimeMillis } from './wire.js';

/**
 * The bodies of the calls the late SDK added. No public source shows them; these are the project's design
 * (contract §3.6): snake_case as fetch_orders, decimals as strings, times in ms since the epoch, counts as
 * numbers, and `status: "success"` on every answer that is not an error.
 */

function decimal(value: Decimal): string {
	return value.toFixed();
}

export function instrumentsBody(instruments: readonly Instrument[]) {
	return {
		status: 'success',
		instruments: instruments.map((instrument) => {
			const tick = decimal(new Decimal(10).pow(-instrument.priceDecimals));
			const step = decimal(new Decimal(10).pow(-instrument.amountDecimals));
			const largest = instrument.tiers[instrument.tiers.length - 1]?.quantity;
			return {
				symbol: instrument.symbol,
				base_asset: instrument.baseAsset,
				quote_asset: instrument.quoteAsset,
				price_decimals: instrument.priceDecimals,
				price_tick: tick,
				amount_decimals: instrument.amountDecimals,
				amount_step: step,
				min_amount: step,
				max_amount: largest === undefined ? '' : decimal(largest),
				status: 'trading',
			};
		}),
	};
}

export function balancesBody(balances: readonly Balance[], at: number) {
	return {
		status: 'success',
		timestamp: at,
		balances: balances.map((balance) => ({
			asset: balance.asset,
			total: decimal(balance.total),
			available: decimal(balance.available),
			held: decimal(balance.held),
		})),
	};
}

export function riskBody(report: { currency: string; lines: readonly RiskLine[] }, at: number) {
	return {
		status: 'success',
		timestamp: at,
		currency: report.currency,
		limits: report.lines.map((line) => ({
			name: line.name,
			limit: decimal(line.limit),
			used: decimal(line.used),
			remaining: decimal(line.remaining),
		})),
	};
}

/** The host's clock, which checks signatures; the market clock, which stamps orders, beside it. */
export function timeBody(hostNow: number, marketNow: number) {
	return {
		status: 'success',
		timestamp: hostNow,
		datetime: formatDateTimeMillis(hostNow),
		timezone: 'UTC',
		market_timestamp: marketNow,
	};
}

export function transfersBody(
	result: { transfers: readonly SandboxTransfer[]; total: number },
	page: number,
	limit: number,
) {
	return {
		status: 'success',
		transfers: result.transfers.map((transfer) => ({
			id: transfer.id,
			asset_id: transfer.asset,
			type: transfer.type,
			direction: transfer.direction,
			amount: decimal(transfer.amount),
			status: 'completed',
			created_at: transfer.createdAt,
			order_id: transfer.orderId ?? '',
			trade_id: transfer.tradeId ?? '',
			note: transfer.note,
		})),
		total: result.total,
		page,
		limit,
	};
}

export function quoteBody(answer: QuoteAnswer) {
	if (answer.kind === 'rejected') {
		const { request } = answer;
		return {
			status: 'rejected',
			quote_id: '',
			client_order_id: request.clientOrderId,
			symbol: request.symbol,
			side: request.side,
			amount: decimal(request.amount),
			price: '',
			cost: '',
			created_at: answer.at,
			expires_at: answer.at,
			error_message: answer.reason,
		};
	}
	const { quote } = answer;
	return {
		status: 'quoted',
		quote_id: quote.id,
		client_order_id: quote.clientOrderId,
		symbol: quote.symbol,
		side: quote.side,
		amount: decimal(quote.amount),
		price: decimal(quote.price),
		cost: decimal(quote.price.times(quote.amount)),
		created_at: quote.createdAt,
		expires_at: quote.expiresAt,
		error_message: '',
	};
}

/** One example wallet per account, so that the call has something to list; it can never receive anything. */
export function walletsBody(accountId: string) {
	return {
		status: 'success',
		wallets: [
			{
				id: `sandbox-wallet-${accountId}`,
				asset_id: 'USDT',
				network: 'TRON',
				address: 'sandbox-address-not-on-any-chain',
				label: 'Sandbox example wallet',
				status: 'approved',
			},
		],
	};
}
