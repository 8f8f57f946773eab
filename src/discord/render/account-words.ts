import { Decimal } from 'decimal.js';
import type { Figure } from '../../desk/account-views.js';
import { formatMoney, groupDigits } from '../../desk/money.js';

/** The words /balances, /risk, /blotter and the daily report share, so that each figure reads the same everywhere. */

/** An exact amount, digits grouped: `1,234.5`; a worked-out figure is starred. */
export function figureText(figure: Figure | undefined): string {
	if (!figure) return 'not reported';
	return `${groupDigits(figure.value.toFixed())}${figure.derived ? '*' : ''}`;
}

/** Money in a currency, two decimals, digits grouped; a worked-out figure is starred. */
export function moneyFigure(figure: Figure | undefined, currency: string): string {
	if (!figure) return 'not reported';
	return `${formatMoney(figure.value, currency)}${figure.derived ? '*' : ''}`;
}

export const derivedNote = '* worked out from the broker’s other two figures, which make it certain.';

/** A price: up to 8 decimals, trailing zeros dropped, digits grouped, the currency named. */
export function priceText(price: Decimal, currency: string): string {
	return `${groupDigits(price.toDecimalPlaces(8).toFixed())} ${currency}`;
}

/** An amount with its asset, signed when asked: `+1,250 USDT`, `−0.05 BTC` (the minus sign /transfers uses). */
export function amountText(amount: Decimal, asset: string, signed = false): string {
	if (!signed) return `${groupDigits(amount.toFixed())} ${asset}`;
	const sign = amount.gt(0) ? '+' : amount.lt(0) ? '−' : '';
	return `${sign}${groupDigits(amount.abs().toFixed())} ${asset}`;
}

export function percentText(percent: Decimal): string {
	return `${percent.toDecimalPlaces(1, Decimal.ROUND_DOWN).toFixed(1)} %`;
}

export { formatMoney };
