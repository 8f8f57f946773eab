/**
 * Every REST call the sandbox serves: its name (what faults and logs call it), its path under the base and
 * the methods it takes. The paths are the late SDK's: most under `orders/`, the clock under `systems/`, the
 * wallet calls under `accounts/`.
 */
const table = {
	create_order: { path: 'orders/create_order', methods: ['POST'] },
	fetch_order: { path: 'orders/fetch_order', methods: ['POST', 'GET'] },
	fetch_orders: { path: 'orders/fetch_orders', methods: ['POST'] },
	api_key_signature_valid: { path: 'orders/api_key_signature_valid', methods: ['POST'] },
	get_instruments: { path: 'orders/get_instruments', methods: ['GET'] },
	get_balances: { path: 'orders/get_balances', methods: ['GET'] },
	get_risk: { path: 'orders/get_risk', methods: ['GET'] },
	get_transfers: { path: 'orders/get_transfers', methods: ['POST'] },
	request_for_quote: { path: 'orders/request_for_quote', methods: ['POST'] },
	get_time: { path: 'systems/get_time', methods: ['GET'] },
	get_external_wallets: { path: 'accounts/get_external_wallets', methods: ['GET'] },
	initiate_withdrawal: { path: 'accounts/initiate_withdrawal', methods: ['POST'] },
	initiate_transfer: { path: 'accounts/initiate_transfer', methods: ['POST'] },
} as const satisfies Record<string, { path: string; methods: readonly string[] }>;

export type Endpoint = keyof typeof table;

function isEndpoint(name: string): name is Endpoint {
	return Object.hasOwn(table, name);
}

export const endpointNames: readonly Endpoint[] = Object.keys(table).filter(isEndpoint);

/** Calls that would move money out of the account: the sandbox's keys have no withdrawal rights. */
export const moneyMovingEndpoints: ReadonlySet<Endpoint> = new Set(['initiate_withdrawal', 'initiate_transfer']);

const byPath = new Map<string, Endpoint>(endpointNames.map((name) => [table[name].path, name]));

export function allowedMethods(endpoint: Endpoint): readonly string[] {
	return table[endpoint].methods;
}

/** `/v2/<group>/<call>` or, without the version, `/<group>/<call>`, with an optional trailing slash. */
export function endpointOf(pathname: string): Endpoint | undefined {
	const match = /^(?:\/v2)?\/([a-z]+\/[a-z_]+)\/?$/.exec(pathname);
	return match?.[1] === undefined ? undefined : byPath.get(match[1]);
}
