const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** A duration unit of the contract's duration strings. @public */
export type DurationUnit = keyof typeof UNIT_SECONDS;

const DURATION_PATTERN = /^(\d+)([smhd])$/;

/**
 * Parses a contract duration (`5m`, `1h`, `30d`) into seconds, or undefined when the text
 * is not one.
 *
 * @public
 */
export function parseDurationSeconds(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) {
    return undefined;
  }
  return Number(match[1]) * UNIT_SECONDS[match[2] as DurationUnit];
}

/**
 * Formats seconds as the largest whole unit that divides them (`2592000` → `30d`).
 *
 * @public
 */
export function formatDurationSeconds(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    if (seconds >= UNIT_SECONDS[unit] && seconds % UNIT_SECONDS[unit] === 0) {
      return `${seconds / UNIT_SECONDS[unit]}${unit}`;
    }
  }
  return `${seconds}s`;
}
