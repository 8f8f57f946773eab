/** A check that turned the person away, with the one sentence they are shown and the audit trail records. */
export interface Refusal {
	readonly ok: false;
	readonly refusal: string;
}

/** What every check returns: the checked value, or a refusal. A command returns the refusal as it is. */
export type Checked<T> = { readonly ok: true; readonly value: T } | Refusal;

export function accept<T>(value: T): Checked<T> {
	return { ok: true, value };
}

export function refuse(sentence: string): Refusal {
	return { ok: false, refusal: sentence };
}
