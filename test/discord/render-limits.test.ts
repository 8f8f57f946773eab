import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { LimitsReport } from '../../src/desk/desk-limits.js';
import { renderLimits } from '../../src/discord/render/limits.js';

const d = (value: string) => new Decimal(value);

function report(usage: Partial<LimitsReport['usage']>): LimitsReport {
	return {
		limits: {
			maxOrderValue: d('250000'),
			dailyValue: d('1000000'),
			maxPosition: undefined,
			symbols: undefined,
			sources: { maxOrderValue: 'desk', dailyValue: 'desk', maxPosition: 'desk', symbols: 'desk' },
		},
		usage: {
			traded: d('0'),
			working: d('0'),
			deskTraded: d('0'),
			deskWorking: d('0'),
			positions: new Map(),
			workingUnits: new Map(),
			...usage,
		},
		deskDailyValue: d('5000000'),
		currency: 'AUD',
	};
}

function fields(options: ReturnType<typeof renderLimits>) {
	const embed = options.embeds?.[0];
	const data = embed && 'toJSON' in embed ? embed.toJSON() : undefined;
	return Object.fromEntries((data?.fields ?? []).map((field) => [field.name, field.value]));
}

describe('/limits show', () => {
	it('calls what is still working "traded or working" and says how much of it works, for the trader and the desk', () => {
		const shown = fields(
			renderLimits(
				'trader-1',
				report({
					traded: d('150000'),
					working: d('40000'),
					deskTraded: d('900000'),
					deskWorking: d('40000'),
					positions: new Map([['BTC', d('0.5')]]),
					workingUnits: new Map([['BTC', { buy: d('0'), sell: d('0.25') }]]),
				}),
			),
		);
		expect(shown.Today).toBe(
			'150,000.00 AUD traded or working (40,000.00 AUD still working) of 1,000,000.00 AUD (the desk’s setting)',
		);
		expect(shown['The whole desk today']).toBe(
			'900,000.00 AUD traded or working (40,000.00 AUD still working) of 5,000,000.00 AUD',
		);
		expect(shown['Net position per asset']).toBe(
			'no limit (the desk’s setting); today BTC +0.5; working: selling 0.25 BTC',
		);
	});

	it('says only "traded" when nothing is working', () => {
		const shown = fields(renderLimits('trader-1', report({ traded: d('1234.5'), deskTraded: d('1234.5') })));
		expect(shown.Today).toBe('1,234.50 AUD traded of 1,000,000.00 AUD (the desk’s setting)');
		expect(shown['Net position per asset']).toBe('no limit (the desk’s setting); today flat');
	});
});
