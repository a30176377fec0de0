import { MINUTE_MS } from '../clock';
import { MetricCatalog } from '../scenarios/metrics';
import {
  PeriodBasedIndicator,
  RequestBasedIndicator,
  ScenarioSlo,
} from '../scenarios/slos';
import {
  MinuteSpan,
  parseStatistic,
  statisticOver,
  statisticsOverSpans,
} from '../timeseries/statistics';

export type BudgetStatus = 'OK' | 'WARNING' | 'BREACHED' | 'INSUFFICIENT_DATA';

/** The figures of a budget report; the caller adds the SLO's identity and definition. */
export interface BudgetFigures {
  BudgetStatus: BudgetStatus;
  /** Percent, e.g. 99.94; absent without data. */
  Attainment?: number;
  TotalBudgetRequests?: number;
  BudgetRequestsRemaining?: number;
  TotalBudgetSeconds?: number;
  BudgetSecondsRemaining?: number;
}

/**
 * The share of the window the budget allows, from a goal in percent. Rounded to 1e-8 so that
 * 99.9 gives exactly 0.001 rather than 100 − 99.9 = 0.0999999999999943 percent.
 */
function budgetFraction(attainmentGoal: number): number {
  return Math.round((100 - attainmentGoal) * 1e6) / 1e8;
}

/**
 * The budget report of `slo` at instant `at`: over the rolling window that ends at `at`
 * (floored to the minute), i.e. the minutes that start in [at − window, at).
 */
export function computeBudgetFigures(
  slo: ScenarioSlo,
  at: Date,
  origin: number,
  catalog: MetricCatalog,
): BudgetFigures {
  const windowMinutes = slo.rollingIntervalDays * 24 * 60;
  const atMinute = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  const newest = (origin - atMinute) / MINUTE_MS + 1;
  const window: MinuteSpan = { newest, oldest: newest + windowMinutes - 1 };
  return slo.indicator.evaluationType === 'RequestBased'
    ? requestBasedFigures(slo, slo.indicator, window, catalog)
    : periodBasedFigures(slo, slo.indicator, window, catalog);
}

/**
 * TotalBudgetRequests = ⌊(1 − goal) × requests⌋ (a whole number of tolerated failures);
 * BudgetRequestsRemaining = that − failed requests; BREACHED once nothing remains ("if the
 * number of failed requests matches this number or is higher, this SLO is breaching").
 */
function requestBasedFigures(
  slo: ScenarioSlo,
  indicator: RequestBasedIndicator,
  window: MinuteSpan,
  catalog: MetricCatalog,
): BudgetFigures {
  const sum = (metricNames: readonly string[]) =>
    metricNames.reduce(
      (total, metricName) =>
        total +
        (statisticOver(
          catalog.lambdaSeries(slo.functionName, metricName),
          window,
          { kind: 'Sum' },
        ) ?? 0),
      0,
    );
  const requests = sum(indicator.totalMetrics);
  const failed = sum(indicator.badMetrics);
  if (requests === 0) {
    return {
      BudgetStatus: 'INSUFFICIENT_DATA',
      TotalBudgetRequests: 0,
      BudgetRequestsRemaining: 0,
    };
  }
  const totalBudget = Math.floor(requests * budgetFraction(slo.attainmentGoal));
  const remaining = Math.floor(totalBudget - failed);
  return {
    BudgetStatus: budgetStatus(remaining, totalBudget, slo.warningThreshold),
    Attainment: ((requests - failed) / requests) * 100,
    TotalBudgetRequests: totalBudget,
    BudgetRequestsRemaining: remaining,
  };
}

/**
 * The window is cut into periods aligned to its end; a period with data is good when its
 * statistic meets the threshold, and a period without data counts as neither.
 * TotalBudgetSeconds = ⌊(1 − goal) × window seconds⌋; each bad period spends its length.
 */
function periodBasedFigures(
  slo: ScenarioSlo,
  indicator: PeriodBasedIndicator,
  window: MinuteSpan,
  catalog: MetricCatalog,
): BudgetFigures {
  const periodMinutes = indicator.periodSeconds / 60;
  const periods: MinuteSpan[] = [];
  for (
    let newest = window.newest;
    newest + periodMinutes - 1 <= window.oldest;
    newest += periodMinutes
  ) {
    periods.push({ newest, oldest: newest + periodMinutes - 1 });
  }
  const statistic = parseStatistic(indicator.stat);
  if (!statistic) {
    throw new Error(
      `SLO ${slo.name} uses an unsupported statistic ${indicator.stat}`,
    );
  }
  const series = catalog.lambdaSeries(slo.functionName, indicator.metricName);
  const values = statisticsOverSpans(series, periods, statistic).filter(
    (v): v is number => v !== undefined,
  );
  const good = values.filter(value => meets(value, indicator)).length;
  const bad = values.length - good;
  const totalBudget = Math.floor(
    (window.oldest - window.newest + 1) *
      60 *
      budgetFraction(slo.attainmentGoal),
  );
  if (values.length === 0) {
    return {
      BudgetStatus: 'INSUFFICIENT_DATA',
      TotalBudgetSeconds: totalBudget,
      BudgetSecondsRemaining: totalBudget,
    };
  }
  const remaining = totalBudget - bad * indicator.periodSeconds;
  return {
    BudgetStatus: budgetStatus(remaining, totalBudget, slo.warningThreshold),
    Attainment: (good / values.length) * 100,
    TotalBudgetSeconds: totalBudget,
    BudgetSecondsRemaining: remaining,
  };
}

const COMPARISONS: Record<
  PeriodBasedIndicator['comparisonOperator'],
  (value: number, threshold: number) => boolean
> = {
  LessThan: (value, threshold) => value < threshold,
  LessThanOrEqualTo: (value, threshold) => value <= threshold,
  GreaterThan: (value, threshold) => value > threshold,
  GreaterThanOrEqualTo: (value, threshold) => value >= threshold,
};

function meets(
  value: number,
  { comparisonOperator, threshold }: PeriodBasedIndicator,
): boolean {
  return COMPARISONS[comparisonOperator](value, threshold);
}

function budgetStatus(
  remaining: number,
  total: number,
  warningThresholdPercent: number,
): BudgetStatus {
  if (remaining <= 0) return 'BREACHED';
  if (remaining / total < warningThresholdPercent / 100) return 'WARNING';
  return 'OK';
}
