import type { Decimal } from 'decimal.js';
import { collectDeskFills, type FillCollection, type FillWindow } from '../desk/blotter-fills.js';
import { accept, type Checked, refuse } from '../desk/checked.js';
import type { RateContext } from '../desk/desk-rates.js';
import { FillValuer } from '../desk/fill-value.js';
import { checkSymbol } from '../desk/market.js';
import { checkDecimal } from '../desk/order-input.js';
import type { CallLane } from '../zerocap/limiter.js';
import type { FetchOrderPage } from '../zerocap/order-paging.js';
import type { ChartFill, ChartInput, RenderedChart } from './chart-input.js';
import { checkChartWindow, defaultChartWindow } from './chart-window.js';
import type { ChartBarReads } from './minute-bar.js';
import { barWrittenWithinMs } from './price-history.js';
import { vwapOf } from './size-band.js';
import { readWindowPrices } from './window-prices.js';

export interface ChartRequest {
	readonly symbol: string;
	readonly window?: string | undefined;
	readonly size?: string | undefined;
	/** Whose fills are marked: one trader's, or the whole desk's (undefined). */
	readonly trader?: string | undefined;
	/** Whose reads these are: they count against that person's budget of calls to the broker. */
	readonly person: string;
}

export interface DeskChart {
	readonly png: Buffer;
	readonly fileName: string;
	readonly symbol: string;
	readonly windowLabel: string;
	/**
	 * The size the buy/sell band is priced for, in the base asset, and whether the dealer's ladder quoted it (a
	 * size past its largest tier draws no band); undefined when no prices were recorded.
	 */
	readonly band: { readonly size: Decimal; readonly quoted: boolean } | undefined;
	readonly buys: number;
	readonly sells: number;
	/** Fills that could not be valued in the desk's currency: drawn at the smallest size. */
	readonly unvalued: number;
	/** Bars stored of the window's whole minutes that should be by now: fewer means the stream was down a while. */
	readonly minutesRecorded: number;
	readonly minutesSpanned: number;
	/** What the broker's orders did not let us read: some of the fills may be missing from the marks. */
	readonly fillsMayBeMissing: Pick<FillCollection, 'unreadableOrders' | 'incompleteOrders' | 'undatedTrades'>;
}

export interface ChartDeskParts {
	readonly bars: ChartBarReads;
	readonly fetchOrders: FetchOrderPage;
	/** The trader who opened the ticket with this id, if it is one of the desk's. */
	readonly ticketOwner: (clientOrderId: string) => string | undefined;
	/** Draws off the event loop (a worker thread); closed with the desk. */
	readonly renderer: {
		render(input: ChartInput): Promise<RenderedChart>;
		close(): Promise<void>;
	};
	readonly rates: RateContext;
	readonly timeZone: string;
	/** How far before the window orders are read, for resting orders that filled inside it. */
	readonly lookbackMs: number;
	readonly atTimeWithinMs: number;
	readonly now: () => number;
}

/** /chart: the recorded prices of a symbol over a window, with the desk's fills marked on them, as a PNG. */
export class ChartDesk {
	constructor(private readonly parts: ChartDeskParts) {}

	/** Lets charts being drawn finish, then stops drawing (shutdown). */
	close(): Promise<void> {
		return this.parts.renderer.close();
	}

	async chart(request: ChartRequest): Promise<Checked<DeskChart>> {
		const symbol = checkSymbol(request.symbol, this.parts.rates.symbols);
		if (!symbol.ok) return symbol;
		const window = checkChartWindow(request.window ?? defaultChartWindow);
		if (!window.ok) return window;
		const size = request.size === undefined ? undefined : checkDecimal('size', request.size);
		if (size && !size.ok) return size;
		if (size?.value.lte(0)) return refuse('The size must be greater than zero.');
		const end = this.parts.now();
		const drawn = await this.draw({
			symbol: symbol.value,
			start: end - window.value.ms,
			end,
			size: size?.value,
			trader: request.trader,
			lane: { kind: 'read', person: request.person },
		});
		return accept({
			...drawn,
			fileName: `chart-${symbol.value.replace('/', '-')}-${window.value.label.replace(' ', '')}.png`,
			windowLabel: window.value.label,
		});
	}

	/** A desk day's chart of one symbol, with all the desk's fills: for the end-of-day report. */
	async dayChart(symbol: string, day: { readonly date: string; readonly start: number; readonly end: number }) {
		const end = Math.min(day.end, this.parts.now());
		const drawn = await this.draw({ symbol, start: day.start, end, lane: { kind: 'catch-up' } });
		return { ...drawn, fileName: `chart-${symbol.replace('/', '-')}-${day.date}.png`, windowLabel: day.date };
	}

	private async draw(what: {
		readonly symbol: string;
		readonly start: number;
		readonly end: number;
		readonly size?: Decimal | undefined;
		readonly trader?: string | undefined;
		readonly lane: CallLane;
	}): Promise<Omit<DeskChart, 'fileName' | 'windowLabel'>> {
		const { symbol, start, end } = what;
		const prices = await readWindowPrices(this.parts.bars, {
			symbol,
			start,
			end,
			size: what.size,
			writtenBy: this.parts.now() - barWrittenWithinMs,
		});
		const { band } = prices;
		// A size past the ladder's largest tier has no price anywhere: the legend would name a band not drawn.
		const quoted = band?.points.some((point) => point.buy !== undefined || point.sell !== undefined) ?? false;
		const fills = await this.fillsIn(symbol, { start, end, lookbackMs: this.parts.lookbackMs }, what);
		const input: ChartInput = {
			symbol,
			windowStart: start,
			windowEnd: end,
			asOf: this.parts.now(),
			timeZone: this.parts.timeZone,
			deskCurrency: this.parts.rates.deskCurrency,
			bars: prices.bars,
			...(band && quoted ? { sizeBand: { size: band.size.toFixed(), points: band.points } } : {}),
			fills: fills.drawn,
			vwap: { buy: vwapOf(fills.drawn, 'buy'), sell: vwapOf(fills.drawn, 'sell') },
		};
		const rendered = await this.parts.renderer.render(input);
		return {
			png: Buffer.from(rendered.png),
			symbol,
			band: band && { size: band.size, quoted },
			buys: fills.drawn.filter((fill) => fill.side === 'buy').length,
			sells: fills.drawn.filter((fill) => fill.side === 'sell').length,
			unvalued: fills.unvalued,
			minutesRecorded: prices.minutesRecorded,
			minutesSpanned: prices.minutesSpanned,
			fillsMayBeMissing: fills.mayBeMissing,
		};
	}

	/** The desk's fills of the symbol inside the window, each with its value in the desk's currency. */
	private async fillsIn(
		symbol: string,
		window: FillWindow,
		{ trader, lane }: { readonly trader?: string | undefined; readonly lane: CallLane },
	) {
		const collection = await collectDeskFills(this.parts.fetchOrders, window, this.parts.ticketOwner, lane);
		const valuer = new FillValuer(collection.pricePoints, this.parts.rates, this.parts);
		const drawn: ChartFill[] = [];
		let unvalued = 0;
		for (const fill of collection.fills) {
			if (fill.symbol !== symbol) continue;
			if (trader !== undefined && fill.trader !== trader) continue;
			const value = valuer.value(fill);
			// A fill that cannot be valued is still drawn where it traded, at the smallest mark.
			if (value.kind === 'none') unvalued++;
			drawn.push({
				at: fill.at,
				side: fill.side,
				price: fill.price.toFixed(),
				amount: fill.amount.toFixed(),
				valueInDeskCurrency: value.kind === 'none' ? '0' : value.value.toFixed(),
			});
		}
		const { unreadableOrders, incompleteOrders, undatedTrades } = collection;
		return { drawn, unvalued, mayBeMissing: { unreadableOrders, incompleteOrders, undatedTrades } };
	}
}
