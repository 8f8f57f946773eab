const discordEpoch = 1_420_070_400_000n;
let lastSnowflake = 0n;

/** A real, strictly increasing snowflake: milliseconds since the Discord epoch, then worker 1, process 1, counter. */
export function snowflake(now = Date.now()): string {
	const timeBased = ((BigInt(now) - discordEpoch) << 22n) | (1n << 17n) | (1n << 12n);
	lastSnowflake = timeBased > lastSnowflake ? timeBased : lastSnowflake + 1n;
	return lastSnowflake.toString();
}
