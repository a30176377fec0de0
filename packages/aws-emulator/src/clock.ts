/** One minute in milliseconds: the resolution of every scenario series. */
export const MINUTE_MS = 60_000;

/**
 * The emulator's idea of "now". Scenarios are defined relative to it ("a deploy 40 minutes
 * ago"), so by default it follows the real clock and a long-running demo stays current; tests
 * pin it to get the same numbers on every run.
 */
export class ScenarioClock {
  #pinned: Date | undefined;

  constructor(pinned?: Date) {
    this.#pinned = pinned;
  }

  /** The current scenario time: the pinned instant, or the real time when not pinned. */
  now(): Date {
    return this.#pinned ? new Date(this.#pinned) : new Date();
  }

  /** Pins the clock to `at`; `undefined` makes it follow the real time again. */
  pin(at: Date | undefined): void {
    this.#pinned = at ? new Date(at) : undefined;
  }

  get isPinned(): boolean {
    return this.#pinned !== undefined;
  }
}

/**
 * The scenario origin: `now` floored to the whole minute. Minute `m` of a scenario (m ≥ 1)
 * is the minute that starts at `origin − m minutes`, so m = 1 is the last complete minute.
 */
export function scenarioOrigin(now: Date): number {
  return Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
}

/** Parses an ISO 8601 instant, rejecting what `Date` cannot read. */
export function parseInstant(value: string, what: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new Error(`${what} must be an ISO 8601 timestamp, got '${value}'`);
  }
  return date;
}
