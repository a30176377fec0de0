import { SliData, toSliHistory } from './sliHistory';
import type { SliSeries } from './sliSeries';

/** Periods of one length back to back: `length` of them from `start`. */
export interface PeriodRun {
  start: number;
  periodMs: number;
  length: number;
  good: readonly number[];
  bad: readonly number[];
}

function runOf(series: SliSeries, before: number = Infinity): PeriodRun {
  const periodMs = series.periodSeconds * 1000;
  const whole =
    before === Infinity
      ? series.bad.length
      : Math.floor((before - series.start) / periodMs);
  return {
    start: series.start,
    periodMs,
    length: Math.max(0, Math.min(series.bad.length, whole)),
    good: series.good,
    bad: series.bad,
  };
}

/**
 * The periods of an SLI as `sliPeriods` gives them (the coarse periods that end by the
 * recent series' start, then the recent ones) without an object per period: an SLO reads
 * a month of 5-minute periods a dozen times, and for a fleet those objects were most of
 * the work and the garbage.
 */
export function periodRuns(sli: SliData): PeriodRun[] {
  const { coarse, recent } = toSliHistory(sli);
  return recent
    ? [runOf(coarse, recent.start), runOf(recent)]
    : [runOf(coarse)];
}

/**
 * `countWithin` over the runs: the whole periods inside `[from, to)`, added up in the
 * same order, so to the same figures.
 */
export function countWithinRuns(
  runs: readonly PeriodRun[],
  from: number,
  to: number,
): { total: number; bad: number } {
  let good = 0;
  let bad = 0;
  for (const run of runs) {
    const first = Math.max(0, Math.ceil((from - run.start) / run.periodMs));
    const last = Math.min(
      run.length,
      Math.floor((to - run.start) / run.periodMs),
    );
    for (let i = first; i < last; i++) {
      good += run.good[i];
      bad += run.bad[i];
    }
  }
  return { total: good + bad, bad };
}

/** `periodBoundaryAtOrBefore` over the runs. */
export function boundaryAtOrBeforeRuns(
  runs: readonly PeriodRun[],
  end: number,
): number {
  for (let r = runs.length - 1; r >= 0; r--) {
    const run = runs[r];
    const newest = Math.min(
      run.length - 1,
      Math.floor((end - run.start) / run.periodMs),
    );
    if (newest >= 0) {
      const start = run.start + newest * run.periodMs;
      return start + run.periodMs <= end ? start + run.periodMs : start;
    }
  }
  return end;
}
