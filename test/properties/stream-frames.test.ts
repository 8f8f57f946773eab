import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestSigner } from '../../src/zerocap/signing.js';
import { ZerocapStream } from '../../src/zerocap/stream.js';
import { parseStreamFrame, type StreamMessage } from '../../src/zerocap/stream-frames.js';
import type { StreamEvents } from '../../src/zerocap/stream-types.js';
import { capturingLogger, type LogLine } from '../support/prop-log.js';
import {
	applyMutation,
	breakingMutation,
	expectWellFormedLadder,
	expectWellFormedOrder,
	expectWellFormedTrade,
	extraFields,
	inheritedName,
	type Json,
	orderCase,
	type StreamCase,
	streamCase,
	stretchingMutation,
	tradeCase,
	wrongType,
} from '../support/prop-wire.js';
import { streamEventNames } from '../support/stream-recorder.js';

const runs = { numRuns: 300 };

/** Every parsed message that carries a domain value keeps the domain's invariants. */
function expectWellFormed(message: StreamMessage): void {
	if (message.kind === 'ladder') expectWellFormedLadder(message.ladder);
	else if (message.kind === 'order') expectWellFormedOrder(message.order);
	else if (message.kind === 'trade') expectWellFormedTrade(message.trade);
	else if (message.kind === 'malformed') expect(message.reason.length).toBeGreaterThan(0);
	else if (message.kind === 'broker-error') {
		// The code is the broker's text or number, never an object turned into "[object Object]".
		expect(message.code).not.toContain('[object ');
		expect(typeof message.message).toBe('string');
	}
}

function mutatedFrame(
	test: StreamCase<'ladder' | 'order' | 'trade'>,
	mutated: Record<string, Json> | Json,
): Record<string, Json> {
	return test.wrap(mutated);
}

/** Error frames with codes of every kind, including objects whose toString is not a function. */
const errorFrame = fc
	.record({
		error_code: fc.oneof(
			fc.constantFrom<Json>('401', 400, '', null, { toString: 1 }, { valueOf: {}, toString: [] }, {}, [], ['4', '0']),
			fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
		),
		error_message: fc.jsonValue({ maxDepth: 1 }),
	})
	.map((frame) => JSON.stringify(frame));

/** Valid frames with one field pushed to an extreme or to garbage. */
const stretchedFrame = streamCase.chain((test) =>
	stretchingMutation(test).map((mutation) => JSON.stringify(mutatedFrame(test, applyMutation(test.fields, mutation)))),
);

/** Valid frames with a required field taken away or of the wrong kind. */
const brokenFrame = streamCase.chain((test) =>
	breakingMutation(test.required).map((mutation) =>
		JSON.stringify(mutatedFrame(test, applyMutation(test.fields, mutation))),
	),
);

/** Frames of every sort: arbitrary text, arbitrary JSON, and valid frames broken or stretched. */
const anyFrame: fc.Arbitrary<string> = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 60 }),
	fc.json({ maxDepth: 4 }),
	fc
		.record({
			channel: fc.constantFrom('dma_order_info', 'dma_trade_info', 'dma_ladder_price_USDT/AUD', 'dma_x'),
			data: fc.jsonValue({ maxDepth: 3 }),
		})
		.map((frame) => JSON.stringify(frame)),
	errorFrame,
	fc.record({ message: fc.jsonValue({ maxDepth: 2 }) }).map((frame) => JSON.stringify(frame)),
	brokenFrame,
	stretchedFrame,
	streamCase.chain((test) => wrongType.map((data) => JSON.stringify(test.wrap(data)))),
);

describe('parsing stream frames', () => {
	it('never throws, and whatever it returns keeps the domain’s invariants', () => {
		fc.assert(
			fc.property(anyFrame, (raw) => {
				expectWellFormed(parseStreamFrame(raw));
			}),
			{ numRuns: 1000 },
		);
	});

	it('reads a valid frame with a field at an extreme (huge, tiny, past a date) well, or drops it', () => {
		fc.assert(
			fc.property(stretchedFrame, (raw) => {
				expectWellFormed(parseStreamFrame(raw));
			}),
			{ numRuns: 600 },
		);
	});

	it('reads an error frame’s code only when it is text or a number', () => {
		fc.assert(
			fc.property(errorFrame, (raw) => {
				const message = parseStreamFrame(raw);
				expectWellFormed(message);
				const code: unknown = JSON.parse(raw).error_code;
				if (typeof code === 'string' || typeof code === 'number')
					expect(message).toMatchObject({ kind: 'broker-error', code: String(code) });
				else expect(message.kind).toBe('malformed');
			}),
			runs,
		);
	});

	it('reads valid frames into exactly the values sent, decimals as their exact text', () => {
		fc.assert(
			fc.property(streamCase, (test) => {
				const message = parseStreamFrame(JSON.stringify(test.frame));
				expect(message).toEqual({ kind: test.kind, [test.kind]: test.expected });
				expectWellFormed(message);
			}),
			runs,
		);
	});

	it('ignores extra fields, wherever they are', () => {
		fc.assert(
			fc.property(
				streamCase.chain((test) => fc.tuple(fc.constant(test), extraFields(test.known))),
				fc.dictionary(
					fc
						.string({ minLength: 1, maxLength: 10 })
						.filter((key) => !['channel', 'data', 'error_code', 'message'].includes(key)),
					fc.jsonValue({ maxDepth: 2 }),
					{ maxKeys: 3 },
				),
				([test, extras], outer) => {
					const frame = { ...outer, ...mutatedFrame(test, { ...test.fields, ...extras }) };
					expect(parseStreamFrame(JSON.stringify(frame))).toEqual({ kind: test.kind, [test.kind]: test.expected });
				},
			),
			runs,
		);
	});

	it('reads no side, type or status from a name every object inherits', () => {
		fc.assert(
			fc.property(
				fc
					.oneof(orderCase, tradeCase)
					.chain((test) => fc.tuple(fc.constant(test), fc.constantFrom(...test.choices), inheritedName)),
				([test, field, name]) => {
					const frame = mutatedFrame(test, { ...test.fields, [field]: name });
					expect(parseStreamFrame(JSON.stringify(frame)).kind, `${field}: ${name}`).toBe('malformed');
				},
			),
			{ numRuns: 100 },
		);
	});

	it('drops a frame whose required field is missing or of the wrong kind', () => {
		fc.assert(
			fc.property(
				streamCase.chain((test) => fc.tuple(fc.constant(test), breakingMutation(test.required))),
				([test, mutation]) => {
					const message = parseStreamFrame(JSON.stringify(mutatedFrame(test, applyMutation(test.fields, mutation))));
					expect(message.kind, JSON.stringify(mutation)).toBe('malformed');
				},
			),
			runs,
		);
	});
});

type Counts = Record<keyof StreamEvents, number>;

/** A stream that never connects, fed through `ingest`, with every event and log line recorded. */
function ingestingStream() {
	const lines: LogLine[] = [];
	const stream = new ZerocapStream({
		url: 'ws://127.0.0.1:9/never',
		signer: new RequestSigner({ apiKey: 'key', apiSecret: 'secret', scheme: 'static' }),
		logger: capturingLogger(lines),
	});
	const counts = {} as Counts;
	const events: { event: keyof StreamEvents; payload: unknown }[] = [];
	for (const name of streamEventNames) {
		counts[name] = 0;
		stream.on(name, (payload) => {
			counts[name]++;
			events.push({ event: name, payload });
		});
	}
	return { stream, lines, counts, events };
}

let open: ZerocapStream[] = [];
afterEach(async () => {
	await Promise.all(open.map((stream) => stream.close()));
	open = [];
});

describe('ingesting stream frames (ZerocapStream.ingest)', () => {
	it('never lets a frame escape: each is an event, a notice, or counted as malformed and dropped', () => {
		const desk = ingestingStream();
		open.push(desk.stream);
		fc.assert(
			fc.property(anyFrame, (raw) => {
				const before = { ...desk.counts };
				const stats = desk.stream.stats;
				const eventsBefore = desk.events.length;
				desk.stream.ingest(raw);
				const after = desk.stream.stats;
				const emitted = desk.events.slice(eventsBefore);
				expect(
					desk.lines.filter((line) => line.level >= 50),
					'no frame reaches the error boundary',
				).toEqual([]);
				expect(after.framesReceived).toBe(stats.framesReceived + 1);
				const malformed = after.malformedFrames - stats.malformedFrames;
				expect(malformed, 'the counter and the event agree').toBe(desk.counts.malformed - before.malformed);
				const values = emitted.filter(({ event }) => event === 'ladder' || event === 'order' || event === 'trade');
				const errors = emitted.filter(({ event }) => event === 'brokerError');
				expect(values.length + errors.length + malformed, 'at most one outcome per frame').toBeLessThanOrEqual(1);
				if (malformed === 1) expect(values, 'a malformed frame is dropped').toEqual([]);
				for (const { event, payload } of values) {
					if (event === 'ladder') expectWellFormedLadder(payload as never);
					else if (event === 'order') expectWellFormedOrder(payload as never);
					else expectWellFormedTrade(payload as never);
				}
				if (values.length + errors.length + malformed === 0) {
					// Only a notice ("Successfully connected.", "pong", …) may pass without an outcome.
					const frame: unknown = JSON.parse(raw);
					expect(typeof (frame as { message?: unknown }).message).toBe('string');
				}
			}),
			{ numRuns: 1000 },
		);
	});

	it('counts and drops every broken frame, and keeps the last good ladder', () => {
		const desk = ingestingStream();
		open.push(desk.stream);
		fc.assert(
			fc.property(
				streamCase.chain((test) => fc.tuple(fc.constant(test), breakingMutation(test.required))),
				([test, mutation]) => {
					const latest = desk.stream.latestLadder('USDT/AUD')?.ladder;
					const stats = desk.stream.stats;
					const eventsBefore = desk.events.length;
					desk.stream.ingest(JSON.stringify(mutatedFrame(test, applyMutation(test.fields, mutation))));
					expect(desk.stream.stats.malformedFrames).toBe(stats.malformedFrames + 1);
					expect(desk.events.slice(eventsBefore).map(({ event }) => event)).toEqual(['malformed']);
					expect(desk.stream.latestLadder('USDT/AUD')?.ladder).toBe(latest);
				},
			),
			runs,
		);
	});

	it('still delivers every valid frame, exactly, between broken ones', () => {
		const desk = ingestingStream();
		open.push(desk.stream);
		fc.assert(
			fc.property(fc.array(fc.oneof(streamCase, anyFrame), { maxLength: 8 }), streamCase, (noise, test) => {
				for (const frame of noise) desk.stream.ingest(typeof frame === 'string' ? frame : JSON.stringify(frame.frame));
				const malformed = desk.stream.stats.malformedFrames;
				const eventsBefore = desk.events.length;
				desk.stream.ingest(JSON.stringify(test.frame));
				expect(desk.events.slice(eventsBefore)).toEqual([{ event: test.kind, payload: test.expected }]);
				expect(desk.stream.stats.malformedFrames).toBe(malformed);
				if (test.kind === 'ladder')
					expect(desk.stream.latestLadder(test.expected.symbol)?.ladder).toEqual(test.expected);
			}),
			runs,
		);
	});
});
