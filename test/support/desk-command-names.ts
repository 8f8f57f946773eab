/** Every slash command the bot registers, sorted: what a desk server should hold after start-up. */
export const deskCommandNames = [
	'alerts',
	'audit',
	'balances',
	'blotter',
	'chart',
	'halt',
	'limits',
	'order',
	'order-status',
	'orders',
	'price',
	'quote',
	'resume',
	'risk',
	'status',
	'transfers',
] as const;
