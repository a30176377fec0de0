import { DateTime } from 'luxon';
import type { MetricPoints, PeriodGrid, SliSeries } from './sliSeries';
import { denseValues } from './sliSeries';

/** A batch deadline: a wall-clock time in a time zone. @public */
export interface BatchDeadline {
  hour: number;
  minute: number;
  /** IANA time zone, e.g. `Asia/Tokyo` or `UTC`. */
  zone: string;
}

/** One run of a job, as seen in its metrics. @public */
export interface BatchRun {
  start: number;
  durationMs: number;
  failed: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Runs from per-period metrics: each period with invocations holds a run that started at
 * the period's start (the metrics' resolution), lasted its longest `Duration`, and failed
 * when every invocation in it errored.
 *
 * @public
 */
export function runsFromMetrics(
  grid: PeriodGrid,
  metrics: {
    invocations?: MetricPoints;
    errors?: MetricPoints;
    maxDuration?: MetricPoints;
  },
): BatchRun[] {
  const invocations = denseValues(grid, metrics.invocations);
  const errors = denseValues(grid, metrics.errors);
  const durations = denseValues(grid, metrics.maxDuration);
  const orNone = (value: number) => (Number.isNaN(value) ? 0 : value);
  const runs: BatchRun[] = [];
  // NaN, no datapoint, is no invocation.
  for (let i = 0; i < invocations.length; i++) {
    if (invocations[i] > 0) {
      runs.push({
        start: grid.start + i * grid.periodSeconds * 1000,
        durationMs: orNone(durations[i]),
        failed: orNone(errors[i]) >= invocations[i],
      });
    }
  }
  return runs;
}

/**
 * Completion by the deadline, one event per day: each deadline that fell in the window is
 * good when a run that started in the 24 hours before it succeeded and finished by it, and
 * bad otherwise — a day without a run missed its deadline too. A job with no run at all in
 * the window has no data.
 *
 * @public
 */
export function completionSeries(
  runs: readonly BatchRun[],
  deadline: BatchDeadline,
  window: { start: number; end: number },
): SliSeries {
  const deadlines: number[] = [];
  let day = DateTime.fromMillis(window.start, { zone: deadline.zone }).startOf(
    'day',
  );
  for (; day.toMillis() <= window.end; day = day.plus({ days: 1 })) {
    const at = day
      .set({ hour: deadline.hour, minute: deadline.minute })
      .toMillis();
    if (at > window.start && at <= window.end) {
      deadlines.push(at);
    }
  }
  const hasRuns = runs.some(
    run => run.start >= window.start && run.start < window.end,
  );
  // One day-long period per day of the window; each deadline falls in exactly one.
  const days = Math.ceil((window.end - window.start) / DAY_MS);
  const good = new Array<number>(days).fill(0);
  const bad = new Array<number>(days).fill(0);
  for (const at of deadlines) {
    const met = runs.some(
      run =>
        run.start > at - DAY_MS &&
        run.start <= at &&
        !run.failed &&
        run.start + run.durationMs <= at,
    );
    const period = Math.min(
      days - 1,
      Math.floor((at - 1 - window.start) / DAY_MS),
    );
    if (hasRuns) {
      (met ? good : bad)[period] += 1;
    }
  }
  return { start: window.start, periodSeconds: DAY_MS / 1000, good, bad };
}
