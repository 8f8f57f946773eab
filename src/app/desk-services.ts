import type Database from 'better-sqlite3';
import { Decimal } from 'decimal.js';
import type { Logger } from 'pino';
import { ChartDesk } from '../charts/chart-desk.js';
import { ChartRenderer } from '../charts/chart-renderer.js';
import { AccountCheck } from '../desk/account-check.js';
import { AccountViews } from '../desk/account-views.js';
import { Approvals } from '../desk/approvals.js';
import { AuditTrail } from '../desk/audit.js';
import { Blotter, defaultAtTimeWithinMs, defaultBlotterLookbackMs } from '../desk/blotter.js';
import { DeskControls } from '../desk/controls.js';
import { DeskLimits } from '../desk/desk-limits.js';
import { defaultHeadroomSettings, HeadroomWatch } from '../desk/headroom-watch.js';
import { type AlertLanes, DeskHealth } from '../desk/health.js';
import { InstrumentCatalog } from '../desk/instrument-catalog.js';
import { Market } from '../desk/market.js';
import { OrderBook } from '../desk/order-book.js';
import { OrderLookupQueries } from '../desk/order-queries.js';
import { defaultOrderWatch, OrderWatch, type OrderWatchSettings } from '../desk/order-watch.js';
import { TicketDesk, type TicketObserver } from '../desk/ticket-desk.js';
import { TicketBook } from '../desk/tickets.js';
import { TransferBook } from '../desk/transfer-book.js';
import type { DeskServices } from '../discord/command.js';
import { AlertRoutesRepository } from '../store/alert-routes.js';
import { AuditLogRepository } from '../store/audit-log.js';
import { DeskStateRepository } from '../store/desk-state.js';
import { PriceBarRepository } from '../store/price-bars.js';
import { TicketRecordsRepository } from '../store/ticket-records.js';
import { TraderLimitsRepository } from '../store/trader-limits.js';
import type { ZerocapRestClient } from '../zerocap/rest-client.js';
import type { ZerocapStream } from '../zerocap/stream.js';
import type { Config } from './config.js';

/** Interaction tokens last 15 minutes; /orders buttons stop a little before. */
const orderQueryTtlMs = 14 * 60_000;
const ordersPageSize = 10;
const transfersPageSize = 10;
/** A ticket waits this long for the broker's account figures and instrument rules, then says they were unchecked. */
const brokerCheckDeadlineMs = 1_500;
const instrumentRulesFreshForMs = 60 * 60_000;
const instrumentRulesRetryAfterMs = 30_000;

export interface DeskServiceParts {
	readonly desk: Config['desk'];
	readonly database: Database.Database;
	readonly client: ZerocapRestClient;
	readonly stream: ZerocapStream;
	readonly logger: Logger;
	readonly startedAt: number;
	readonly version: string;
	/** How long and how often an order of unknown fate is looked for; the tests shorten it. */
	readonly orderWatch?: OrderWatchSettings;
	/** The alert relay's lanes, once it runs. */
	readonly alerts: () => AlertLanes | undefined;
	readonly now: () => number;
	/** Hears how each sent ticket ended (the ops metrics). */
	readonly ticketObserver?: TicketObserver;
}

/** The one place the desk's services are built, for `npm start`, the console and the tests alike. */
export function createDeskServices(parts: DeskServiceParts): DeskServices {
	const { desk, database, client, stream, logger, now } = parts;
	const haltStore = new DeskStateRepository(database);
	const routes = new AlertRoutesRepository(database);
	const audit = new AuditTrail(new AuditLogRepository(database), logger);
	const market = new Market(desk.symbols, stream, desk.staleAfterMs);
	const controls = new DeskControls(haltStore, routes, logger, now);
	const limitsStore = new TraderLimitsRepository(database);
	const book = new TicketBook(desk.ticketTtlMs, now);
	const instruments = new InstrumentCatalog(
		() => client.getInstruments(),
		{
			deadlineMs: brokerCheckDeadlineMs,
			refreshAfterMs: instrumentRulesFreshForMs,
			retryAfterMs: instrumentRulesRetryAfterMs,
			now,
		},
		logger,
	);
	void instruments.load();
	const tickets = new TicketDesk({
		broker: client,
		book,
		records: new TicketRecordsRepository(database),
		market,
		instruments,
		account: new AccountCheck(client, { timeZone: desk.timeZone, deadlineMs: brokerCheckDeadlineMs, now }),
		limits: {
			maxOrderValue: new Decimal(desk.maxNotional),
			retypeAbove: new Decimal(desk.retypeAbove),
			limitFarPercent: new Decimal(desk.limitFarPercent),
			minOrderValue: new Decimal(desk.minOrderValue),
			approvalAbove: new Decimal(desk.approvalAbove),
		},
		deskCurrency: desk.currency,
		traderLimits: {
			store: limitsStore,
			timeZone: desk.timeZone,
			defaults: {
				maxOrderValue: new Decimal(desk.maxNotional),
				dailyValue: new Decimal(desk.traderDailyLimit),
				maxPosition: desk.traderMaxPosition === undefined ? undefined : new Decimal(desk.traderMaxPosition),
				deskDailyValue: new Decimal(desk.deskDailyLimit),
			},
		},
		halt: haltStore,
		audit,
		watch: new OrderWatch({
			resolve: (clientOrderId, hint) => client.resolveOrder(clientOrderId, hint),
			onOrderSeen: (listener) => stream.on('order', (order) => listener(order.clientOrderId)),
			settings: parts.orderWatch ?? defaultOrderWatch,
			now,
		}),
		logger,
		now,
		observer: parts.ticketObserver,
	});
	const approvals = new Approvals({
		tickets,
		book,
		routes,
		audit,
		logger,
		now,
		above: new Decimal(desk.approvalAbove),
		ttlMs: desk.approvalTtlMs,
		currency: desk.currency,
	});
	const health = new DeskHealth(
		{
			startedAt: parts.startedAt,
			version: parts.version,
			streamStatus: () => stream.status,
			brokerLoad: () => client.metrics(),
			alerts: parts.alerts,
		},
		market,
		haltStore,
		routes,
		now,
	);
	return {
		tickets,
		approvals,
		orders: new OrderBook(client, new OrderLookupQueries(orderQueryTtlMs, now), ordersPageSize, (clientOrderId) =>
			tickets.traderOf(clientOrderId),
		),
		market,
		controls,
		audit,
		health,
		limits: new DeskLimits(limitsStore, tickets, desk.symbols, desk.currency, now),
		charts: new ChartDesk({
			bars: new PriceBarRepository(database),
			fetchOrders: (filter, page, limit, lane) => client.fetchOrders(filter, page, limit, lane),
			ticketOwner: (clientOrderId) => tickets.traderOf(clientOrderId),
			renderer: new ChartRenderer(),
			rates: { ladders: market, symbols: desk.symbols, staleAfterMs: desk.staleAfterMs, deskCurrency: desk.currency },
			timeZone: desk.timeZone,
			lookbackMs: defaultBlotterLookbackMs,
			atTimeWithinMs: defaultAtTimeWithinMs,
			now,
		}),
		...accountServices(parts, market, (clientOrderId) => tickets.traderOf(clientOrderId)),
		clock: { now, timeZone: desk.timeZone },
	};
}

/** /balances, /risk, /transfers and /blotter, and what the risk poll and the end-of-day report read. */
function accountServices(
	{ desk, client, now }: DeskServiceParts,
	market: Market,
	ticketOwner: (clientOrderId: string) => string | undefined,
): Pick<DeskServices, 'account' | 'headroom' | 'transfers' | 'blotter'> {
	const rates = {
		ladders: market,
		symbols: desk.symbols,
		staleAfterMs: desk.staleAfterMs,
		deskCurrency: desk.currency,
	};
	const blotterSettings = {
		timeZone: desk.timeZone,
		lookbackMs: defaultBlotterLookbackMs,
		atTimeWithinMs: defaultAtTimeWithinMs,
	};
	return {
		account: new AccountViews(client, rates, now),
		headroom: new HeadroomWatch({
			...defaultHeadroomSettings,
			warnBelowPercent: new Decimal(desk.riskWarnBelowPercent),
		}),
		transfers: new TransferBook(client, transfersPageSize, orderQueryTtlMs, now),
		blotter: new Blotter(client, ticketOwner, rates, blotterSettings, now),
	};
}
