/**
 * A strict reader of Prometheus' text format (0.0.4): every line is blank, a comment, or one sample
 * `name{label="value",…} value`, with no timestamp; every sample belongs to a family declared by `# TYPE`
 * before it; no series appears twice. Anything else throws, naming the line.
 */
export interface Sample {
	readonly name: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly value: number;
}

export interface MetricsText {
	readonly samples: readonly Sample[];
	/** Each family's declared type, by family name. */
	readonly types: ReadonlyMap<string, string>;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const suffixes: Record<string, readonly string[]> = {
	histogram: ['_bucket', '_sum', '_count'],
	summary: ['_sum', '_count'],
};

function parseValue(text: string, where: string): number {
	// Prometheus reads values with Go's ParseFloat, which takes NaN in any case; prom-client writes "Nan".
	if (/^nan$/i.test(text)) return Number.NaN;
	if (text === '+Inf') return Number.POSITIVE_INFINITY;
	if (text === '-Inf') return Number.NEGATIVE_INFINITY;
	if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: not a number: ${text}`);
	return Number(text);
}

/** `{a="1",b="x\"y"}` from `at` (the opening brace); returns the labels and where the closing brace ends. */
function parseLabels(line: string, at: number, where: string): { labels: Record<string, string>; end: number } {
	const labels: Record<string, string> = {};
	let position = at + 1;
	while (line[position] !== '}') {
		const equals = line.indexOf('=', position);
		if (equals === -1) throw new Error(`${where}: a label without a value`);
		const name = line.slice(position, equals);
		if (!labelName.test(name)) throw new Error(`${where}: bad label name ${name}`);
		if (line[equals + 1] !== '"') throw new Error(`${where}: label ${name} is not quoted`);
		let value = '';
		let cursor = equals + 2;
		for (; cursor < line.length && line[cursor] !== '"'; cursor++) {
			if (line[cursor] !== '\\') {
				value += line[cursor];
				continue;
			}
			const escaped = line[++cursor];
			if (escaped === 'n') value += '\n';
			else if (escaped === '\\' || escaped === '"') value += escaped;
			else throw new Error(`${where}: bad escape in label ${name}`);
		}
		if (cursor >= line.length) throw new Error(`${where}: label ${name} is not closed`);
		if (name in labels) throw new Error(`${where}: label ${name} twice`);
		labels[name] = value;
		position = cursor + 1;
		if (line[position] === ',') position++;
		else if (line[position] !== '}') throw new Error(`${where}: expected , or } after label ${name}`);
	}
	return { labels, end: position + 1 };
}

function familyOf(name: string, declared: ReadonlyMap<string, string>): string | undefined {
	if (declared.has(name)) return name;
	for (const [family, type] of declared) {
		if ((suffixes[type] ?? []).some((suffix) => name === `${family}${suffix}`)) return family;
	}
	return undefined;
}

export function parseMetricsText(text: string): MetricsText {
	const declared = new Map<string, string>();
	const samples: Sample[] = [];
	const seen = new Set<string>();
	if (!text.endsWith('\n')) throw new Error('the exposition does not end with a newline');
	text
		.slice(0, -1)
		.split('\n')
		.forEach((line, index) => {
			const where = `line ${index + 1}`;
			if (line === '') return;
			if (line.startsWith('#')) {
				const [, keyword, name, ...rest] = line.split(' ');
				if (keyword === 'TYPE') {
					if (!name || !metricName.test(name)) throw new Error(`${where}: bad TYPE name`);
					const type = rest.join(' ');
					if (!types.has(type)) throw new Error(`${where}: unknown type ${type}`);
					if (declared.has(name)) throw new Error(`${where}: ${name} declared twice`);
					declared.set(name, type);
				} else if (keyword === 'HELP' && (!name || !metricName.test(name))) {
					throw new Error(`${where}: bad HELP name`);
				}
				return;
			}
			const nameEnd = line.search(/[{ ]/);
			if (nameEnd <= 0) throw new Error(`${where}: not a sample: ${line}`);
			const name = line.slice(0, nameEnd);
			if (!metricName.test(name)) throw new Error(`${where}: bad metric name ${name}`);
			const { labels, end } = line[nameEnd] === '{' ? parseLabels(line, nameEnd, where) : { labels: {}, end: nameEnd };
			if (line[end] !== ' ') throw new Error(`${where}: no value`);
			const rest = line.slice(end + 1);
			if (rest.includes(' ')) throw new Error(`${where}: more than a value (a timestamp?)`);
			const value = parseValue(rest, where);
			if (familyOf(name, declared) === undefined) throw new Error(`${where}: ${name} has no TYPE before it`);
			const series = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
			if (seen.has(series)) throw new Error(`${where}: series ${series} twice`);
			seen.add(series);
			samples.push({ name, labels, value });
		});
	return { samples, types: declared };
}

/** The one sample of `name` whose labels include `labels`, or undefined. */
export function sampleValue(
	metrics: MetricsText,
	name: string,
	labels: Readonly<Record<string, string>> = {},
): number | undefined {
	const matching = metrics.samples.filter(
		(sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
	);
	if (matching.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${matching.length} series`);
	return matching[0]?.value;
}
