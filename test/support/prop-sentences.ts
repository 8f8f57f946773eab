import fc from 'fast-check';
import { expect } from 'vitest';

/** How many characters of what someone typed a refusal may repeat back to them, at most, in one run. */
export const maxEchoedChars = 40;
/** No refusal is longer than this, however long the input. */
export const maxRefusalLength = 400;

/** Words that mean a value leaked into a sentence unformatted, or an internal failure reached the user. */
const leaks = [
	'undefined',
	'[object Object]',
	'NaN',
	'Infinity',
	'TypeError',
	'RangeError',
	'Error:',
	'    at ',
	'.ts:',
];

/** The longest run of `raw` that appears verbatim in `text`. */
export function longestEcho(text: string, raw: string): number {
	let longest = 0;
	for (let start = 0; start < raw.length; start++) {
		// Grow the run from `start` while it still appears in `text`.
		let length = longest + 1;
		while (start + length <= raw.length && text.includes(raw.slice(start, start + length))) length++;
		longest = Math.max(longest, length - 1);
		if (start + longest >= raw.length) break;
	}
	return longest;
}

/**
 * A refusal is one clear sentence for a person: not empty, starts with a capital letter, ends with a
 * period, bounded in length, repeats at most `maxEchoedChars` of any input, and shows no internals. A leak
 * word is allowed only when the person typed it themselves.
 */
export function expectClearSentence(text: string, inputs: readonly string[] = []): void {
	expect(text.length, 'a refusal is not empty').toBeGreaterThan(0);
	expect(text, 'a refusal starts with a capital letter').toMatch(/^[A-Z]/);
	expect(text, 'a refusal ends with a period').toMatch(/\.$/);
	expect(text.length, 'a refusal is bounded').toBeLessThanOrEqual(maxRefusalLength);
	for (const leak of leaks) {
		if (inputs.some((input) => input.includes(leak))) continue;
		expect(text, `a refusal shows no "${leak}"`).not.toContain(leak);
	}
	for (const input of inputs) {
		expect(longestEcho(text, input), 'a refusal repeats a bounded part of the input').toBeLessThanOrEqual(
			maxEchoedChars,
		);
	}
}

/** Text as people paste it: any code points, including control characters, lone surrogates and emoji. */
export const anyText = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 80 }),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.string({ maxLength: 400 }),
);

/** Text made of the characters numbers are typed with, right and wrong, so that near misses are common. */
export const numberishText = fc.string({
	unit: fc.constantFrom(...'0123456789012345678901234567890123456789..,-+eE _\u00a0\u202f\u0660\u0661\uff11\u00bd\t\n'),
	maxLength: 30,
});

/** Words that must never leak, typed on purpose, to check that the sentence rules allow an echo of them. */
export const leakyText = fc.constantFrom('undefined', 'NaN', '[object Object]', 'null', 'Infinity', '1e309', '-0');
