import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SandboxControls } from './controls.js';
import { endpointNames } from './endpoints.js';
import { BodyTooLarge, parseJson, readBody, sendJson } from './http-body.js';
import { errorBody } from './wire.js';

export const controlPrefix = '/__sandbox/';

const endpointName = z.enum(endpointNames).optional();
const count = z.number().int().min(1).max(10_000);

const faultSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('status'),
		status: z.number().int().min(400).max(599),
		message: z.string().optional(),
		retryAfterSeconds: z.number().min(0).max(3600).optional(),
		count,
		endpoint: endpointName,
	}),
	z.object({
		kind: z.literal('delay'),
		ms: z.number().int().min(0).max(120_000),
		phase: z.enum(['before', 'after']),
		count,
		endpoint: endpointName,
	}),
	z.object({ kind: z.literal('drop'), phase: z.enum(['before', 'after']), count, endpoint: endpointName }),
]);
const accountSchema = z.object({ accountId: z.string().optional() });
const burstSchema = z.object({
	count,
	accountId: z.string().optional(),
	symbol: z.string().optional(),
	side: z.enum(['buy', 'sell']).optional(),
	amount: z
		.string()
		.regex(/^\d+(\.\d+)?$/, { error: 'amount must be a positive decimal' })
		.optional(),
});
const stepSchema = z.object({
	ms: z
		.number()
		.int()
		.min(0)
		.max(365 * 24 * 3_600_000),
});
const midSchema = z.object({ symbol: z.string(), mid: z.string() });
const lastLookSchema = z.object({ count, reason: z.string().max(200).optional() });

type Action = (controls: SandboxControls, body: unknown) => unknown;

const actions: Record<string, Action> = {
	fault: (c, body) => c.injectRestFault(faultSchema.parse(body)),
	'clear-faults': (c) => c.clearRestFaults(),
	'drop-streams': (c, body) => ({ dropped: c.dropStreams(accountSchema.parse(body).accountId) }),
	'stall-streams': (c, body) => ({ stalled: c.stallStreams(accountSchema.parse(body).accountId) }),
	'mute-streams': (c, body) => ({ muted: c.muteStreams(accountSchema.parse(body).accountId) }),
	'resume-streams': (c) => ({ resumed: c.resumeStreams() }),
	'refuse-streams': (c) => c.refuseStreams(),
	'accept-streams': (c) => c.acceptStreams(),
	'pause-prices': (c) => c.pausePrices(),
	'resume-prices': (c) => c.resumePrices(),
	'fill-burst': (c, body) => ({ orderIds: c.fillBurst(burstSchema.parse(body)) }),
	'clock/freeze': (c) => c.freezeClock(),
	'clock/resume': (c) => c.resumeClock(),
	'clock/step': (c, body) => c.stepClock(stepSchema.parse(body).ms),
	'set-mid': (c, body) => {
		const { symbol, mid } = midSchema.parse(body);
		c.setMid(symbol, mid);
	},
	'last-look': (c, body) => {
		const { count: declined, reason } = lastLookSchema.parse(body);
		c.declineQuotes(declined, reason);
	},
};

/** The control surface over HTTP: `POST /__sandbox/<action>` with a JSON body, `GET /__sandbox/state`. */
export function createControlHandler(controls: SandboxControls | undefined, maxBodyBytes: number) {
	return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
		if (!controls) {
			sendJson(res, 404, errorBody(404, 'the control surface is disabled (set SANDBOX_CONTROLS=true to enable it)'));
			return;
		}
		const name = url.pathname.slice(controlPrefix.length);
		if (req.method === 'GET' && name === 'state') {
			sendJson(res, 200, controls.state());
			return;
		}
		const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
		if (!action || req.method !== 'POST') {
			sendJson(res, 404, errorBody(404, `no such control: ${req.method} ${url.pathname.slice(0, 100)}`));
			return;
		}
		let text: string;
		try {
			text = await readBody(req, maxBodyBytes);
		} catch (error) {
			if (error instanceof BodyTooLarge) return sendJson(res, 413, errorBody(413, 'the body is too large'));
			throw error;
		}
		const parsed = text.trim() === '' ? { ok: true as const, value: {} } : parseJson(text);
		if (!parsed.ok) return sendJson(res, 400, errorBody(400, 'the body is not valid JSON'));
		try {
			sendJson(res, 200, action(controls, parsed.value) ?? { ok: true });
		} catch (error) {
			const message =
				error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : 'failed';
			sendJson(res, 400, errorBody(400, message));
		}
	};
}
