import { z } from 'zod';
import type {
	Balance,
	ExternalWallet,
	Extra,
	Instrument,
	Quote,
	RiskLimit,
	ServerTime,
	Transfer,
} from './domain-account.js';
import { camelCaseKeys } from './rest-schemas.js';
import {
	decimal,
	epochMillis,
	idText,
	optionalDecimal,
	optionalText,
	parseBrokerDateTime,
	rejectReasonOf,
	side,
} from './wire-values.js';

/**
 * The account calls' answers (contract §3.6). Each key is folded to camelCase first, as for orders; the fields
 * this SDK knows are checked, and every other one is kept in `extra` rather than dropped.
 */

/** An object that keeps the keys it does not know, after folding them to camelCase. */
function loose<S extends z.ZodRawShape>(shape: S) {
	return z.preprocess(camelCaseKeys, z.looseObject(shape));
}

/** The fields of `value` that are not in `shape`; built with fromEntries, so that a "__proto__" key stays data. */
function extraOf(value: Record<string, unknown>, shape: z.ZodRawShape): Extra {
	return Object.fromEntries(Object.entries(value).filter(([key]) => !Object.hasOwn(shape, key)));
}

/** A whole number zero or more, as a number or digits; "" or null means absent. */
const optionalCount = z
	.union([z.literal(''), z.null(), z.number(), z.string().regex(/^\d+$/)])
	.optional()
	.transform((value) => (value === '' || value === null || value === undefined ? undefined : Number(value)))
	.pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional());

/** "…Z", "…+10:00" or "YYYY-MM-DD HH:MM:SS" (UTC), as ms. */
function timeOfText(value: string): number | undefined {
	if (/[zZ]$|[+-]\d\d:?\d\d$/.test(value.trim())) {
		const ms = Date.parse(value);
		return Number.isNaN(ms) ? undefined : ms;
	}
	return parseBrokerDateTime(value);
}

/**
 * A time as ms since the epoch: a number or digits (below 10¹² taken as seconds, as the ladder's are), or a
 * date-time text; "" or null means absent.
 */
export const optionalTime = z
	.union([z.number(), z.string(), z.null()])
	.optional()
	.transform((value, context) => {
		if (value === undefined || value === null || value === '') return undefined;
		const numeric = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
		const ms =
			numeric === undefined
				? timeOfText(value.toString())
				: epochMillis(numeric > 0 && numeric < 1e12 ? numeric * 1000 : numeric);
		if (ms === undefined || epochMillis(ms) === undefined) {
			context.issues.push({ code: 'custom', message: 'not a time', input: value });
			return z.NEVER;
		}
		return ms;
	});

const instrumentShape = {
	symbol: z.string().trim().min(1),
	baseAsset: optionalText,
	quoteAsset: optionalText,
	priceDecimals: optionalCount,
	priceTick: optionalDecimal,
	amountDecimals: optionalCount,
	amountStep: optionalDecimal,
	minAmount: optionalDecimal,
	maxAmount: optionalDecimal,
	status: optionalText,
};

export const instrumentSchema = loose(instrumentShape).transform((value): Instrument => {
	const [base, quote] = value.symbol.split('/');
	return {
		symbol: value.symbol,
		baseAsset: value.baseAsset ?? base ?? value.symbol,
		quoteAsset: value.quoteAsset ?? quote,
		priceDecimals: value.priceDecimals,
		priceTick: value.priceTick,
		amountDecimals: value.amountDecimals,
		amountStep: value.amountStep,
		minAmount: value.minAmount,
		maxAmount: value.maxAmount,
		status: value.status,
		extra: extraOf(value, instrumentShape),
	};
});

const balanceShape = {
	asset: z.string().trim().min(1),
	total: optionalDecimal,
	available: optionalDecimal,
	held: optionalDecimal,
};

export const balanceSchema = loose(balanceShape).transform(
	(value): Balance => ({
		asset: value.asset,
		total: value.total,
		available: value.available,
		held: value.held,
		extra: extraOf(value, balanceShape),
	}),
);

const riskLimitShape = {
	name: z.string().trim().min(1),
	limit: optionalDecimal,
	used: optionalDecimal,
	remaining: optionalDecimal,
};

export const riskLimitSchema = loose(riskLimitShape).transform(
	(value): RiskLimit => ({
		name: value.name,
		limit: value.limit,
		used: value.used,
		remaining: value.remaining,
		extra: extraOf(value, riskLimitShape),
	}),
);

const directions: Record<string, 'in' | 'out'> = { in: 'in', out: 'out', incoming: 'in', outgoing: 'out' };

const transferShape = {
	id: idText,
	assetId: z.string().trim().min(1),
	type: optionalText,
	direction: optionalText.transform((value, context) => {
		if (value === undefined) return undefined;
		const key = value.toLowerCase();
		// An unknown direction is not guessed: which way money moved is the point of a transfer.
		if (!Object.hasOwn(directions, key)) {
			context.issues.push({ code: 'custom', message: 'unknown direction', input: value });
			return z.NEVER;
		}
		return directions[key];
	}),
	amount: decimal,
	status: optionalText,
	createdAt: optionalTime,
	orderId: optionalText,
	tradeId: optionalText,
	note: optionalText,
};

export const transferSchema = loose(transferShape).transform(
	(value): Transfer => ({
		id: value.id,
		asset: value.assetId,
		type: value.type,
		direction: value.direction,
		amount: value.amount,
		status: value.status,
		createdAt: value.createdAt ?? 0,
		orderId: value.orderId,
		tradeId: value.tradeId,
		note: value.note,
		extra: extraOf(value, transferShape),
	}),
);

const walletShape = {
	id: idText,
	assetId: optionalText,
	network: optionalText,
	address: optionalText,
	label: optionalText,
	status: optionalText,
};

export const walletSchema = loose(walletShape).transform(
	(value): ExternalWallet => ({
		id: value.id,
		asset: value.assetId,
		network: value.network,
		address: value.address,
		label: value.label,
		status: value.status,
		extra: extraOf(value, walletShape),
	}),
);

const timeShape = { timestamp: optionalTime, datetime: optionalTime };

export const serverTimeSchema = z.preprocess(unwrapOne, loose(timeShape)).transform((value, context): ServerTime => {
	const timestamp = value.timestamp ?? value.datetime;
	if (timestamp === undefined) {
		context.issues.push({ code: 'custom', message: 'no time in the answer', input: value });
		return z.NEVER;
	}
	return { timestamp, extra: extraOf(value, timeShape) };
});

const quoteShape = {
	status: optionalText,
	errorMessage: optionalText,
	quoteId: optionalText,
	id: optionalText,
	clientOrderId: optionalText,
	symbol: optionalText,
	side: z.string().optional(),
	amount: optionalDecimal,
	price: optionalDecimal,
	cost: optionalDecimal,
	createdAt: optionalTime,
	expiresAt: optionalTime,
};

/** A quote answer: the quote, or the broker's reason for giving none (in-band, as for orders). */
export type QuoteAnswer = { readonly quote: Quote } | { readonly refused: string };

const quoteTerms = z.object({
	id: idText,
	clientOrderId: z.string().min(1),
	symbol: z.string().min(1),
	side,
	amount: decimal,
	price: decimal,
	expiresAt: z.number(),
});

export const quoteAnswerSchema = z.preprocess(unwrapOne, loose(quoteShape)).transform((value, context): QuoteAnswer => {
	if (value.status?.toLowerCase() === 'rejected' || (value.errorMessage !== undefined && value.price === undefined)) {
		return { refused: rejectReasonOf(value.errorMessage) };
	}
	const terms = quoteTerms.safeParse({ ...value, id: value.quoteId ?? value.id });
	if (!terms.success) {
		for (const issue of terms.error.issues) context.issues.push({ ...issue, input: undefined });
		return z.NEVER;
	}
	return {
		quote: {
			...terms.data,
			cost: value.cost,
			createdAt: value.createdAt,
			extra: extraOf(value, quoteShape),
		},
	};
});

/** The envelope of a list answer: the list under `key` (or the body itself when it is an array), and the rest. */
export function listEnvelope(key: string) {
	return z.preprocess(
		(value) => camelCaseKeys(Array.isArray(value) ? { [key]: value } : unwrapData(value, key)),
		z
			.looseObject({ timestamp: optionalTime, total: optionalCount, page: optionalCount })
			.superRefine((value, context) => {
				if (!Array.isArray(value[key])) context.addIssue({ code: 'custom', message: 'not a list', path: [key] });
			}),
	);
}

/** Older servers wrap answers in `{"data": …}`: an answer that has nothing but that, and perhaps a status. */
function unwrapOne(value: unknown): unknown {
	if (typeof value !== 'object' || value === null || !('data' in value)) return value;
	const others = Object.keys(value).filter((key) => key !== 'data' && key !== 'status');
	return others.length === 0 && typeof value.data === 'object' && value.data !== null ? value.data : value;
}

/** Older servers wrap answers in `{"data": …}`. */
function unwrapData(value: unknown, key: string): unknown {
	if (typeof value !== 'object' || value === null || Array.isArray(value) || key in value || !('data' in value)) {
		return value;
	}
	return Array.isArray(value.data) ? { [key]: value.data } : value.data;
}

/** An envelope's fields besides the list and the ones the SDK reads. */
export function envelopeExtra(value: Record<string, unknown>, key: string): Extra {
	return extraOf(value, { [key]: z.unknown(), timestamp: z.unknown(), total: z.unknown(), page: z.unknown() });
}
