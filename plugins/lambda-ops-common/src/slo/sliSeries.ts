/**
 * An SLI as good and bad counts per fixed period, the one shape every SLO is evaluated
 * from. Request-based SLIs count requests (or runs) per period; period-based SLIs count the
 * period itself as one good or one bad event, or as neither when it had no data.
 *
 * @public
 */
export interface SliSeries {
  /** Start of the first period, epoch milliseconds. */
  start: number;
  periodSeconds: number;
  good: number[];
  bad: number[];
}

/** Sparse datapoints of one CloudWatch statistic, as GetMetricData returns them. @public */
export interface Datapoints {
  timestamps: ReadonlyArray<Date | number>;
  values: ReadonlyArray<number>;
}

/** A span of periods `[start, start + periods × periodSeconds)`. @public */
export interface PeriodGrid {
  start: number;
  periodSeconds: number;
  periods: number;
}

/**
 * Spreads sparse datapoints over the grid; periods without a datapoint stay undefined
 * (no data), which is not the same as zero.
 *
 * @public
 */
export function toDense(
  grid: PeriodGrid,
  points: Datapoints | undefined,
): Array<number | undefined> {
  const dense = new Array<number | undefined>(grid.periods).fill(undefined);
  const periodMs = grid.periodSeconds * 1000;
  points?.timestamps.forEach((ts, i) => {
    const index = Math.floor((Number(ts) - grid.start) / periodMs);
    if (index >= 0 && index < grid.periods) {
      dense[index] = (dense[index] ?? 0) + points.values[i];
    }
  });
  return dense;
}

/** Metric sums behind a request-based availability SLI. @public */
export interface AvailabilityDatapoints {
  invocations?: Datapoints;
  errors?: Datapoints;
  throttles?: Datapoints;
}

/**
 * Availability per period: `total = Invocations + Throttles`, `bad = Errors + Throttles`.
 * A throttled request never ran and failed its caller.
 *
 * @public
 */
export function availabilitySeries(
  grid: PeriodGrid,
  sums: AvailabilityDatapoints,
): SliSeries {
  const invocations = toDense(grid, sums.invocations);
  const errors = toDense(grid, sums.errors);
  const throttles = toDense(grid, sums.throttles);
  const good: number[] = [];
  const bad: number[] = [];
  for (let i = 0; i < grid.periods; i++) {
    const failed = (errors[i] ?? 0) + (throttles[i] ?? 0);
    const total = (invocations[i] ?? 0) + (throttles[i] ?? 0);
    bad.push(failed);
    good.push(Math.max(0, total - failed));
  }
  return { start: grid.start, periodSeconds: grid.periodSeconds, good, bad };
}

/**
 * Successful and failed invocations per period, for jobs whose runs are the events.
 *
 * @public
 */
export function successSeries(
  grid: PeriodGrid,
  sums: { invocations?: Datapoints; errors?: Datapoints },
): SliSeries {
  return availabilitySeries(grid, { ...sums, throttles: undefined });
}

/**
 * A period is bad when its statistic reaches the threshold (p95 `Duration` ≥ 500 ms), good
 * below it, and neither when the statistic has no datapoint: no traffic, no verdict.
 *
 * @public
 */
export function thresholdSeries(
  grid: PeriodGrid,
  statistic: Datapoints | undefined,
  threshold: number,
): SliSeries {
  const values = toDense(grid, statistic);
  return {
    start: grid.start,
    periodSeconds: grid.periodSeconds,
    good: values.map(v => (v !== undefined && v < threshold ? 1 : 0)),
    bad: values.map(v => (v !== undefined && v >= threshold ? 1 : 0)),
  };
}

/** Good and bad events of the series from `from` (inclusive) on, epoch ms. @public */
export function countSince(
  series: SliSeries,
  from: number,
): { total: number; bad: number } {
  const periodMs = series.periodSeconds * 1000;
  const first = Math.max(0, Math.ceil((from - series.start) / periodMs));
  let good = 0;
  let bad = 0;
  for (let i = first; i < series.bad.length; i++) {
    good += series.good[i];
    bad += series.bad[i];
  }
  return { total: good + bad, bad };
}
