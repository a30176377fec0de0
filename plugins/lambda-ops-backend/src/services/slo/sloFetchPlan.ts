import type { PeriodGrid } from '@lambda-ops/backstage-plugin-common';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * CloudWatch keeps 1-minute datapoints 15 days, 5-minute ones 63 days and hourly ones 455
 * days. GetMetricData rounds a StartTime older than 15 days down to the 5-minute clock
 * interval (older than 63: the hour) and returns no datapoints for a finer Period than
 * that (GetMetricData reference, StartTime and Period).
 */
export function retainedPeriodSeconds(startAgeMs: number): number {
  if (startAgeMs >= 63 * DAY_MS) {
    return 3600;
  }
  return startAgeMs >= 15 * DAY_MS ? 300 : 60;
}

/**
 * What to ask CloudWatch for a function's SLOs: two GetMetricData calls, because one call
 * has one StartTime and the two resolutions need different ones.
 * - `coarse`: every SLI over the whole window in 5-minute periods (hourly past 63 days) on
 *   CloudWatch's clock grid, which a StartTime 30 days back is rounded to anyway.
 * - `recent`: the metrics of the minute-resolution windows in 1-minute periods, from a
 *   coarse boundary before the longest of those windows (6 hours) — a StartTime recent
 *   enough for 1-minute data.
 *
 * Both end at the current minute (exclusive); the SLO math cuts them where the published
 * data ends. An api function: 4 coarse queries × at most 8,642 periods and 4 recent
 * queries × at most 367 minutes, about 36,000 datapoints in 2 requests, well under the
 * 100,800 a request returns before paging.
 */
export interface SloFetchPlan {
  coarse: PeriodGrid;
  /** Absent when no SLI of the pattern has minute-resolution windows (batch jobs). */
  recent?: PeriodGrid;
  /** The current minute's start: both calls end there. */
  clockEnd: number;
}

function floorTo(ms: number, stepMs: number): number {
  return Math.floor(ms / stepMs) * stepMs;
}

/**
 * The two grids of {@link SloFetchPlan}. They reach back from the earliest end the windows
 * can have, `now − publishingLag` on the minute, so that whatever the published data says
 * later, the whole SLO window and the 6 hours of minutes are covered.
 */
export function sloFetchPlan(options: {
  now: Date;
  windowDays: number;
  publishingLagMs: number;
  /** The longest window read at 1-minute resolution; 0 when none is. */
  minuteWindowSeconds: number;
}): SloFetchPlan {
  const now = options.now.getTime();
  const clockEnd = floorTo(now, MINUTE_MS);
  const earliestEnd = floorTo(now - options.publishingLagMs, MINUTE_MS);
  const windowMs = options.windowDays * DAY_MS;
  // The oldest coarse period can start up to an hour before the window.
  const periodSeconds = Math.max(
    300,
    retainedPeriodSeconds(now - earliestEnd + windowMs + 3_600_000),
  );
  const periodMs = periodSeconds * 1000;
  const coarseStart = floorTo(earliestEnd, periodMs) - windowMs;
  const plan: SloFetchPlan = {
    clockEnd,
    coarse: {
      start: coarseStart,
      periodSeconds,
      periods: Math.ceil((clockEnd - coarseStart) / periodMs),
    },
  };
  if (options.minuteWindowSeconds > 0) {
    const recentStart = floorTo(
      earliestEnd - options.minuteWindowSeconds * 1000,
      periodMs,
    );
    plan.recent = {
      start: recentStart,
      periodSeconds: 60,
      periods: (clockEnd - recentStart) / MINUTE_MS,
    };
  }
  return plan;
}

/**
 * The grid of `plan` that other metrics of the page (the triage's last hour in 5-minute
 * periods) can join, so that they cost no GetMetricData call of their own: the one that
 * starts latest yet still reaches `spanMs` back, with a StartTime young enough for
 * periods of `periodsSeconds`. The recent grid when there is one (its StartTime is a few hours
 * back), else the coarse one; none when the periods are finer than the grid's StartTime
 * allows (past 63 days only hourly periods are kept).
 */
export function gridReaching(
  plan: SloFetchPlan,
  options: { now: Date; spanMs: number; periodsSeconds: readonly number[] },
): 'coarse' | 'recent' | undefined {
  const now = options.now.getTime();
  const grids = [
    ['recent', plan.recent],
    ['coarse', plan.coarse],
  ] as const;
  return grids.find(
    ([, grid]) =>
      grid !== undefined &&
      grid.start <= now - options.spanMs &&
      options.periodsSeconds.every(
        period => period % retainedPeriodSeconds(now - grid.start) === 0,
      ),
  )?.[0];
}
