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
import { countSince, SliSeries } from './sliSeries';
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
}

/** @public */
export interface EvaluateSloOptions {
  target: number;
  /** End of the window, epoch ms; the series covers the window before it. */
  end: number;
  sloWindowSeconds: number;
  /** `minutes` for period-based SLIs: each period counts its length. */
  unit: ErrorBudget['unit'];
  /**
   * Burn-rate rows to evaluate; none for jobs that run too rarely for minutes-long
   * windows to mean anything.
   */
  burnRateWindows?: readonly BurnRateWindow[];
  warningRemaining?: number;
}

/**
 * Evaluates an SLO from its SLI series: attainment, error budget, burn rates, the budget's
 * burn-down over the window, and the status they add up to.
 *
 * @public
 */
export function evaluateSlo(
  series: SliSeries,
  options: EvaluateSloOptions,
): SloEvaluation {
  const windowStart = options.end - options.sloWindowSeconds * 1000;
  const counts = countSince(series, windowStart);
  const eventSize = options.unit === 'minutes' ? series.periodSeconds / 60 : 1;
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
  const burnRates = computeBurnRates(series, {
    target: options.target,
    sloWindowSeconds: options.sloWindowSeconds,
    end: options.end,
    windows: options.burnRateWindows,
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
      ? computeBurnStart(series, {
          target: options.target,
          threshold: firingPage.threshold,
          end: options.end,
        })
      : null;
  return {
    attainment: counts.total > 0 ? 1 - counts.bad / counts.total : null,
    errorBudget,
    burnRates,
    burnDown: burnDown(series, windowStart, options.end, remainingAfter),
    status,
    burningSince: burnStart === null ? null : new Date(burnStart).toISOString(),
  };
}

/** Remaining budget at the start of each day of the window, and now. */
function burnDown(
  series: SliSeries,
  windowStart: number,
  end: number,
  remainingAfter: (bad: number) => number | null,
): BudgetPoint[] {
  const periodMs = series.periodSeconds * 1000;
  const points: BudgetPoint[] = [];
  let bad = 0;
  let index = Math.max(0, Math.ceil((windowStart - series.start) / periodMs));
  for (let ts = windowStart; ts < end; ts += DAY_MS) {
    for (
      ;
      index < series.bad.length && series.start + index * periodMs < ts;
      index++
    ) {
      bad += series.bad[index];
    }
    points.push({
      ts: new Date(ts).toISOString(),
      remaining: remainingAfter(bad),
    });
  }
  for (; index < series.bad.length; index++) {
    bad += series.bad[index];
  }
  points.push({
    ts: new Date(end).toISOString(),
    remaining: remainingAfter(bad),
  });
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
  };
}
