import { accept, type Checked, refuse } from '../desk/checked.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
export const defaultChartWindow = '4h';
const shortest = hourMs;
const longest = 30 * dayMs;

/** A window as typed (`4h`, `90m`, `7d`), in ms, from 1 hour to 30 days; the one sentence for one that is not. */
export function checkChartWindow(raw: string): Checked<{ readonly ms: number; readonly label: string }> {
	const typed = raw.trim().toLowerCase();
	const match = /^(\d{1,4})\s*(m|min|h|d)$/.exec(typed);
	const unit = match?.[2];
	const count = Number(match?.[1]);
	const ms = unit === 'd' ? count * dayMs : unit === 'h' ? count * hourMs : count * 60_000;
	if (!match || ms < shortest || ms > longest) {
		return refuse(
			`The window must be from 1 hour to 30 days, in minutes, hours or days such as 90m, 4h or 7d; "${raw.trim().slice(0, 20)}" is not one.`,
		);
	}
	const label = ms % dayMs === 0 ? `${ms / dayMs} d` : ms % hourMs === 0 ? `${ms / hourMs} h` : `${ms / 60_000} min`;
	return accept({ ms, label });
}
