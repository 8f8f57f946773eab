/** A broker risk limit's name as the desk writes it in a sentence: `daily_notional` → `daily notional`. */
export function brokerLimitWords(name: string): string {
	const words = name.replace(/_/g, ' ').trim().slice(0, 100);
	return words.length > 0 ? words : '(unnamed)';
}
