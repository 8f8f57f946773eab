import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { type ChartInput, chartLayoutSchema, type RenderedChart } from './chart-input.js';

/** A chart could not be drawn: the renderer closed, the worker failed or timed out, or the input was refused. */
export class ChartRenderError extends Error {
	override readonly name = 'ChartRenderError';
}

const replySchema = z.discriminatedUnion('ok', [
	z.object({ id: z.number(), ok: z.literal(true), png: z.instanceof(Uint8Array), layout: chartLayoutSchema }),
	z.object({ id: z.number(), ok: z.literal(false), reason: z.string() }),
]);

interface Pending {
	resolve(chart: RenderedChart): void;
	reject(error: Error): void;
	timer: NodeJS.Timeout;
}

export interface ChartRendererOptions {
	/** A render taking longer than this is given up and its worker replaced; default 15 s. */
	readonly timeoutMs?: number;
}

/**
 * Starts the render thread: the built `.js` beside this file, or under tsx (npm start) and vitest the `.ts` one.
 * Node 20 does not pass tsx's loader on to a worker (not even through `execArgv`), so a TypeScript worker first
 * registers tsx itself.
 */
function startWorker(): Worker {
	if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./chart-worker.js', import.meta.url));
	const tsx = import.meta.resolve('tsx/esm/api');
	const entry = new URL('./chart-worker.ts', import.meta.url).href;
	const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
	return new Worker(bootstrap, { eval: true });
}

/**
 * Draws charts on a worker thread, so that a render (about 75 ms for a busy day) never stalls the bot's event
 * loop. One worker, started on first use, takes requests in order; a worker that dies or hangs fails its
 * requests and is replaced on the next one. `close()` lets queued renders finish, then ends the worker.
 */
export class ChartRenderer {
	private worker: Worker | undefined;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private closing = false;
	private readonly timeoutMs: number;

	constructor(options: ChartRendererOptions = {}) {
		this.timeoutMs = options.timeoutMs ?? 15_000;
	}

	render(input: ChartInput): Promise<RenderedChart> {
		if (this.closing) return Promise.reject(new ChartRenderError('The chart renderer is shutting down.'));
		const worker = this.ensureWorker();
		const id = this.nextId++;
		return new Promise<RenderedChart>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.failAll(new ChartRenderError(`A chart took longer than ${this.timeoutMs} ms to draw.`));
			}, this.timeoutMs);
			this.pending.set(id, { resolve, reject, timer });
			// Only what the picture draws crosses the thread: bars without their ladders.
			worker.postMessage({ id, input: { ...input, bars: input.bars.map(({ minute, close }) => ({ minute, close })) } });
		});
	}

	/**
	 * Starts the worker and draws one small chart, so that the first trader to ask does not wait for the thread,
	 * the charting code and the font to load (about half a second).
	 */
	async warm(): Promise<void> {
		const at = Date.UTC(2025, 0, 1);
		await this.render({
			symbol: 'WARM/UP',
			windowStart: at,
			windowEnd: at + 3_600_000,
			asOf: at,
			timeZone: 'UTC',
			deskCurrency: 'AUD',
			bars: [],
			fills: [],
			vwap: {},
		});
	}

	/** Waits for the renders already asked for, then ends the worker. Renders asked for after this are refused. */
	async close(): Promise<void> {
		this.closing = true;
		await Promise.allSettled([...this.pending.keys()].map((id) => this.settled(id)));
		const worker = this.worker;
		this.worker = undefined;
		if (worker) await worker.terminate();
	}

	private settled(id: number): Promise<void> {
		return new Promise((resolve) => {
			const entry = this.pending.get(id);
			if (!entry) return resolve();
			const { resolve: done, reject } = entry;
			entry.resolve = (chart) => {
				done(chart);
				resolve();
			};
			entry.reject = (error) => {
				reject(error);
				resolve();
			};
		});
	}

	private ensureWorker(): Worker {
		if (this.worker) return this.worker;
		const worker = startWorker();
		worker.on('message', (message: unknown) => this.answer(message));
		worker.on('error', (error) => this.failAll(new ChartRenderError(`The chart worker failed: ${error.message}`)));
		worker.on('exit', (code) => {
			if (this.worker === worker) this.failAll(new ChartRenderError(`The chart worker stopped (exit code ${code}).`));
		});
		// An idle worker does not keep the process alive; pending renders hold their own timers.
		worker.unref();
		this.worker = worker;
		return worker;
	}

	private answer(message: unknown): void {
		const reply = replySchema.safeParse(message);
		if (!reply.success) {
			this.failAll(new ChartRenderError('The chart worker sent an unreadable reply.'));
			return;
		}
		const entry = this.pending.get(reply.data.id);
		if (!entry) return;
		this.pending.delete(reply.data.id);
		clearTimeout(entry.timer);
		if (reply.data.ok) {
			const { png, layout } = reply.data;
			entry.resolve({ png: Buffer.from(png.buffer, png.byteOffset, png.byteLength), layout });
		} else {
			entry.reject(new ChartRenderError(`The chart could not be drawn: ${reply.data.reason}`));
		}
	}

	/** Fails every request in flight and drops the worker, so the next render starts a fresh one. */
	private failAll(error: ChartRenderError): void {
		const worker = this.worker;
		this.worker = undefined;
		if (worker) void worker.terminate();
		for (const [id, entry] of this.pending) {
			this.pending.delete(id);
			clearTimeout(entry.timer);
			entry.reject(error);
		}
	}
}
