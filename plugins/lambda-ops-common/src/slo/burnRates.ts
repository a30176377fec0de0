import { formatDurationSeconds } from '../duration';
import type { AlertSeverity, BurnRateRow, BurnRateState } from '../types';
import { allowedBadRatio } from './requestBased';
import { countWithinRuns, periodRuns } from './periodRuns';
import type { SliData } from './sliHistory';

/** One multiwindow, multi-burn-rate alert: windows and the budget share it guards. @public */
export interface BurnRateWindow {
  severity: AlertSeverity;
  longWindowSeconds: number;
  shortWindowSeconds: number;
  /** Share of the whole window's error budget spent in the long window when it fires. */
  budgetFraction: number;
}

/**
 * The Google SRE Workbook's recommended alerts (chapter 5, "Alerting on SLOs",
 * https://sre.google/workbook/alerting-on-slos/): page on 2 % of the budget in 1 hour or
 * 5 % in 6 hours, ticket on 10 % in 3 days; each with a short window 1/12 of the long one
 * so that an alert stops soon after the burn does.
 *
 * @public
 */
export const WORKBOOK_BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  {
    severity: 'page',
    longWindowSeconds: 3600,
    shortWindowSeconds: 300,
    budgetFraction: 0.02,
  },
  {
    severity: 'page',
    longWindowSeconds: 21600,
    shortWindowSeconds: 1800,
    budgetFraction: 0.05,
  },
  {
    severity: 'ticket',
    longWindowSeconds: 259200,
    shortWindowSeconds: 21600,
    budgetFraction: 0.1,
  },
];

/**
 * The burn rate at which `budgetFraction` of the budget goes in `longWindowSeconds`:
 * `fraction × window / longWindow` (14.4 for 2 % in 1 h of 30 days; 13.44 for 28 days).
 *
 * @public
 */
export function burnRateThreshold(
  sloWindowSeconds: number,
  window: Pick<BurnRateWindow, 'budgetFraction' | 'longWindowSeconds'>,
): number {
  return (window.budgetFraction * sloWindowSeconds) / window.longWindowSeconds;
}

/**
 * How many times faster than sustainable the budget burns: `(bad/total) / (1 − target)`.
 * Null when there were no events.
 *
 * @public
 */
export function computeBurnRate(
  counts: { total: number; bad: number },
  target: number,
): number | null {
  if (counts.total === 0) {
    return null;
  }
  return counts.bad / counts.total / allowedBadRatio(target);
}

/**
 * The windows read at 1-minute resolution: every short window and the long windows of the
 * page rows (5 m, 30 m, 1 h, 6 h for the Workbook rows), so that the rows an on-call
 * engineer is woken by slide by whole minutes. Longer windows (the ticket row's 3 days)
 * and the whole SLO window read coarser periods.
 *
 * @public
 */
export function minuteResolutionSeconds(
  windows: readonly BurnRateWindow[] = WORKBOOK_BURN_RATE_WINDOWS,
): number {
  return Math.max(
    0,
    ...windows.map(w =>
      w.severity === 'page'
        ? Math.max(w.longWindowSeconds, w.shortWindowSeconds)
        : w.shortWindowSeconds,
    ),
  );
}

/**
 * Whether a row fires: only when both its long and its short window burn faster than the
 * threshold; `no-data` when either window holds no published data, for then it cannot
 * tell.
 *
 * @public
 */
export function burnRateState(
  long: number | null,
  short: number | null,
  threshold: number,
): BurnRateState {
  if (long === null || short === null) {
    return 'no-data';
  }
  return long > threshold && short > threshold ? 'firing' : 'not-firing';
}

/**
 * Fewest requests a long window must hold before its row may fire: below it one error is
 * a large share of the requests, and a function called a few times an hour would page on
 * it.
 *
 * @public
 */
export const DEFAULT_MIN_EVENTS = 100;

/**
 * Why a row cannot fire, in the words the tab shows: "too little traffic to judge (12
 * requests in 1 h)".
 *
 * @public
 */
export function insufficientTrafficMessage(
  requests: number,
  longWindowSeconds: number,
): string {
  const span = formatDurationSeconds(longWindowSeconds).replace(/^\d+/, '$& ');
  // Sums of CloudWatch periods can carry float error (3.9499… for 3.95).
  const count = Math.round(requests);
  const noun = count === 1 ? 'request' : 'requests';
  return `too little traffic to judge (${count} ${noun} in ${span})`;
}

/** @public */
export interface BurnRateOptions {
  target: number;
  sloWindowSeconds: number;
  end: number;
  windows?: readonly BurnRateWindow[];
  /**
   * Fewest requests in a row's long window for the row to fire (the low-traffic guard);
   * {@link DEFAULT_MIN_EVENTS} unless set.
   */
  minEvents?: number;
  /**
   * Requests (invocations plus throttles) per period, which the low-traffic guard counts.
   * A request-based SLI counts its own events and needs none; a period-based SLI counts
   * the requests inside its periods, not the periods.
   */
  traffic?: SliData;
}

/**
 * The Workbook rows over the SLI's whole periods in windows ending at `end` (epoch ms).
 * A row whose long window holds published data but fewer than `minEvents` requests does
 * not fire, whatever its rates, and says why.
 *
 * @public
 */
export function computeBurnRates(
  sli: SliData,
  options: BurnRateOptions,
): BurnRateRow[] {
  const windows = options.windows ?? WORKBOOK_BURN_RATE_WINDOWS;
  const minEvents = options.minEvents ?? DEFAULT_MIN_EVENTS;
  const periods = periodRuns(sli);
  const trafficPeriods = options.traffic
    ? periodRuns(options.traffic)
    : periods;
  return windows.map(window => {
    const threshold = burnRateThreshold(options.sloWindowSeconds, window);
    const rateOver = (seconds: number) =>
      computeBurnRate(
        countWithinRuns(periods, options.end - seconds * 1000, options.end),
        options.target,
      );
    const long = rateOver(window.longWindowSeconds);
    const short = rateOver(window.shortWindowSeconds);
    const requests = countWithinRuns(
      trafficPeriods,
      options.end - window.longWindowSeconds * 1000,
      options.end,
    ).total;
    const insufficientTraffic = long !== null && requests < minEvents;
    const state = insufficientTraffic
      ? 'not-firing'
      : burnRateState(long, short, threshold);
    const guard = insufficientTraffic
      ? {
          insufficientTraffic,
          message: insufficientTrafficMessage(
            requests,
            window.longWindowSeconds,
          ),
        }
      : {};
    return {
      severity: window.severity,
      longWindow: formatDurationSeconds(window.longWindowSeconds),
      shortWindow: formatDurationSeconds(window.shortWindowSeconds),
      threshold,
      long,
      short,
      firing: state === 'firing',
      state,
      ...guard,
    };
  });
}

/**
 * When the current fast burn began: walking back from `end` over the SLI's periods, the
 * start of the earliest period of the unbroken run that burned faster than `threshold`.
 * Null when the newest period does not burn that fast. Periods without events neither
 * break nor extend the run.
 *
 * @public
 */
export function computeBurnStart(
  sli: SliData,
  options: { target: number; threshold: number; end: number },
): number | null {
  let start: number | null = null;
  const runs = periodRuns(sli);
  for (let r = runs.length - 1; r >= 0; r--) {
    const run = runs[r];
    for (let i = run.length - 1; i >= 0; i--) {
      const periodStart = run.start + i * run.periodMs;
      const total = run.good[i] + run.bad[i];
      if (periodStart + run.periodMs > options.end || total === 0) {
        continue;
      }
      const rate = computeBurnRate({ total, bad: run.bad[i] }, options.target);
      if (rate === null || rate <= options.threshold) {
        return start;
      }
      start = periodStart;
    }
  }
  return start;
}
