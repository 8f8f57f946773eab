import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { chartInputSchema } from './chart-input.js';
import { renderChart } from './render-chart.js';

/** The render thread: one request at a time, in the order sent; a bad request is answered, never fatal. */

const requestSchema = z.object({ id: z.number().int(), input: chartInputSchema });

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

const port = parentPort;
if (!port) throw new Error('chart-worker.ts runs only as a worker thread (see chart-renderer.ts)');

port.on('message', (message: unknown) => {
	const request = requestSchema.safeParse(message);
	if (!request.success) {
		const id = z.object({ id: z.number() }).safeParse(message);
		port.postMessage({ id: id.success ? id.data.id : -1, ok: false, reason: z.prettifyError(request.error) });
		return;
	}
	try {
		const { png, layout } = renderChart(request.data.input);
		// A view of its own, so the transfer hands over exactly the picture's bytes.
		const bytes = new Uint8Array(png);
		port.postMessage({ id: request.data.id, ok: true, png: bytes, layout }, [bytes.buffer]);
	} catch (error) {
		port.postMessage({ id: request.data.id, ok: false, reason: describe(error) });
	}
});
