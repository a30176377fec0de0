import { formatDurationSeconds } from '../duration';
import type { AlertSeverity, BurnRateRow } from '../types';
import { allowedBadRatio } from './requestBased';
import { countSince, SliSeries } from './sliSeries';

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
 * The Workbook rows over the series ending at `end` (epoch ms). A row fires only when
 * both its long and its short window burn faster than the threshold.
 *
 * @public
 */
export function computeBurnRates(
  series: SliSeries,
  options: {
    target: number;
    sloWindowSeconds: number;
    end: number;
    windows?: readonly BurnRateWindow[];
  },
): BurnRateRow[] {
  const windows = options.windows ?? WORKBOOK_BURN_RATE_WINDOWS;
  return windows.map(window => {
    const threshold = burnRateThreshold(options.sloWindowSeconds, window);
    const rateOver = (seconds: number) =>
      computeBurnRate(
        countSince(series, options.end - seconds * 1000),
        options.target,
      );
    const long = rateOver(window.longWindowSeconds);
    const short = rateOver(window.shortWindowSeconds);
    return {
      severity: window.severity,
      longWindow: formatDurationSeconds(window.longWindowSeconds),
      shortWindow: formatDurationSeconds(window.shortWindowSeconds),
      threshold,
      long,
      short,
      firing:
        long !== null &&
        short !== null &&
        long > threshold &&
        short > threshold,
    };
  });
}

/**
 * When the current fast burn began: walking back from `end` over the series' periods, the
 * start of the earliest period of the unbroken run that burned faster than `threshold`.
 * Null when the newest period does not burn that fast. Periods without events neither
 * break nor extend the run.
 *
 * @public
 */
export function computeBurnStart(
  series: SliSeries,
  options: { target: number; threshold: number; end: number },
): number | null {
  const periodMs = series.periodSeconds * 1000;
  const last = Math.min(
    series.bad.length,
    Math.floor((options.end - series.start) / periodMs),
  );
  let start: number | null = null;
  for (let i = last - 1; i >= 0; i--) {
    const total = series.good[i] + series.bad[i];
    if (total === 0) {
      continue;
    }
    const rate = computeBurnRate({ total, bad: series.bad[i] }, options.target);
    if (rate === null || rate <= options.threshold) {
      break;
    }
    start = series.start + i * periodMs;
  }
  return start;
}
