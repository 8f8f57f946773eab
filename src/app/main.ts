import 'dotenv/config';
import { loadConfig } from './config.js';
import { closeOnSignal, exitWithError } from './process-lifecycle.js';
import { runDesk } from './run-desk.js';

/** `npm start`: the desk in Discord when DISCORD_TOKEN is set, otherwise the local console in this terminal. */
async function main(): Promise<void> {
	const config = loadConfig();
	const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
	const starting = runDesk(config, {
		stdin: process.stdin,
		stdout: process.stdout,
		terminal,
		colour: terminal && !process.env.NO_COLOR,
	});
	// A signal during start-up waits for it to finish, so that the shutdown closes everything it opened.
	closeOnSignal(async () => {
		const desk = await starting.catch(() => undefined);
		await desk?.stop();
	});
	const desk = await starting;
	await desk.ended;
	await desk.stop();
	process.exit(0);
}

main().catch(exitWithError);
