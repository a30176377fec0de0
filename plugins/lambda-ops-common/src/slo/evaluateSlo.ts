import type {
  BudgetPoint,
  BurnRateRow,
  ErrorBudget,
  SloStatus,
} from '../types';
import {
  BurnRateWindow,
  computeBurnRates,
  computeBurnStart,
} from './burnRates';
import { allowedBadRatio } from './requestBased';
import {
  boundaryAtOrBeforeRuns,
  countWithinRuns,
  PeriodRun,
  periodRuns,
} from './periodRuns';
import { SliData, toSliHistory } from './sliHistory';
import { computeSloStatus, DEFAULT_WARNING_REMAINING } from './status';

const DAY_MS = 86_400_000;

/** What an SLO's numbers are, over its window. @public */
export interface SloEvaluation {
  attainment: number | null;
  errorBudget: ErrorBudget;
  burnRates: BurnRateRow[];
  burnDown: BudgetPoint[];
  status: SloStatus;
  /** When the fast burn behind a `page` status began; null otherwise. */
  burningSince: string | null;
  /** Where the window and the burn-rate windows end; null when nothing was measured. */
  dataThrough: string | null;
}

/** @public */
export interface EvaluateSloCommonOptions {
  target: number;
  /**
   * End of the published data, epoch ms (see `publishedDataEnd`). The window and the
   * burn-rate windows end at the newest period boundary of the SLI not after it.
   */
  end: number;
  sloWindowSeconds: number;
  /**
   * Burn-rate rows to evaluate; none for jobs that run too rarely for minutes-long
   * windows to mean anything.
   */
  burnRateWindows?: readonly BurnRateWindow[];
  warningRemaining?: number;
  /**
   * The SLI at a finer resolution, to find when a burn began: a period-based SLI counts
   * 5-minute periods, which would date a burn up to 4 minutes before it began (before the
   * deploy behind it, say); its verdict minute by minute dates it to the minute.
   */
  burnStartSli?: SliData;
  /** Fewest requests in a long window for its row to fire; see `computeBurnRates`. */
  minEvents?: number;
  /**
   * Whether to work out `burnDown` (the default); without it `burnDown` is empty. Only
   * the Operations tab's chart shows it: the fleet views and the monthly review leave it
   * out, a pass over the window less per SLO.
   */
  withBurnDown?: boolean;
  /**
   * The window's events before the SLI's first period, counted elsewhere (the settled
   * days a fleet refresh keeps), given where the window starts. The burn-down, which
   * needs every day's periods, is left out with it.
   */
  countEarlier?: (windowStart: number) => { total: number; bad: number };
}

/**
 * How an SLO is evaluated. A period-based SLI (`unit: 'minutes'`, each period counting
 * its length) brings the requests per period behind it (invocations plus throttles), which
 * the low-traffic guard counts instead of the periods; a request-based SLI counts its own
 * events.
 *
 * @public
 */
export type EvaluateSloOptions = EvaluateSloCommonOptions &
  (
    | { unit: 'minutes'; traffic: SliData }
    | { unit: Exclude<ErrorBudget['unit'], 'minutes'>; traffic?: undefined }
  );

/**
 * Evaluates an SLO from its SLI: attainment, error budget, burn rates, the budget's
 * burn-down over the window, and the status they add up to. Only whole periods count:
 * the window's old edge falls on the coarse periods, its new edge on the newest period
 * boundary at or before `end`.
 *
 * @public
 */
export function evaluateSlo(
  sli: SliData,
  options: EvaluateSloOptions,
): SloEvaluation {
  const periods = periodRuns(sli);
  const end = boundaryAtOrBeforeRuns(periods, options.end);
  const windowStart = end - options.sloWindowSeconds * 1000;
  const counts = countWithinRuns(periods, windowStart, end);
  if (options.countEarlier) {
    const earlier = options.countEarlier(windowStart);
    counts.total += earlier.total;
    counts.bad += earlier.bad;
  }
  // Period-based SLIs come as one series, so every period has the coarse length.
  const eventSize =
    options.unit === 'minutes'
      ? toSliHistory(sli).coarse.periodSeconds / 60
      : 1;
  const budgetTotal =
    allowedBadRatio(options.target) * counts.total * eventSize;
  const remainingAfter = (bad: number) =>
    budgetTotal > 0 ? 1 - (bad * eventSize) / budgetTotal : null;

  const errorBudget: ErrorBudget = {
    total: budgetTotal,
    consumed: counts.bad * eventSize,
    remaining: remainingAfter(counts.bad),
    unit: options.unit,
  };
  const burnRates = computeBurnRates(sli, {
    target: options.target,
    sloWindowSeconds: options.sloWindowSeconds,
    end,
    windows: options.burnRateWindows,
    minEvents: options.minEvents,
    traffic: options.traffic,
  });
  const status = computeSloStatus(
    errorBudget,
    burnRates,
    options.warningRemaining ?? DEFAULT_WARNING_REMAINING,
  );
  const firingPage = burnRates.find(
    row => row.severity === 'page' && row.firing,
  );
  const burnStart =
    status === 'page' && firingPage
      ? computeBurnStart(options.burnStartSli ?? sli, {
          target: options.target,
          threshold: firingPage.threshold,
          end,
        })
      : null;
  return {
    attainment: counts.total > 0 ? 1 - counts.bad / counts.total : null,
    errorBudget,
    burnRates,
    burnDown:
      options.withBurnDown === false || options.countEarlier
        ? []
        : burnDown(periods, windowStart, end, remainingAfter),
    status,
    burningSince: burnStart === null ? null : new Date(burnStart).toISOString(),
    dataThrough: new Date(end).toISOString(),
  };
}

/**
 * Remaining budget at the start of each day of the window, and at its end. The periods
 * come oldest first, so each day's bad events are the day before's plus that day's: one
 * pass over the month instead of one per day, adding in the same order as `countWithin`.
 */
function burnDown(
  runs: readonly PeriodRun[],
  windowStart: number,
  end: number,
  remainingAfter: (bad: number) => number | null,
): BudgetPoint[] {
  let bad = 0;
  let run = 0;
  let next = 0;
  const remainingAt = (ts: number): BudgetPoint => {
    for (; run < runs.length; run++, next = 0) {
      const { start, periodMs, length } = runs[run];
      for (; next < length && start + (next + 1) * periodMs <= ts; next++) {
        if (start + next * periodMs >= windowStart) {
          bad += runs[run].bad[next];
        }
      }
      if (next < length) {
        break;
      }
    }
    return { ts: new Date(ts).toISOString(), remaining: remainingAfter(bad) };
  };
  const points: BudgetPoint[] = [];
  for (let ts = windowStart; ts < end; ts += DAY_MS) {
    points.push(remainingAt(ts));
  }
  points.push(remainingAt(end));
  return points;
}

/**
 * A zero-tolerance objective (no failed delivery at all): any failure breaches it, so the
 * budget is all or nothing and burn rates do not apply.
 *
 * @public
 */
export function evaluateZeroTolerance(failures: number): SloEvaluation {
  const errorBudget: ErrorBudget = {
    total: 0,
    consumed: failures,
    remaining: failures > 0 ? 0 : 1,
    unit: 'events',
  };
  return {
    attainment: null,
    errorBudget,
    burnRates: [],
    burnDown: [],
    status: computeSloStatus(errorBudget, []),
    burningSince: null,
    dataThrough: null,
  };
}
