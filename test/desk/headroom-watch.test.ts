import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { RiskLine, RiskView } from '../../src/desk/account-views.js';
import { HeadroomWatch } from '../../src/desk/headroom-watch.js';

function line(name: string, percent: number | undefined): RiskLine {
	const limit = { value: new Decimal(1000), derived: false };
	return {
		name,
		limit,
		used: undefined,
		remaining: percent === undefined ? undefined : { value: new Decimal(percent * 10), derived: false },
		headroomPercent: percent === undefined ? undefined : new Decimal(percent),
	};
}

function view(percents: Record<string, number | undefined>, at = 0): RiskView {
	return {
		currency: 'AUD',
		at,
		lines: Object.entries(percents).map(([name, percent]) => line(name, percent)),
		unreadable: 0,
	};
}

/** The events of a run of views, as `kind name percent` strings. */
function run(watch: HeadroomWatch, views: RiskView[]): string[][] {
	return views.map((next) =>
		watch.observe(next).map((event) => `${event.kind} ${event.line.name} ${event.headroomPercent.toFixed()}`),
	);
}

describe('the headroom watch', () => {
	it('warns once when a headroom falls below 20 %, and once when it recovers past the 2-point margin', () => {
		const watch = new HeadroomWatch();
		const percents = [50, 19, 10, 5, 21, 19, 22, 30, 18];
		const events = run(
			watch,
			percents.map((percent) => view({ daily_notional: percent })),
		);
		expect(events).toEqual([
			[],
			['low daily_notional 19'],
			[],
			[],
			[],
			[],
			['recovered daily_notional 22'],
			[],
			['low daily_notional 18'],
		]);
	});

	it('keeps each limit apart', () => {
		const watch = new HeadroomWatch();
		expect(run(watch, [view({ a: 10, b: 90 }), view({ a: 10, b: 15 }), view({ a: 40, b: 15 })])).toEqual([
			['low a 10'],
			['low b 15'],
			['recovered a 40'],
		]);
		expect(watch.lowLimits()).toEqual(['b']);
	});

	it('takes silence from the broker as neither a warning nor a recovery', () => {
		const watch = new HeadroomWatch();
		expect(run(watch, [view({ a: 10 }), view({ a: undefined }), view({}), view({ a: 12 })])).toEqual([
			['low a 10'],
			[],
			[],
			[],
		]);
	});

	it('uses the threshold it is given', () => {
		const watch = new HeadroomWatch({ warnBelowPercent: new Decimal(50), recoverMarginPercent: new Decimal(0) });
		expect(run(watch, [view({ a: 45 }), view({ a: 50 })])).toEqual([['low a 45'], ['recovered a 50']]);
	});
});
