/** What the emulator has served, for benchmarks and tests. */
export interface EmulatorStats {
  /** AWS calls received, whatever their outcome. */
  totalCalls: number;
  /** AWS calls by operation name, e.g. `GetMetricData`, `ListServiceLevelObjectives`. */
  calls: Record<string, number>;
  /** MetricDataQueries in the GetMetricData calls that reached the operation. */
  getMetricDataQueries: number;
  /** Calls answered with a throttling error by the `throttle` / `throttleRate` knobs. */
  throttledCalls: number;
  /** Calls answered 503 or dropped by the `outage` knob. */
  outageCalls: number;
}

/** Counts calls; the control API and `stats()` read a snapshot. */
export class StatsRecorder {
  #stats = StatsRecorder.#empty();

  static #empty(): EmulatorStats {
    return {
      totalCalls: 0,
      calls: {},
      getMetricDataQueries: 0,
      throttledCalls: 0,
      outageCalls: 0,
    };
  }

  recordCall(operation: string): void {
    this.#stats.totalCalls++;
    this.#stats.calls[operation] = (this.#stats.calls[operation] ?? 0) + 1;
  }

  recordMetricDataQueries(count: number): void {
    this.#stats.getMetricDataQueries += count;
  }

  recordThrottled(): void {
    this.#stats.throttledCalls++;
  }

  recordOutage(): void {
    this.#stats.outageCalls++;
  }

  snapshot(): EmulatorStats {
    return { ...this.#stats, calls: { ...this.#stats.calls } };
  }

  reset(): void {
    this.#stats = StatsRecorder.#empty();
  }
}
