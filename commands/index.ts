import type { Command } from '../src/discord/command.js';
import alerts from './alerts.js';
import audit from './audit.js';
import balances from './balances.js';
import blotter from './blotter.js';
import chart from './chart.js';
import halt from './halt.js';
import limits from './limits.js';
import order from './order.js';
import orderStatus from './order-status.js';
import orders from './orders.js';
import price from './price.js';
import quote from './quote.js';
import resume from './resume.js';
import risk from './risk.js';
import status from './status.js';
import transfers from './transfers.js';

/** Every slash command: the dispatcher and the deploy script both read this list. */
export const commands: readonly Command[] = [
	price,
	chart,
	order,
	quote,
	orderStatus,
	orders,
	balances,
	risk,
	transfers,
	blotter,
	status,
	halt,
	resume,
	audit,
	alerts,
	limits,
];
