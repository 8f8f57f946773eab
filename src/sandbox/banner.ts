import type { Sandbox } from './sandbox.js';

export interface BannerSettings {
	readonly apiKey: string;
	readonly apiSecret: string;
	readonly apiSecretIsDefault: boolean;
	readonly controlsOverHttp: boolean;
	/** Where its orders, trades and balances are kept; `:memory:` or absent: nowhere. */
	readonly statePath?: string;
	readonly priceFrames?: string;
}

/**
 * What a person needs to point a Zerocap client at the sandbox. The secret is shown only when it is the
 * published local default; a secret someone chose stays out of the terminal.
 */
export function sandboxBanner(sandbox: Sandbox, settings: BannerSettings): string {
	const secret = settings.apiSecretIsDefault
		? `${settings.apiSecret}  (the local default)`
		: '(from SANDBOX_API_SECRET)';
	const controls = settings.controlsOverHttp
		? `on: POST ${sandbox.restUrl.replace(/\/v2$/, '')}/__sandbox/<action>`
		: 'off (SANDBOX_CONTROLS=true serves them over HTTP)';
	return [
		'Zerocap sandbox exchange',
		`  REST       ${sandbox.restUrl}`,
		`  WebSocket  ${sandbox.wsUrl}`,
		`  api key    ${settings.apiKey}`,
		`  secret     ${secret}`,
		`  symbols    ${sandbox.symbols.join(', ')}`,
		`  controls   ${controls}`,
		`  prices     ${settings.priceFrames ?? 'channel'} frames (SANDBOX_PRICE_FRAMES; ?price_frames= per connection)`,
		`  state      ${settings.statePath === undefined || settings.statePath === ':memory:' ? 'in memory only' : settings.statePath}`,
	].join('\n');
}
