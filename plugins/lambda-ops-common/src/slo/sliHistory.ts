import type { SliSeries } from './sliSeries';

/**
 * An SLI read at two resolutions, the shape CloudWatch's retention allows: `coarse`
 * periods (5 minutes; an hour past 63 days) over the whole SLO window, and `recent`
 * 1-minute periods over the newest hours, where the short burn-rate windows slide by
 * whole minutes. Where the recent series starts, it takes over: before that only the
 * coarse periods that end by then count, so no event is counted twice.
 *
 * @public
 */
export interface SliHistory {
  coarse: SliSeries;
  recent?: SliSeries;
}

/** An SLI at one resolution, or at two. @public */
export type SliData = SliSeries | SliHistory;

/** One period of an SLI, `[start, end)` in epoch ms, with its event counts. @public */
export interface SliPeriod {
  start: number;
  end: number;
  good: number;
  bad: number;
}

/** @public */
export function toSliHistory(sli: SliData): SliHistory {
  return 'coarse' in sli ? sli : { coarse: sli };
}

function periodsOf(series: SliSeries, before: number = Infinity): SliPeriod[] {
  const periodMs = series.periodSeconds * 1000;
  const periods: SliPeriod[] = [];
  for (let i = 0; i < series.bad.length; i++) {
    const start = series.start + i * periodMs;
    if (start + periodMs > before) {
      break;
    }
    periods.push({
      start,
      end: start + periodMs,
      good: series.good[i],
      bad: series.bad[i],
    });
  }
  return periods;
}

const periodsBySli = new WeakMap<SliData, SliPeriod[]>();

/**
 * The periods of an SLI, oldest first, each instant in at most one: the coarse periods
 * that end by the recent series' start, then the recent ones.
 *
 * @public
 */
export function sliPeriods(sli: SliData): SliPeriod[] {
  // An SLO's evaluation reads the periods of one SLI several times (budget, burn rates);
  // over a month of 5-minute periods building them again each time was the fleet
  // refresh's busiest code.
  let periods = periodsBySli.get(sli);
  if (!periods) {
    const { coarse, recent } = toSliHistory(sli);
    periods = periodsOf(coarse, recent?.start);
    if (recent) {
      for (const period of periodsOf(recent)) {
        periods.push(period);
      }
    }
    periodsBySli.set(sli, periods);
  }
  return periods;
}

/**
 * Good and bad events of the whole periods inside `[from, to)`. A period cut by either
 * edge is left out: at the old edge CloudWatch has nothing finer than the coarse period,
 * and at the new edge the period is not over.
 *
 * @public
 */
export function countWithin(
  periods: readonly SliPeriod[],
  from: number,
  to: number,
): { total: number; bad: number } {
  let good = 0;
  let bad = 0;
  for (const period of periods) {
    if (period.start >= from && period.end <= to) {
      good += period.good;
      bad += period.bad;
    }
  }
  return { total: good + bad, bad };
}

/**
 * Where windows over the SLI can end at or before `end`: the newest period boundary not
 * after it. A 1-minute series ends anywhere on the minute; a period-based SLI of 5-minute
 * periods ends on its newest whole period.
 *
 * @public
 */
export function periodBoundaryAtOrBefore(
  periods: readonly SliPeriod[],
  end: number,
): number {
  for (let i = periods.length - 1; i >= 0; i--) {
    if (periods[i].end <= end) {
      return periods[i].end;
    }
    if (periods[i].start <= end) {
      return periods[i].start;
    }
  }
  return end;
}
