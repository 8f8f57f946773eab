import type { Command } from '../src/discord/command.js';
import halt from './halt.js';
import order from './order.js';
import orderStatus from './order-status.js';
import orders from './orders.js';
import price from './price.js';
import resume from './resume.js';

/** Every slash command: the dispatcher and the deploy script both read this list. */
export const commands: readonly Command[] = [price, order, orderStatus, orders, halt, resume];
