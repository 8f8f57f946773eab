import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { type BotBuild, opsUrlOf, projectRoot, readyAt, spawnBot } from '../test/ops/spawned-bot.js';

/**
 * Start-up, both ways the bot can run: under tsx as `npm start` does, and compiled (`npm run build`, which this
 * bench runs first). Each start is timed from spawning the process to /readyz answering 200 (the store open,
 * the credentials accepted, the stream ready, the console's bot logged in, the lease held), and its memory is
 * the resident set of its whole process tree (the bot, and tsx's CLI and esbuild service under tsx) a second
 * after it was ready. The two ways take turns over a few rounds, and each keeps its median.
 */
const rounds = 3;
const settleMs = 1000;

/** Resident memory of a process and all its descendants, in bytes (Linux /proc); undefined elsewhere. */
function treeRss(pid: number): number | undefined {
	if (!existsSync('/proc/self/status')) return undefined;
	const parents = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// The command name, in parentheses, may hold spaces: the fields after its closing one are fixed.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parents.set(Number(entry), ppid);
		} catch {
			// Gone since the folder was listed.
		}
	}
	const tree = [pid];
	for (let at = 0; at < tree.length; at++) {
		for (const [child, parent] of parents) if (parent === tree[at]) tree.push(child);
	}
	let bytes = 0;
	for (const member of tree) {
		try {
			const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${member}/status`, 'utf8'))?.[1];
			bytes += Number(kb ?? 0) * 1024;
		} catch {
			// Gone: it holds no memory now.
		}
	}
	return bytes;
}

/** The bot's own resident memory, as its /metrics reports it. */
async function reportedRss(url: string): Promise<number> {
	const text = await (await fetch(`${url}/metrics`)).text();
	return Number(/^process_resident_memory_bytes (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
}

async function startOnce(build: BotBuild): Promise<{ ms: number; rss: number; botRss: number }> {
	const started = performance.now();
	const bot = spawnBot(build, { LOG_LEVEL: 'info' });
	try {
		const url = await opsUrlOf(bot);
		const ready = await readyAt(url);
		await delay(settleMs);
		const botRss = await reportedRss(url);
		const rss = (bot.child.pid !== undefined ? treeRss(bot.child.pid) : undefined) ?? botRss;
		bot.child.stdin?.end();
		const code = await bot.exited;
		if (code !== 0) throw new Error(`the ${build} bot exited with ${code}:\n${bot.output()}`);
		return { ms: ready - started, rss, botRss };
	} catch (error) {
		bot.child.kill('SIGKILL');
		throw error;
	}
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function run(): Promise<void> {
	const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('npm run build failed');
	const results: Record<BotBuild, { ms: number; rss: number; botRss: number }[]> = { tsx: [], built: [] };
	// One start of each first, unmeasured: the first start reads every file from disk into the page cache.
	for (const way of ['tsx', 'built'] as const) await startOnce(way);
	for (let round = 0; round < rounds; round++) {
		for (const way of ['tsx', 'built'] as const) results[way].push(await startOnce(way));
	}
	const figures = (way: BotBuild) => ({
		ms: Math.round(median(results[way].map((result) => result.ms))),
		rss: mb(median(results[way].map((result) => result.rss))),
		botRss: mb(median(results[way].map((result) => result.botRss))),
	});
	const tsx = figures('tsx');
	const built = figures('built');
	console.log(
		JSON.stringify({ bench: 'startup', tsxMs: tsx.ms, builtMs: built.ms, tsxRssMb: tsx.rss, builtRssMb: built.rss }),
	);
	console.log(`  start-up to ready (median of ${rounds}): tsx ${tsx.ms} ms, built ${built.ms} ms`);
	console.log(
		`  RSS ${settleMs / 1000} s after ready: tsx ${tsx.rss} MB (the bot process alone ${tsx.botRss} MB), built ${built.rss} MB (the bot process alone ${built.botRss} MB)`,
	);
}
