import type { Client } from 'discord.js';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { AlertObserver } from '../../alerts/alert-observer.js';
import type { AlertKind } from '../../desk/alert-routes.js';
import type { AlertLanes, BrokerLoad } from '../../desk/health.js';
import type { Placement } from '../../desk/place-order.js';
import type { TicketObserver } from '../../desk/ticket-desk.js';
import type { CallObservation } from '../../zerocap/rest-transport.js';
import type { ZerocapStream } from '../../zerocap/stream.js';
import { registerScrapedMetrics, type ScrapeSources } from './scraped-metrics.js';

const outcomes = [
	'placed',
	'rejected',
	'not-placed',
	'not-found-yet',
	'unresolved',
] as const satisfies readonly Placement['kind'][];
const postedRoutes = ['fills', 'orders', 'errors'] as const satisfies readonly AlertKind[];

/**
 * The desk's metrics in Prometheus' text format, beside the process's own (collectDefaultMetrics). Gauges and
 * the stream's counters are read from the desk's state at each scrape; only what needs an event to be seen
 * (an order's outcome and latency, a broker call, an alert post, a Discord 429) is counted by the observers,
 * which start-up hands to the parts. Labels take only bounded values: outcomes, endpoints, statuses, routes
 * and the desk's configured symbols, never an order, ticket or person.
 */
export class DeskMetrics {
	readonly registry = new Registry();
	private readonly sources: ScrapeSources = {};
	private readonly orders: Counter<'outcome'>;
	private readonly orderLatency: Histogram;
	private readonly brokerCalls: Histogram<'endpoint' | 'status'>;
	private readonly alertsPosted: Counter<'route'>;
	private readonly alertFailures: Counter<'route'>;
	private readonly discord429s: Counter;

	constructor(symbols: readonly string[]) {
		const registers = [this.registry];
		collectDefaultMetrics({ register: this.registry });
		this.orders = new Counter({
			name: 'desk_orders_total',
			help: 'Confirmed tickets by the outcome first shown to the trader.',
			labelNames: ['outcome'],
			registers,
		});
		for (const outcome of outcomes) this.orders.inc({ outcome }, 0);
		this.orderLatency = new Histogram({
			name: 'desk_order_result_duration_seconds',
			help: 'From sending a confirmed ticket to its result shown on the ticket.',
			buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
			registers,
		});
		this.brokerCalls = new Histogram({
			name: 'desk_broker_request_duration_seconds',
			help: 'Broker REST attempts by endpoint and HTTP status (or timeout, network when no answer came).',
			labelNames: ['endpoint', 'status'],
			buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
			registers,
		});
		this.alertsPosted = new Counter({
			name: 'desk_alerts_posted_total',
			help: 'Alerts that reached the channel of their route (each fill of a packed message counts).',
			labelNames: ['route'],
			registers,
		});
		this.alertFailures = new Counter({
			name: 'desk_alert_post_failures_total',
			help: 'Alert posts that failed; the fills and orders routes retry them.',
			labelNames: ['route'],
			registers,
		});
		for (const route of postedRoutes) {
			this.alertsPosted.inc({ route }, 0);
			this.alertFailures.inc({ route }, 0);
		}
		this.discord429s = new Counter({
			name: 'desk_discord_rate_limited_responses_total',
			help: 'Discord answers with HTTP 429 (discord.js waits and retries them).',
			registers,
		});
		registerScrapedMetrics(this.registry, this.sources, symbols);
	}

	/** The REST transport's `onCall`. */
	readonly onBrokerCall = (call: CallObservation): void => {
		// Both labels come from fixed sets: the transport's own endpoint names, and HTTP statuses or error kinds.
		this.brokerCalls.observe({ endpoint: call.endpoint, status: String(call.outcome) }, call.durationMs / 1000);
	};

	readonly tickets: TicketObserver = {
		settled: (outcome, durationMs) => {
			this.orders.inc({ outcome });
			this.orderLatency.observe(durationMs / 1000);
		},
	};

	readonly alerts: AlertObserver = {
		posted: (route, alerts) => this.alertsPosted.inc({ route }, alerts),
		failed: (route) => this.alertFailures.inc({ route }),
	};

	watchStream(stream: Pick<ZerocapStream, 'status' | 'stats' | 'latestLadder'>): void {
		this.sources.stream = stream;
	}

	watchBroker(broker: { metrics(): BrokerLoad }): void {
		this.sources.broker = broker;
	}

	watchDesk(desk: { halted: () => boolean | undefined; alerts: () => AlertLanes | undefined }): void {
		this.sources.halted = desk.halted;
		this.sources.alerts = desk.alerts;
	}

	/** Counts Discord's 429s as discord.js sees them (each answer, before it waits and retries). */
	watchDiscord(client: Client): void {
		client.rest.on('response', (_request, response) => {
			if (response.status === 429) this.discord429s.inc();
		});
	}

	async text(): Promise<{ contentType: string; text: string }> {
		return { contentType: this.registry.contentType, text: await this.registry.metrics() };
	}
}
