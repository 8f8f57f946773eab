import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, type SandboxOptions, SandboxStateError } from '../../src/sandbox/sandbox.js';
import { call, createOrder, marketBuy, startTestSandbox } from '../support/sandbox-peer.js';
import { sdkCall, sdkHeaders } from './late-sdk.js';

const folders: string[] = [];
const running: Sandbox[] = [];
afterEach(async () => {
	for (const sandbox of running.splice(0)) await sandbox.close();
	for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function stateFile(): string {
	const folder = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
	folders.push(folder);
	return join(folder, 'nested', 'sandbox.json');
}

async function start(options: Partial<SandboxOptions>): Promise<Sandbox> {
	const sandbox = await startTestSandbox(options);
	running.push(sandbox);
	return sandbox;
}

async function restart(sandbox: Sandbox, options: Partial<SandboxOptions>): Promise<Sandbox> {
	running.splice(running.indexOf(sandbox), 1);
	await sandbox.close();
	return start(options);
}

const balances = async (sandbox: Sandbox) =>
	(await sdkCall(sandbox, 'orders/get_balances', { headers: sdkHeaders() })).body.balances;

describe('the sandbox’s state file', () => {
	it('keeps orders, trades, transfers and balances across a restart', async () => {
		const statePath = stateFile();
		const first = await start({ statePath });
		const filled = await marketBuy(first, '100', 'kept-order');
		const resting = await createOrder(first, {
			symbol: 'BTC/AUD',
			side: 'buy',
			type: 'limit',
			amount: '0.5',
			price: '100000',
			client_order_id: 'kept-resting',
		});
		const ordersBefore = (await call(first, 'fetch_orders', {})).body;
		const balancesBefore = await balances(first);

		const second = await restart(first, { statePath });
		expect((await call(second, 'fetch_orders', {})).body).toEqual(ordersBefore);
		expect(await balances(second)).toEqual(balancesBefore);
		// The client order id still finds the first order, so a resent create_order creates nothing.
		expect((await marketBuy(second, '100', 'kept-order')).body.id).toBe(filled.body.id);
		expect((await call(second, 'fetch_orders', {})).body.total).toBe(2);

		// The resting order rests on, and fills when the market crosses it.
		second.controls.setMid('BTC/AUD', '90000');
		second.controls.stepClock(500);
		const found = await call(second, 'fetch_order', { id: resting.body.id });
		expect(found.body.order_list[0]).toMatchObject({ status: 'closed', client_order_id: 'kept-resting' });
		expect(Number(found.body.order_list[0].average)).toBeLessThan(100_000);
	});

	it('leaves no temporary file behind, and writes JSON it can read again', async () => {
		const statePath = stateFile();
		const sandbox = await start({ statePath });
		await marketBuy(sandbox, '10', 'one');
		await restart(sandbox, { statePath });
		const folder = join(statePath, '..');
		expect(readdirSync(folder).sort()).toEqual(['sandbox.json', 'sandbox.json.lock']);
		const saved = JSON.parse(readFileSync(statePath, 'utf8'));
		expect(saved).toMatchObject({ version: 1 });
		expect(saved.orders).toHaveLength(1);
		expect(saved.orders[0]).toMatchObject({ clientOrderId: 'one', amount: '10', status: 'closed' });
	});

	it('deposits the opening balances once, not again at every start', async () => {
		const statePath = stateFile();
		const first = await start({ statePath });
		const second = await restart(first, { statePath });
		const deposits = await sdkCall(second, 'orders/get_transfers', {
			headers: sdkHeaders(),
			body: { type: 'deposit', limit: 100 },
		});
		expect(deposits.body.total).toBe(5);
	});

	it('keeps nothing without a state path: a restart is a fresh exchange', async () => {
		const first = await start({});
		await marketBuy(first, '10', 'forgotten');
		const second = await restart(first, {});
		expect((await call(second, 'fetch_orders', {})).body.total).toBe(0);
	});

	it.each([
		['not JSON', '{"version": 1, "orders": [', /is not JSON; move it aside to start afresh/],
		['another shape', '{"version": 2, "orders": []}', /is not one this sandbox wrote \(version: .*\)/],
	])('refuses to start on a file that is %s, and leaves it untouched', async (_case, text, message) => {
		const statePath = stateFile();
		mkdirSync(join(statePath, '..'), { recursive: true });
		writeFileSync(statePath, text);
		const failure = await startTestSandbox({ statePath }).then(
			(sandbox) => {
				running.push(sandbox);
				return undefined;
			},
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(SandboxStateError);
		expect(String(failure)).toMatch(message);
		expect(readFileSync(statePath, 'utf8')).toBe(text);
	});

	it('refuses a second sandbox on a file another one holds, and lets it in once the first closed', async () => {
		const statePath = stateFile();
		const first = await start({ statePath });
		await expect(startTestSandbox({ statePath })).rejects.toThrow(
			new SandboxStateError(
				`another sandbox (process ${process.pid}) keeps its state in ${statePath}; stop it, or set SANDBOX_STATE_PATH to another file (if process ${process.pid} is no sandbox, remove ${statePath}.lock)`,
			),
		);
		await marketBuy(first, '10', 'still-mine');
		const second = await restart(first, { statePath });
		expect((await call(second, 'fetch_orders', {})).body.total).toBe(1);
	});

	it('takes over a lock whose process is gone', async () => {
		const statePath = stateFile();
		mkdirSync(join(statePath, '..'), { recursive: true });
		// Beyond any pid Linux hands out (pid_max is at most 2^22).
		writeFileSync(`${statePath}.lock`, String(2 ** 22 + 1));
		const sandbox = await start({ statePath });
		expect(readFileSync(`${statePath}.lock`, 'utf8')).toBe(String(process.pid));
		await restart(sandbox, { statePath });
	});

	it('does not write the file when it could not start', async () => {
		const statePath = stateFile();
		const holder = await start({});
		await expect(startTestSandbox({ statePath, port: holder.port })).rejects.toThrow(/EADDRINUSE/);
		await new Promise((resolve) => setImmediate(resolve));
		expect(existsSync(statePath)).toBe(false);
		expect(existsSync(`${statePath}.lock`)).toBe(false);
	});
});
