/** How an outage shows: 503 ServiceUnavailable answers, or connections closed without an answer. */
export type OutageMode = 'unavailable' | 'drop';

/** Calls answered with a throttling error instead of their answer. */
export interface ThrottleKnob {
  /** The next this-many AWS calls are throttled (counts down). */
  count: number;
  /**
   * Share of AWS calls (0–1) throttled, deterministically: counting calls from when the rate
   * was set, call n is throttled when ⌊n × rate⌋ > ⌊(n−1) × rate⌋ (0.25 throttles calls 4, 8,
   * 12, …). Applies once `count` is used up.
   */
  rate: number;
}

/** Fault, delay and data-freshness injection, for tests, benchmarks and the demo. */
export interface EmulatorKnobs {
  /** Milliseconds added before every AWS response. */
  latencyMs: number;
  throttle: ThrottleKnob;
  /** Every AWS call fails: `false`, `'unavailable'` (503) or `'drop'` (connection closed). */
  outage: false | OutageMode;
  /**
   * How late CloudWatch publishes a minute, in seconds: GetMetricData sees only the minutes
   * that ended at least this long ago (0: a minute is there as soon as it is over).
   */
  publishingLagSeconds: number;
  /** Every call of this account gets AccessDenied; `null`: none. */
  deniedAccount: string | null;
}

/** A change of knobs: members left out keep their value; `outage: true` means `'unavailable'`. */
export interface KnobSettings {
  latencyMs?: number;
  throttle?: Partial<ThrottleKnob>;
  outage?: boolean | OutageMode;
  publishingLagSeconds?: number;
  deniedAccount?: string | null;
}

/** What to do to one AWS call instead of answering it. */
export type Fault = 'throttle' | OutageMode | undefined;

function defaultKnobs(publishingLagSeconds: number): EmulatorKnobs {
  return {
    latencyMs: 0,
    throttle: { count: 0, rate: 0 },
    outage: false,
    publishingLagSeconds,
    deniedAccount: null,
  };
}

export class FaultInjector {
  readonly #defaultPublishingLagSeconds: number;
  #knobs: EmulatorKnobs;
  #callsSinceRateSet = 0;

  /** @param publishingLagSeconds - the publishing lag to start with and to reset to */
  constructor(publishingLagSeconds: number = 0) {
    this.#defaultPublishingLagSeconds =
      checkedPublishingLag(publishingLagSeconds);
    this.#knobs = defaultKnobs(publishingLagSeconds);
  }

  get knobs(): EmulatorKnobs {
    return { ...this.#knobs, throttle: { ...this.#knobs.throttle } };
  }

  /** Applies a change; throws an Error that says what is wrong with an invalid setting. */
  set(settings: KnobSettings): EmulatorKnobs {
    rejectUnknownKeys(
      settings,
      [
        'latencyMs',
        'throttle',
        'outage',
        'publishingLagSeconds',
        'deniedAccount',
      ],
      'knob',
    );
    const next = this.knobs;
    if (settings.latencyMs !== undefined) {
      next.latencyMs = checked(
        settings.latencyMs,
        'latencyMs',
        v => Number.isFinite(v) && v >= 0,
        'a number ≥ 0',
      );
    }
    if (settings.publishingLagSeconds !== undefined) {
      next.publishingLagSeconds = checkedPublishingLag(
        settings.publishingLagSeconds,
      );
    }
    if (settings.throttle !== undefined) {
      rejectUnknownKeys(
        settings.throttle,
        ['count', 'rate'],
        'throttle setting',
      );
      const { count, rate } = settings.throttle;
      if (count !== undefined) {
        next.throttle.count = checked(
          count,
          'throttle.count',
          v => Number.isInteger(v) && v >= 0,
          'an integer ≥ 0',
        );
      }
      if (rate !== undefined) {
        next.throttle.rate = checked(
          rate,
          'throttle.rate',
          v => v >= 0 && v <= 1,
          'a number from 0 to 1',
        );
      }
    }
    if (settings.outage !== undefined) {
      const outage: unknown = settings.outage;
      if (
        outage !== true &&
        outage !== false &&
        outage !== 'unavailable' &&
        outage !== 'drop'
      ) {
        throw new Error(
          `outage must be true, false, 'unavailable' or 'drop', got ${JSON.stringify(
            outage,
          )}`,
        );
      }
      next.outage = outage === true ? 'unavailable' : outage;
    }
    if (settings.deniedAccount !== undefined) {
      next.deniedAccount = checkedAccountId(settings.deniedAccount);
    }
    if (settings.throttle?.rate !== undefined) {
      this.#callsSinceRateSet = 0;
    }
    this.#knobs = next;
    return this.knobs;
  }

  /** Decides the fault of the next AWS call. An outage wins and leaves the throttles for later. */
  nextFault(): Fault {
    const { outage, throttle } = this.#knobs;
    if (outage) {
      return outage;
    }
    if (throttle.count > 0) {
      throttle.count--;
      return 'throttle';
    }
    if (throttle.rate > 0) {
      const n = ++this.#callsSinceRateSet;
      if (Math.floor(n * throttle.rate) > Math.floor((n - 1) * throttle.rate)) {
        return 'throttle';
      }
    }
    return undefined;
  }

  reset(): void {
    this.#knobs = defaultKnobs(this.#defaultPublishingLagSeconds);
    this.#callsSinceRateSet = 0;
  }
}

function checkedPublishingLag(value: unknown): number {
  return checked(
    value,
    'publishingLagSeconds',
    v => Number.isInteger(v) && v >= 0,
    'a whole number of seconds ≥ 0',
  );
}

function rejectUnknownKeys(
  value: object,
  known: readonly string[],
  what: string,
): void {
  if (typeof value !== 'object' || value === null) {
    throw new Error(`A ${what} must be an object`);
  }
  const unknown = Object.keys(value).filter(key => !known.includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown ${what}(s): ${unknown.join(', ')}; known: ${known.join(', ')}`,
    );
  }
}

function checked(
  value: unknown,
  name: string,
  isValid: (v: number) => boolean,
  expected: string,
): number {
  if (typeof value !== 'number' || !isValid(value)) {
    throw new Error(
      `${name} must be ${expected}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function checkedAccountId(value: unknown): string | null {
  if (
    value !== null &&
    (typeof value !== 'string' || !/^\d{12}$/.test(value))
  ) {
    throw new Error(
      `deniedAccount must be a 12-digit AWS account ID or null, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}
