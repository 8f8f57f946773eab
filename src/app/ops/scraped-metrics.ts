import { Counter, Gauge, type Registry } from 'prom-client';
import type { AlertLanes, BrokerLoad } from '../../desk/health.js';
import type { ZerocapStream } from '../../zerocap/stream.js';
import type { StreamStatus } from '../../zerocap/stream-types.js';

const streamStatuses = [
	'idle',
	'connecting',
	'ready',
	'reconnecting',
	'closed',
] as const satisfies readonly StreamStatus[];
const lanes = ['fills', 'orders'] as const;

/** The desk's own state as a scrape reads it; each part is there once start-up has built it. */
export interface ScrapeSources {
	stream?: Pick<ZerocapStream, 'status' | 'stats' | 'latestLadder'>;
	broker?: { metrics(): BrokerLoad };
	/** Undefined when it cannot be read now (the store is closed). */
	halted?: () => boolean | undefined;
	alerts?: () => AlertLanes | undefined;
}

/** Registers the metrics read from the desk's state when Prometheus scrapes; absent parts show no samples. */
export function registerScrapedMetrics(registry: Registry, sources: ScrapeSources, symbols: readonly string[]): void {
	const registers = [registry];
	const streamTotal = (name: string, help: string, read: (stats: ZerocapStream['stats']) => number) =>
		new Counter({
			name,
			help,
			registers,
			collect() {
				this.reset();
				if (sources.stream) this.inc(read(sources.stream.stats));
			},
		});
	streamTotal(
		'desk_stream_reconnects_total',
		'Broker stream connection attempts after the first.',
		(s) => s.reconnects,
	);
	streamTotal('desk_stream_frames_total', 'Broker stream frames received.', (s) => s.framesReceived);
	streamTotal(
		'desk_stream_malformed_frames_total',
		'Broker stream frames dropped as unreadable.',
		(s) => s.malformedFrames,
	);
	new Gauge({
		name: 'desk_stream_status',
		help: 'The broker stream state: 1 for the current one, 0 for the others.',
		labelNames: ['status'],
		registers,
		collect() {
			this.reset();
			const current = sources.stream?.status;
			if (current !== undefined) for (const status of streamStatuses) this.set({ status }, status === current ? 1 : 0);
		},
	});
	new Gauge({
		name: 'desk_ladder_age_seconds',
		help: 'How long ago the latest price ladder of each desk symbol arrived.',
		labelNames: ['symbol'],
		registers,
		collect() {
			this.reset();
			for (const symbol of symbols) {
				const latest = sources.stream?.latestLadder(symbol);
				if (latest) this.set({ symbol }, latest.ageMs / 1000);
			}
		},
	});
	new Gauge({
		name: 'desk_broker_queued_requests',
		help: 'Broker REST calls waiting in the request limiter.',
		registers,
		collect() {
			this.reset();
			if (sources.broker) this.set(sources.broker.metrics().waiting);
		},
	});
	new Gauge({
		name: 'desk_broker_running_requests',
		help: 'Broker REST calls under way.',
		registers,
		collect() {
			this.reset();
			if (sources.broker) this.set(sources.broker.metrics().running);
		},
	});
	new Gauge({
		name: 'desk_halted',
		help: '1 while the desk is halted (no new orders), 0 while trading is open.',
		registers,
		collect() {
			this.reset();
			const halted = sources.halted?.();
			if (halted !== undefined) this.set(halted ? 1 : 0);
		},
	});
	const lane = (name: string, help: string, read: (lanes: AlertLanes, lane: 'fills' | 'orders') => number) =>
		new Gauge({
			name,
			help,
			labelNames: ['route'],
			registers,
			collect() {
				this.reset();
				const lanesNow = sources.alerts?.();
				if (lanesNow) for (const route of lanes) this.set({ route }, read(lanesNow, route));
			},
		});
	lane('desk_alerts_waiting', 'Alerts waiting to be posted on the route.', (l, r) => l[r].waiting);
	lane('desk_alerts_failing', '1 while posts on the route keep failing.', (l, r) => (l[r].failing ? 1 : 0));
	new Counter({
		name: 'desk_alerts_set_aside_total',
		help: 'Alerts set aside because Discord can never show them.',
		labelNames: ['route'],
		registers,
		collect() {
			this.reset();
			const lanesNow = sources.alerts?.();
			if (lanesNow) for (const route of lanes) this.inc({ route }, lanesNow[route].setAside);
		},
	});
}
