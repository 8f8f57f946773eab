/** `text` cut to at most `max` characters, ending in "…" when it was cut; a surrogate pair is never split. */
export function clip(text: string, max: number): string {
	if (text.length <= max) return text;
	let end = max - 1;
	const last = text.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end--;
	return `${text.slice(0, end)}…`;
}
