import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The walls of the architecture, read from the import statements of the tree: which folder may use which.
 * Imports run one way, app → (commands, console, alerts) → discord → (charts) → desk → zerocap; the store implements the
 * desk's and the alerts' interfaces; the sandbox, the Zerocap client and the local Discord stand alone.
 */

const root = resolve(import.meta.dirname, '..');

/** Each folder, and the folders of the project it may import (itself always). */
const mayImport: Record<string, readonly string[]> = {
	app: ['commands', 'console', 'alerts', 'discord', 'desk', 'charts', 'store', 'zerocap', 'sandbox', 'local-discord'],
	commands: ['discord', 'desk', 'charts', 'zerocap'],
	console: ['local-discord', 'discord', 'desk'],
	alerts: ['discord', 'charts', 'desk', 'zerocap'],
	discord: ['desk', 'charts', 'zerocap'],
	store: ['desk', 'alerts', 'charts'],
	charts: ['desk', 'zerocap'],
	desk: ['zerocap'],
	zerocap: [],
	sandbox: [],
	'local-discord': [],
};

/** Packages a folder must not load: the desk knows nothing of Discord. */
const mayNotLoad: Record<string, readonly string[]> = {
	desk: ['discord.js', 'discord-api-types', 'better-sqlite3'],
	charts: ['discord.js', 'discord-api-types', 'better-sqlite3'],
	zerocap: ['discord.js', 'discord-api-types', 'better-sqlite3'],
	sandbox: ['discord.js', 'discord-api-types', 'better-sqlite3'],
};

function sourceFiles(folder: string): string[] {
	return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.ts'))
		.map((name) => join(root, folder, name));
}

const files = [...sourceFiles('src'), ...sourceFiles('commands')];

/** `src/desk/x.ts` → `desk`; `commands/x.ts` → `commands`. */
function folderOf(file: string): string {
	const [top, second = ''] = relative(root, file).split('/');
	return top === 'src' ? second : (top ?? '');
}

function importsOf(file: string): { relative: string[]; packages: string[] } {
	const text = readFileSync(file, 'utf8');
	const specifiers = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((match) => match[1] ?? '');
	const bare = [...text.matchAll(/^import\s+'([^']+)'/gm)].map((match) => match[1] ?? '');
	const all = [...specifiers, ...bare];
	return {
		relative: all
			.filter((specifier) => specifier.startsWith('.'))
			.map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))),
		packages: all.filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:')),
	};
}

describe('the architecture', () => {
	it('knows every folder of the tree', () => {
		expect(new Set(files.map(folderOf))).toEqual(new Set(Object.keys(mayImport)));
	});

	it('has imports only in the allowed directions', () => {
		const crossings = files.flatMap((file) => {
			const from = folderOf(file);
			const allowed = new Set([from, ...(mayImport[from] ?? [])]);
			return importsOf(file)
				.relative.filter((target) => !allowed.has(folderOf(target)))
				.map((target) => `${relative(root, file)} → ${relative(root, target)}`);
		});
		expect(crossings).toEqual([]);
	});

	it('keeps Discord and the database out of the desk, the client and the sandbox', () => {
		const loads = files.flatMap((file) => {
			const banned = mayNotLoad[folderOf(file)] ?? [];
			return importsOf(file)
				.packages.filter((name) => banned.some((ban) => name === ban || name.startsWith(`${ban}/`)))
				.map((name) => `${relative(root, file)} loads ${name}`);
		});
		expect(loads).toEqual([]);
	});

	it('starts everything from src/app: every npm script that runs the bot points there', () => {
		const manifest: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
		const scripts =
			typeof manifest === 'object' && manifest !== null && 'scripts' in manifest && manifest.scripts
				? Object.entries(manifest.scripts)
				: [];
		const entries = scripts.filter(([name]) => ['start', 'sandbox', 'deploy-commands'].includes(name));
		expect(entries.map(([name]) => name).sort()).toEqual(['deploy-commands', 'sandbox', 'start']);
		for (const [, command] of entries) expect(String(command)).toMatch(/ src\/app\/[a-z-]+\.ts$/);
	});

	it('runs the sandbox on its own without loading any of the Zerocap client, even through the logger', () => {
		const seen = new Set<string>();
		const visit = (file: string) => {
			if (seen.has(file)) return;
			seen.add(file);
			for (const target of importsOf(file).relative) visit(target);
		};
		visit(join(root, 'src/app/sandbox-cli.ts'));
		const loaded = [...seen].map((file) => relative(root, file));
		expect(loaded).toContain('src/sandbox/sandbox.ts');
		expect(loaded.filter((file) => file.startsWith('src/zerocap/'))).toEqual([]);
	});
});
