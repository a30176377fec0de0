/** Where a call counts: the caller's account and the region its credentials were scoped to. */
export interface CallLocation {
  accountId: string;
  region: string;
}

/** What one account received in one region. */
export interface LocationStats {
  /** AWS calls by operation name. */
  calls: Record<string, number>;
  /** MetricDataQueries in the GetMetricData calls that reached the operation. */
  getMetricDataQueries: number;
  /** Datapoints GetMetricData answered with. */
  getMetricDataDatapoints: number;
}

/** What the emulator has served, for benchmarks and tests. */
export interface EmulatorStats {
  /** AWS calls received, whatever their outcome. */
  totalCalls: number;
  /** AWS calls by operation name, e.g. `GetMetricData`, `ListServiceLevelObjectives`. */
  calls: Record<string, number>;
  /** MetricDataQueries in the GetMetricData calls that reached the operation. */
  getMetricDataQueries: number;
  /** Datapoints GetMetricData answered with. */
  getMetricDataDatapoints: number;
  /** Calls answered with a throttling error by the `throttle` / `throttleRate` knobs. */
  throttledCalls: number;
  /** Calls answered 503 or dropped by the `outage` knob. */
  outageCalls: number;
  /** Calls refused with AccessDenied by the `deniedAccount` knob. */
  deniedCalls: number;
  /** Calls whose caller closed the connection before the answer (a cancelled request). */
  cancelledCalls: number;
  /** The same counts by account ID, then by region (`byAccount['111111111111']['us-east-1']`). */
  byAccount: Record<string, Record<string, LocationStats>>;
}

/** Counts calls; the control API and `stats()` read a snapshot. */
export class StatsRecorder {
  #stats = StatsRecorder.#empty();

  static #empty(): EmulatorStats {
    return {
      totalCalls: 0,
      calls: {},
      getMetricDataQueries: 0,
      getMetricDataDatapoints: 0,
      throttledCalls: 0,
      outageCalls: 0,
      deniedCalls: 0,
      cancelledCalls: 0,
      byAccount: {},
    };
  }

  #at({ accountId, region }: CallLocation): LocationStats {
    const regions = (this.#stats.byAccount[accountId] ??= {});
    return (regions[region] ??= {
      calls: {},
      getMetricDataQueries: 0,
      getMetricDataDatapoints: 0,
    });
  }

  recordCall(operation: string, location: CallLocation): void {
    this.#stats.totalCalls++;
    this.#stats.calls[operation] = (this.#stats.calls[operation] ?? 0) + 1;
    const { calls } = this.#at(location);
    calls[operation] = (calls[operation] ?? 0) + 1;
  }

  recordMetricDataQueries(count: number, location: CallLocation): void {
    this.#stats.getMetricDataQueries += count;
    this.#at(location).getMetricDataQueries += count;
  }

  recordMetricDataDatapoints(count: number, location: CallLocation): void {
    this.#stats.getMetricDataDatapoints += count;
    this.#at(location).getMetricDataDatapoints += count;
  }

  recordThrottled(): void {
    this.#stats.throttledCalls++;
  }

  recordOutage(): void {
    this.#stats.outageCalls++;
  }

  recordDenied(): void {
    this.#stats.deniedCalls++;
  }

  recordCancelled(): void {
    this.#stats.cancelledCalls++;
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.#stats);
  }

  reset(): void {
    this.#stats = StatsRecorder.#empty();
  }
}
