import { defaultSandboxApiKey } from '../../src/app/config.js';
import { hmacSha256Hex, RequestSigner, type SignerOptions } from '../../src/zerocap/signing.js';

/**
 * The log-leak scan (design principle 4: keys, secrets and signatures never appear in logs or errors).
 *
 * Test support registers the secrets in play (API secrets, Discord tokens, every signature the client computed)
 * and the text the code under test produced (log lines, store rows, what the fake Discord received, console
 * and child-process output; the common kinds of source are in `leak-sources.ts`). `test/security/leak-scan.setup.ts`, a vitest setup file, scans after every test
 * what was produced since the previous scan, and fails the test if any secret appears. Failures name the kind
 * of secret and where it was found, with the secret masked.
 *
 * Outside vitest (benchmarks import the desk harness) nothing is active: loggers stay silent, nothing is kept.
 */

/** The token of a LocalDiscord started without one, as the console's world is (test/security checks it). */
export const localDiscordDefaultToken = 'local-discord-bot-token';

export type SecretKind = 'api secret' | 'discord token' | 'discord interaction token' | 'signature';

interface Secret {
	readonly kind: SecretKind;
	readonly label: string;
	readonly value: string;
}

/** One piece of produced text, and where it came from (a log line, a request, a row…). */
export interface Chunk {
	readonly where: string;
	readonly text: string;
}

export interface Leak {
	readonly kind: SecretKind;
	readonly label: string;
	readonly source: string;
	readonly where: string;
	/** The text around the occurrence, with every known secret in it masked. */
	readonly context: string;
}

/** A registered text source; `release()` reads it one last time (its owner is closing) and drops it. */
export interface ScanSource {
	readonly label: string;
	release(): void;
}

interface SourceEntry {
	readonly label: string;
	readonly read: (final: boolean) => Chunk[];
	/** Chunks read at release, scanned at the next scan. */
	pending: Chunk[];
	released: boolean;
}

/** Shorter values are too likely to occur by chance in ordinary text to be scanned for. */
const minimumSecretLength = 8;
/** Timestamp-scheme signatures are looked for over this many seconds either side of a scan's window. */
const timestampSlackSeconds = 600;
const hexRun = /[0-9a-f]{64,}/gi;

const secrets = new Map<string, Secret>();
const signatures = new Map<string, Secret>();
/** 64-hex runs already found to be no timestamp signature of a known credential. */
const notSignatures = new Set<string>();
const credentials = new Map<string, { apiKey: string; apiSecret: string; label: string }>();
const allowed: RegExp[] = [];
let sources: SourceEntry[] = [];
let active = false;
let windowStartMs = Date.now();

/** Called by the setup file: from now on loggers log at trace into memory and sources are kept. */
export function activateLeakScan(): void {
	active = true;
}

export function leakScanActive(): boolean {
	return active;
}

export function registerSecret(kind: SecretKind, value: string | undefined, label: string = kind): void {
	if (!active || value === undefined || value.length < minimumSecretLength) return;
	const secret = { kind, label, value };
	if (kind === 'signature' && /^[0-9a-f]{64}$/i.test(value)) {
		if (!signatures.has(value.toLowerCase())) signatures.set(value.toLowerCase(), secret);
	} else if (!secrets.has(value)) secrets.set(value, secret);
}

/**
 * An API key and secret: the secret, its static-scheme signature (computed with the project's own signer),
 * and, at scan time, its timestamp-scheme signatures for every second around the scanned window.
 */
export function registerApiCredential(apiKey: string, apiSecret: string, label = 'api secret'): void {
	if (!active) return;
	registerSecret('api secret', apiSecret, label);
	registerSecret('signature', hmacSha256Hex(apiSecret, apiKey), `static signature of ${label}`);
	credentials.set(`${apiKey}\n${apiSecret}`, { apiKey, apiSecret, label });
}

/** The secrets in a desk's settings: the broker's and the sandbox's api secrets, the Discord token. */
export function registerEnvironmentSecrets(env: Readonly<Record<string, string | undefined>>): void {
	const { ZEROCAP_API_KEY, ZEROCAP_API_SECRET, SANDBOX_API_KEY, SANDBOX_API_SECRET } = env;
	if (ZEROCAP_API_KEY && ZEROCAP_API_SECRET)
		registerApiCredential(ZEROCAP_API_KEY, ZEROCAP_API_SECRET, 'ZEROCAP_API_SECRET');
	if (SANDBOX_API_SECRET) {
		registerApiCredential(SANDBOX_API_KEY ?? defaultSandboxApiKey, SANDBOX_API_SECRET, 'SANDBOX_API_SECRET');
	}
	for (const [name, value] of Object.entries(env)) {
		if (/SECRET/.test(name)) registerSecret('api secret', value, name);
		if (/TOKEN/.test(name)) registerSecret('discord token', value, name);
	}
}

/** Occurrences inside a match of `pattern` are allowed, e.g. the banner that shows the published local default. */
export function allowOccurrences(pattern: RegExp): void {
	allowed.push(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`));
}

/** A RequestSigner that registers every signature it computes, so that the scan looks for each one. */
export class RecordingSigner extends RequestSigner {
	readonly #label: string;

	constructor(options: SignerOptions, label = 'signature') {
		super(options);
		this.#label = label;
		registerApiCredential(options.apiKey, options.apiSecret, label);
	}

	override headers(nowMs: number): Record<string, string> {
		const headers = super.headers(nowMs);
		registerSecret('signature', headers.signature, `${this.#label} (${this.scheme} scheme)`);
		return headers;
	}

	override credentialCheckBody(): { api_key: string; signature: string } {
		const body = super.credentialCheckBody();
		registerSecret('signature', body.signature, `${this.#label} (credential check)`);
		return body;
	}
}

/** Registers the `signature` header of a request about to be sent, whatever built it. */
export function recordRequestSignature(input: Parameters<typeof fetch>[0], init?: RequestInit): void {
	if (!active) return;
	const fromInit = init?.headers === undefined ? null : new Headers(init.headers).get('signature');
	const fromRequest = input instanceof Request ? input.headers.get('signature') : null;
	registerSecret('signature', fromInit ?? fromRequest ?? undefined, 'signature sent to the broker');
}

// --- sources -----------------------------------------------------------------------------------------------

const noSource: ScanSource = { label: 'inactive', release: () => undefined };

export function registerSource(label: string, read: (final: boolean) => Chunk[]): ScanSource {
	if (!active) return noSource;
	const entry: SourceEntry = { label, read, pending: [], released: false };
	sources.push(entry);
	return {
		label,
		release: () => {
			if (entry.released) return;
			entry.pending.push(...safeRead(entry, true));
			entry.released = true;
		},
	};
}

function safeRead(entry: SourceEntry, final: boolean): Chunk[] {
	try {
		return entry.read(final);
	} catch (error) {
		return [{ where: 'reading it', text: `could not read ${entry.label}: ${String(error)}` }];
	}
}

// --- the scan ----------------------------------------------------------------------------------------------

/**
 * Reads every source for what is new since the last scan and returns the secrets found in it. `observe` sees
 * every chunk scanned (a test can check that the scan saw what it should).
 */
export function scanForLeaks(observe?: (source: string, chunk: Chunk) => void): Leak[] {
	const windowEndMs = Date.now();
	// Everything is read before anything is scanned: reading may register secrets (interaction tokens).
	const read = sources.map((entry) => {
		const chunks = [...entry.pending, ...(entry.released ? [] : safeRead(entry, false))];
		entry.pending = [];
		return { label: entry.label, chunks };
	});
	sources = sources.filter((entry) => !entry.released);
	const leaks = read.flatMap(({ label, chunks }) =>
		chunks.flatMap((chunk) => {
			observe?.(label, chunk);
			return scanChunk(label, chunk, windowEndMs);
		}),
	);
	windowStartMs = windowEndMs;
	return leaks;
}

/** Forgets every source (the end of a test file); the secrets stay known. */
export function clearLeakSources(): void {
	sources = [];
}

function scanChunk(source: string, chunk: Chunk, windowEndMs: number): Leak[] {
	const text = allowed.reduce((kept, pattern) => kept.replace(pattern, '[allowed]'), chunk.text);
	const found = new Set<Secret>();
	for (const secret of secrets.values()) if (text.includes(secret.value)) found.add(secret);
	for (const [run] of text.matchAll(hexRun)) {
		for (let start = 0; start + 64 <= run.length; start++) {
			const secret = signatureOf(run.slice(start, start + 64).toLowerCase(), windowEndMs);
			if (secret) found.add(secret);
		}
	}
	if (found.size === 0) return [];
	// Masked before slicing, so that no part of any secret can show at the edges of the context.
	const masked = maskAll(text);
	return [...found].map((secret) => {
		const at = Math.max(0, masked.indexOf(marker(secret)));
		return {
			kind: secret.kind,
			label: secret.label,
			source,
			where: chunk.where,
			context: masked.slice(Math.max(0, at - 80), at + marker(secret).length + 80),
		};
	});
}

/** A registered signature, or a timestamp-scheme signature of a known credential for a second near the window. */
function signatureOf(hex: string, windowEndMs: number): Secret | undefined {
	const known = signatures.get(hex);
	if (known || notSignatures.has(hex)) return known;
	const from = Math.floor(windowStartMs / 1000) - timestampSlackSeconds;
	const to = Math.floor(windowEndMs / 1000) + timestampSlackSeconds;
	for (const { apiSecret, label } of credentials.values()) {
		for (let second = from; second <= to; second++) {
			if (hmacSha256Hex(apiSecret, String(second)) === hex) {
				const secret = { kind: 'signature' as const, label: `timestamp signature of ${label}`, value: hex };
				signatures.set(hex, secret);
				return secret;
			}
		}
	}
	notSignatures.add(hex);
	return undefined;
}

/** `te…ue (17 chars)`: enough to tell secrets apart, not enough to use one. */
export function mask(value: string): string {
	return value.length < 12
		? `*** (${value.length} chars)`
		: `${value.slice(0, 2)}…${value.slice(-2)} (${value.length} chars)`;
}

const marker = (secret: Secret) => `[${secret.kind} ${mask(secret.value)}]`;

function maskAll(text: string): string {
	let masked = text;
	for (const secret of secrets.values()) masked = masked.replaceAll(secret.value, marker(secret));
	return masked.replace(hexRun, (run) => {
		let kept = run;
		for (const secret of signatures.values()) kept = kept.replaceAll(secret.value, marker(secret));
		return kept;
	});
}

export function formatLeaks(leaks: readonly Leak[]): string {
	const lines = leaks.map(
		(leak) =>
			`- ${leak.kind} "${leak.label}" in ${leak.source}, ${leak.where}:\n    …${leak.context.replaceAll('\n', '⏎')}…`,
	);
	return `Leak scan: ${leaks.length} secret occurrence(s) in what was logged, stored, sent or printed:\n${lines.join('\n')}`;
}
