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

/** The emulated services, as the `serviceFaults` knob names them. */
export const EMULATED_SERVICES = [
  'cloudwatch',
  'lambda',
  'applicationSignals',
] as const;
export type EmulatedService = (typeof EMULATED_SERVICES)[number];

/**
 * What a service fault answers instead: AccessDenied, 503 ServiceUnavailable, a throttle,
 * or ResourceNotFoundException (Application Signals: 404), as a service not enabled there.
 */
export const SERVICE_FAULT_KINDS = [
  'denied',
  'unavailable',
  'throttle',
  'not-found',
] as const;
export type ServiceFaultKind = (typeof SERVICE_FAULT_KINDS)[number];

/** Every call of one service (or of one of its operations) fails the same way. */
export interface ServiceFault {
  service: EmulatedService;
  /** e.g. `GetFunctionConfiguration`; left out: every operation of the service. */
  operation?: string;
  kind: ServiceFaultKind;
}

/** Statuses GetMetricData gives a result it could not answer in full. */
export const METRIC_DATA_STATUSES = [
  'PartialData',
  'Forbidden',
  'InternalError',
] as const;
export type MetricDataStatus = (typeof METRIC_DATA_STATUSES)[number];

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
  /** Faults of single services or operations, the first that matches a call applies. */
  serviceFaults: ServiceFault[];
  /**
   * Every GetMetricData result carries this status (with a message of the same code) on the
   * last page, its values cut to none (`Forbidden`, `InternalError`) or to the first half
   * (`PartialData`); `null`: results are complete.
   */
  metricDataStatus: MetricDataStatus | null;
  /** Most datapoints a GetMetricData page holds, below the request's `MaxDatapoints`; `null`: no cap. */
  metricDataPageSize: number | null;
}

/** A change of knobs: members left out keep their value; `outage: true` means `'unavailable'`. */
export interface KnobSettings {
  latencyMs?: number;
  throttle?: Partial<ThrottleKnob>;
  outage?: boolean | OutageMode;
  publishingLagSeconds?: number;
  deniedAccount?: string | null;
  serviceFaults?: ServiceFault[];
  metricDataStatus?: MetricDataStatus | null;
  metricDataPageSize?: number | null;
}

/** What to do to one AWS call instead of answering it. */
export type Fault = ServiceFaultKind | OutageMode | undefined;

function defaultKnobs(publishingLagSeconds: number): EmulatorKnobs {
  return {
    latencyMs: 0,
    throttle: { count: 0, rate: 0 },
    outage: false,
    publishingLagSeconds,
    deniedAccount: null,
    serviceFaults: [],
    metricDataStatus: null,
    metricDataPageSize: null,
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
    return {
      ...this.#knobs,
      throttle: { ...this.#knobs.throttle },
      serviceFaults: this.#knobs.serviceFaults.map(fault => ({ ...fault })),
    };
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
        'serviceFaults',
        'metricDataStatus',
        'metricDataPageSize',
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
    if (settings.serviceFaults !== undefined) {
      next.serviceFaults = checkedServiceFaults(settings.serviceFaults);
    }
    if (settings.metricDataStatus !== undefined) {
      next.metricDataStatus = checkedOneOf(
        settings.metricDataStatus,
        'metricDataStatus',
        [...METRIC_DATA_STATUSES, null],
      );
    }
    if (settings.metricDataPageSize !== undefined) {
      next.metricDataPageSize =
        settings.metricDataPageSize === null
          ? null
          : checked(
              settings.metricDataPageSize,
              'metricDataPageSize',
              v => Number.isInteger(v) && v >= 1,
              'an integer ≥ 1 or null',
            );
    }
    if (settings.throttle?.rate !== undefined) {
      this.#callsSinceRateSet = 0;
    }
    this.#knobs = next;
    return this.knobs;
  }

  /**
   * Decides the fault of the next AWS call. An outage wins and leaves the throttles for
   * later; then a matching service fault.
   */
  nextFault(call: { service: EmulatedService; operation: string }): Fault {
    const { outage, throttle, serviceFaults } = this.#knobs;
    if (outage) {
      return outage;
    }
    const serviceFault = serviceFaults.find(
      fault =>
        fault.service === call.service &&
        (fault.operation === undefined || fault.operation === call.operation),
    );
    if (serviceFault) {
      return serviceFault.kind;
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

function checkedServiceFaults(value: unknown): ServiceFault[] {
  if (!Array.isArray(value)) {
    throw new Error(
      `serviceFaults must be a list such as [{ "service": "lambda", "kind": "denied" }], got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value.map((fault: ServiceFault) => {
    rejectUnknownKeys(fault, ['service', 'operation', 'kind'], 'service fault');
    if (fault.operation !== undefined && typeof fault.operation !== 'string') {
      throw new Error(
        `A service fault's operation must be an operation name such as GetMetricData, got ${JSON.stringify(
          fault.operation,
        )}`,
      );
    }
    return {
      service: checkedOneOf(fault.service, 'service fault service', [
        ...EMULATED_SERVICES,
      ]),
      ...(fault.operation === undefined ? {} : { operation: fault.operation }),
      kind: checkedOneOf(fault.kind, 'service fault kind', [
        ...SERVICE_FAULT_KINDS,
      ]),
    };
  });
}

function checkedOneOf<T>(value: unknown, name: string, allowed: T[]): T {
  if (!allowed.includes(value as T)) {
    throw new Error(
      `${name} must be one of ${allowed
        .map(a => JSON.stringify(a))
        .join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
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
