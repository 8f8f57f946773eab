import type { BaseMessageOptions } from 'discord.js';
import { pino } from 'pino';
import type { AlertRelay } from '../../src/alerts/relay.js';
import { startAlertRelay } from '../../src/alerts/start-relay.js';
import type { AlertKind, AlertRoute } from '../../src/desk/alert-routes.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { openDatabase } from '../../src/store/database.js';
import { RelayStore } from '../../src/store/relay-store.js';
import type { BackoffPolicy } from '../../src/zerocap/backoff.js';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import { startTestSandbox, testKey, testSecret } from '../support/sandbox-peer.js';
import { clientFor, type TestClient } from '../support/zerocap-client.js';

export interface RelayRunOptions {
	/** The relay's clock; the host's by default. */
	readonly now?: () => number;
	/** Where a first run ever starts catching up. */
	readonly startedAt?: number;
	readonly reconcileRetry?: BackoffPolicy;
}

const routeTo = (kind: AlertKind): AlertRoute => ({
	kind,
	channelId: `${kind}-channel`,
	mode: 'on',
	changedBy: 'test',
	changedAt: 0,
});

/** What a person reads in a message: its content and its embeds' titles, descriptions and fields. */
function textOf(message: BaseMessageOptions): string {
	const embeds = (message.embeds ?? []).map((embed) => JSON.stringify('toJSON' in embed ? embed.toJSON() : embed));
	return [message.content ?? '', ...embeds].join('\n');
}

/**
 * The alert relay against the sandbox over the real REST client, posting into a recorder instead of Discord.
 * The relay's clock and its reconciliation backoff are the test's; the client's retries are not slept. Each
 * `run` is a new relay on the same store, as a restart would be; the stream is never connected, so only
 * catch-up over REST brings events.
 */
export class RelayOnSandbox {
	readonly posts: { readonly channelId: string; readonly text: string }[] = [];
	private readonly store: RelayStore;
	private readonly runs: AlertRelay[] = [];

	private constructor(
		readonly sandbox: Sandbox,
		private readonly broker: TestClient,
		private readonly stream: ZerocapStream,
		private readonly database: ReturnType<typeof openDatabase>,
	) {
		this.store = new RelayStore(database);
	}

	static async start(): Promise<RelayOnSandbox> {
		// The market clock runs with real time, as a broker's would.
		const sandbox = await startTestSandbox({ frozenClockAt: undefined });
		const broker = clientFor(sandbox);
		const signer = new RequestSigner({ apiKey: testKey, apiSecret: testSecret, scheme: 'static' });
		const stream = new ZerocapStream({ url: sandbox.wsUrl, signer });
		return new RelayOnSandbox(sandbox, broker, stream, openDatabase(':memory:'));
	}

	get ledger(): RelayStore {
		return this.store;
	}

	run(options: RelayRunOptions = {}): { relay: AlertRelay; caughtUp: Promise<void> } {
		const started = startAlertRelay({
			stream: this.stream,
			store: this.store,
			routes: { get: routeTo },
			timeZone: 'UTC',
			poster: {
				post: async (channelId, message) => {
					this.posts.push({ channelId, text: textOf(message) });
					return `m-${this.posts.length}`;
				},
				edit: async () => {},
			},
			traderOf: () => undefined,
			orders: this.broker.client,
			startedAt: options.startedAt ?? Date.now(),
			logger: pino({ level: 'silent' }),
			retry: { initialMs: 1, maxMs: 5, factor: 2 },
			...(options.now ? { now: options.now } : {}),
			...(options.reconcileRetry ? { reconcileRetry: options.reconcileRetry } : {}),
		});
		this.runs.push(started.relay);
		return started;
	}

	/** The orders named in the fills posted, by the first 8 characters of their ids, in order. */
	postedFills(): string[] {
		return this.posts
			.filter((post) => post.channelId === 'fills-channel')
			.flatMap((post) => [...post.text.matchAll(/`([0-9a-f]{8})(?:[0-9a-f-]{28})?`/g)].map((match) => match[1] ?? ''));
	}

	/** What was said on the errors route, in order. */
	errorNotes(): string[] {
		return this.posts.filter((post) => post.channelId === 'errors-channel').map((post) => post.text);
	}

	async close(): Promise<void> {
		for (const relay of this.runs) relay.stop();
		await this.stream.close();
		await this.broker.limiter.stop();
		await this.sandbox.close();
		this.database.close();
	}
}
