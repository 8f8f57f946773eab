import type { Logger } from 'pino';
import type { Endpoint } from './endpoints.js';
import type { Ledger } from './ledger.js';
import type { Market } from './market.js';
import type { OrderBook } from './orders.js';
import type { QuoteBook } from './quotes.js';
import {
	BadRequest,
	parseCreateOrder,
	parseCredentialCheck,
	parseFetchOrder,
	parseFetchOrders,
	parseQuoteRequest,
	parseTransfers,
} from './requests.js';
import { type RiskLimits, riskReport } from './risk.js';
import { createOrderBody, errorBody, snakeOrder } from './wire.js';
import {
	balancesBody,
	instrumentsBody,
	quoteBody,
	riskBody,
	timeBody,
	transfersBody,
	walletsBody,
} from './wire-accounts.js';

/** What the calls act on. */
export interface ExchangeParts {
	readonly market: Market;
	readonly book: OrderBook;
	readonly quotes: QuoteBook;
	readonly ledger: Ledger;
	readonly riskLimits: RiskLimits;
	/** Checks credentials for the credential-check call. */
	readonly checkCredential: (apiKey: string, signature: string) => boolean;
	/** The market's clock, which stamps orders. */
	readonly marketNow: () => number;
	/** The host's clock, which checks signatures. */
	readonly hostNow: () => number;
	readonly logger: Logger;
}

export interface Reply {
	readonly status: number;
	readonly body: unknown;
}

const ok = (body: unknown): Reply => ({ status: 200, body });

/** One call, validated and done; a bad field throws BadRequest. Money-moving calls never reach here. */
export function handle(parts: ExchangeParts, endpoint: Endpoint, accountId: string, body: unknown): Reply {
	const { market, book } = parts;
	switch (endpoint) {
		case 'api_key_signature_valid': {
			const { apiKey, signature } = parseCredentialCheck(body);
			if (!parts.checkCredential(apiKey, signature)) {
				return { status: 401, body: errorBody(401, 'invalid api key or signature') };
			}
			return ok({ status_code: 200, message: 'ok' });
		}
		case 'create_order': {
			const { order, created } = book.create(accountId, parseCreateOrder(market, body));
			parts.logger.info({ orderId: order.id, status: order.status, created }, 'create_order');
			return ok(createOrderBody(order));
		}
		case 'fetch_order': {
			const order = book.find(accountId, parseFetchOrder(body));
			return ok({ order_list: order ? [snakeOrder(order)] : [], status: 'success' });
		}
		case 'fetch_orders': {
			const filter = parseFetchOrders(market, body);
			const { orders, total } = book.list(accountId, filter);
			return ok({ order_list: orders.map(snakeOrder), status: 'success', total, page: String(filter.page) });
		}
		case 'get_instruments':
			return ok(instrumentsBody(market.symbols().flatMap((symbol) => market.instrument(symbol) ?? [])));
		case 'get_balances':
			return ok(balancesBody(parts.ledger.balances(accountId, book.restingOf(accountId)), parts.marketNow()));
		case 'get_risk': {
			const now = parts.marketNow();
			return ok(riskBody(riskReport(market, book, accountId, now, parts.riskLimits), now));
		}
		case 'get_time':
			return ok(timeBody(parts.hostNow(), parts.marketNow()));
		case 'get_transfers': {
			const filter = parseTransfers(body);
			return ok(transfersBody(parts.ledger.list(accountId, filter), filter.page, filter.limit));
		}
		case 'request_for_quote': {
			const request = parseQuoteRequest(market, body);
			if (book.findByClientOrderId(accountId, request.clientOrderId)) {
				throw new BadRequest(`client_order_id ${request.clientOrderId} is already used by an order`);
			}
			const answer = parts.quotes.request(accountId, request);
			parts.logger.info({ clientOrderId: request.clientOrderId, outcome: answer.kind }, 'request_for_quote');
			return ok(quoteBody(answer));
		}
		case 'get_external_wallets':
			return ok(walletsBody(accountId));
		case 'initiate_withdrawal':
		case 'initiate_transfer':
			return { status: 403, body: errorBody(403, `this api key has no withdrawal rights: ${endpoint} is refused`) };
	}
}
