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
 * A statistic as one value per period from `start`, NaN where CloudWatch had no
 * datapoint: the shape the fleet collector keeps between refreshes, handed to the SLO
 * math as it is rather than spread out into a datapoint per period first.
 *
 * @public
 */
export interface PeriodValues {
  start: number;
  periodSeconds: number;
  values: Float64Array;
}

/** A statistic's datapoints, sparse as GetMetricData answers them or one per period. @public */
export type MetricPoints = Datapoints | PeriodValues;

function isPeriodValues(points: MetricPoints): points is PeriodValues {
  return 'periodSeconds' in points;
}

/**
 * Calls `visit` with each datapoint's start (epoch ms) and value, in the order the
 * points hold them; the periods of {@link PeriodValues} without a datapoint are skipped.
 *
 * @public
 */
export function forEachDatapoint(
  points: MetricPoints | undefined,
  visit: (ts: number, value: number) => void,
): void {
  if (!points) {
    return;
  }
  if (isPeriodValues(points)) {
    const periodMs = points.periodSeconds * 1000;
    for (let i = 0; i < points.values.length; i++) {
      if (!Number.isNaN(points.values[i])) {
        visit(points.start + i * periodMs, points.values[i]);
      }
    }
    return;
  }
  for (let i = 0; i < points.timestamps.length; i++) {
    visit(Number(points.timestamps[i]), points.values[i]);
  }
}

/**
 * The datapoints spread over the grid as one value per period, NaN where none fell: a
 * typed array, so that a month of 5-minute periods of a fleet makes no boxed numbers.
 * Datapoints falling in one period add up, in the order the points hold them. Values
 * that cover the grid period for period are handed back as a view of them, not copied:
 * the result is for reading.
 *
 * @public
 */
export function denseValues(
  grid: PeriodGrid,
  points: MetricPoints | undefined,
): Float64Array {
  const periodMs = grid.periodSeconds * 1000;
  const onGrid =
    points &&
    isPeriodValues(points) &&
    points.periodSeconds === grid.periodSeconds &&
    (points.start - grid.start) % periodMs === 0;
  if (
    onGrid &&
    points.start === grid.start &&
    points.values.length >= grid.periods
  ) {
    // A fleet refresh hands over each series this way, for every SLO of every function.
    return points.values.subarray(0, grid.periods);
  }
  const dense = new Float64Array(grid.periods).fill(NaN);
  if (onGrid) {
    // On the grid already: one value per period, copied as one block.
    const offset = (points.start - grid.start) / periodMs;
    const from = Math.max(0, -offset);
    const to = Math.min(points.values.length, grid.periods - offset);
    if (to > from) {
      dense.set(points.values.subarray(from, to), from + offset);
    }
    return dense;
  }
  forEachDatapoint(points, (ts, value) => {
    const index = Math.floor((ts - grid.start) / periodMs);
    if (index >= 0 && index < grid.periods) {
      dense[index] = (Number.isNaN(dense[index]) ? 0 : dense[index]) + value;
    }
  });
  return dense;
}

/**
 * Spreads sparse datapoints over the grid; periods without a datapoint stay undefined
 * (no data), which is not the same as zero.
 *
 * @public
 */
export function toDense(
  grid: PeriodGrid,
  points: MetricPoints | undefined,
): Array<number | undefined> {
  return Array.from(denseValues(grid, points), value =>
    Number.isNaN(value) ? undefined : value,
  );
}

/** Metric sums behind a request-based availability SLI. @public */
export interface AvailabilityDatapoints {
  invocations?: MetricPoints;
  errors?: MetricPoints;
  throttles?: MetricPoints;
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
  const invocations = denseValues(grid, sums.invocations);
  const errors = denseValues(grid, sums.errors);
  const throttles = denseValues(grid, sums.throttles);
  const good = new Array<number>(grid.periods);
  const bad = new Array<number>(grid.periods);
  for (let i = 0; i < grid.periods; i++) {
    // NaN, no datapoint, counts as none.
    const throttled = Number.isNaN(throttles[i]) ? 0 : throttles[i];
    const failed = (Number.isNaN(errors[i]) ? 0 : errors[i]) + throttled;
    const total =
      (Number.isNaN(invocations[i]) ? 0 : invocations[i]) + throttled;
    bad[i] = failed;
    good[i] = Math.max(0, total - failed);
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
  sums: { invocations?: MetricPoints; errors?: MetricPoints },
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
  statistic: MetricPoints | undefined,
  threshold: number,
): SliSeries {
  const values = denseValues(grid, statistic);
  const good = new Array<number>(values.length);
  const bad = new Array<number>(values.length);
  // NaN, no datapoint, is neither below nor at the threshold.
  for (let i = 0; i < values.length; i++) {
    good[i] = values[i] < threshold ? 1 : 0;
    bad[i] = values[i] >= threshold ? 1 : 0;
  }
  return { start: grid.start, periodSeconds: grid.periodSeconds, good, bad };
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
