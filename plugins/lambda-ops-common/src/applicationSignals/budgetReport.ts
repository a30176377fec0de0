import { formatDurationSeconds } from '../duration';
import { percentToFraction } from '../percent';
import type { ErrorBudget, LambdaFunctionRef, Slo, SloStatus } from '../types';

/**
 * The parts of an Application Signals SLO budget report
 * (`BatchGetServiceLevelObjectiveBudgetReport`) the conversion reads, in the API's own
 * names, so that the SDK's report can be passed as it is.
 *
 * @public
 */
export interface ApplicationSignalsBudgetReport {
  Arn?: string;
  Name?: string;
  EvaluationType?: string;
  BudgetStatus?: string;
  /** Percent, e.g. 99.8. */
  Attainment?: number;
  TotalBudgetSeconds?: number;
  BudgetSecondsRemaining?: number;
  TotalBudgetRequests?: number;
  BudgetRequestsRemaining?: number;
  Sli?: ApplicationSignalsPeriodSli;
  RequestBasedSli?: { RequestBasedSliMetric?: { MetricType?: string } };
  Goal?: {
    AttainmentGoal?: number;
    Interval?: {
      CalendarInterval?: ApplicationSignalsInterval;
      RollingInterval?: ApplicationSignalsInterval;
    };
  };
}

/** A goal's interval: `Duration` units of `DurationUnit`. @public */
export interface ApplicationSignalsInterval {
  Duration?: number;
  DurationUnit?: string;
}

/** The period-based indicator of a budget report. @public */
export interface ApplicationSignalsPeriodSli {
  SliMetric?: {
    MetricType?: string;
    MetricDataQueries?: Array<{
      ReturnData?: boolean;
      Period?: number;
      MetricStat?: {
        Stat?: string;
        Period?: number;
        Metric?: { MetricName?: string };
      };
    }>;
  };
  MetricThreshold?: number;
  ComparisonOperator?: string;
}

const SERVICE = 'Application Signals';

/**
 * What a goal left out of the SLO means (CreateServiceLevelObjective: `AttainmentGoal`
 * defaults to 99, `Interval` to a rolling 7 days).
 */
const DEFAULT_ATTAINMENT_GOAL = 99;
const DEFAULT_INTERVAL = { Duration: 7, DurationUnit: 'DAY' };

/** `BudgetStatus` in the contract's statuses. */
const BUDGET_STATUS: Record<string, SloStatus> = {
  OK: 'ok',
  WARNING: 'warning',
  BREACHED: 'breached',
  INSUFFICIENT_DATA: 'no-data',
};

const UNIT_WORDS: Record<string, string> = {
  MINUTE: 'minute',
  HOUR: 'hour',
  DAY: 'day',
  MONTH: 'month',
};

/** Months vary in length, so they are not converted to seconds. */
const UNIT_SECONDS: Record<string, number> = {
  MINUTE: 60,
  HOUR: 3_600,
  DAY: 86_400,
};

const COMPARISON_SYMBOLS: Record<string, string> = {
  LessThan: '<',
  LessThanOrEqualTo: '≤',
  GreaterThan: '>',
  GreaterThanOrEqualTo: '≥',
};

/**
 * Converts an Application Signals budget report into the contract's SLO: fractions, not
 * percentages (`Attainment` 99.8 → 0.998); remaining = budget remaining ÷ total budget;
 * request budgets in requests, period budgets (seconds) in minutes; `BudgetStatus`
 * `OK`/`WARNING`/`BREACHED`/`INSUFFICIENT_DATA` → `ok`/`warning`/`breached`/`no-data`.
 *
 * @public
 */
export function sloFromBudgetReport(
  fn: Pick<LambdaFunctionRef, 'name'>,
  report: ApplicationSignalsBudgetReport,
): Slo {
  const evaluation =
    report.EvaluationType === 'RequestBased' || report.RequestBasedSli
      ? 'request'
      : 'period';
  const metricType = (
    report.RequestBasedSli?.RequestBasedSliMetric ?? report.Sli?.SliMetric
  )?.MetricType;
  const objective = metricType === 'LATENCY' ? 'latency' : 'availability';
  const status =
    (report.BudgetStatus && BUDGET_STATUS[report.BudgetStatus]) || 'no-data';
  const goalPercent = report.Goal?.AttainmentGoal ?? DEFAULT_ATTAINMENT_GOAL;
  const interval = describeInterval(report.Goal?.Interval);
  const whatIsGood =
    evaluation === 'request'
      ? `of requests ${
          objective === 'latency' ? 'meet the latency threshold' : 'succeed'
        }`
      : describeGoodPeriods(report.Sli, objective);
  return {
    id: `${fn.name}:application-signals:${report.Name ?? report.Arn}`,
    source: 'application-signals',
    objective,
    description: `${goalPercent}% ${whatIsGood} ${interval.words} (${SERVICE})`,
    target: percentToFraction(goalPercent),
    window: interval.window,
    evaluation,
    attainment:
      status === 'no-data' || report.Attainment === undefined
        ? null
        : percentToFraction(report.Attainment),
    errorBudget: errorBudgetOf(report, evaluation, status),
    // Application Signals evaluates burn rates in its own alarms; none are imported.
    burnRates: [],
    status,
    burnDown: [],
    counts: [],
    burningSince: null,
    dataThrough: null,
    budgetKind: 'ratio',
    deployBeforeBurn: null,
    // Listed by a call of its own (ListServiceLevelObjectiveExclusionWindows).
    exclusionWindows: [],
  };
}

function errorBudgetOf(
  report: ApplicationSignalsBudgetReport,
  evaluation: Slo['evaluation'],
  status: SloStatus,
): ErrorBudget {
  const figures =
    evaluation === 'request'
      ? {
          total: report.TotalBudgetRequests ?? 0,
          left: report.BudgetRequestsRemaining,
          unit: 'requests' as const,
          perUnit: 1,
        }
      : {
          total: report.TotalBudgetSeconds ?? 0,
          left: report.BudgetSecondsRemaining,
          unit: 'minutes' as const,
          perUnit: 60,
        };
  const left = figures.left ?? figures.total;
  let remaining: number | null;
  if (status === 'no-data') {
    remaining = null;
  } else {
    // Too little traffic to tolerate even one failure: a zero budget is already spent.
    remaining = figures.total > 0 ? left / figures.total : 0;
  }
  return {
    total: figures.total / figures.perUnit,
    consumed: (figures.total - left) / figures.perUnit,
    remaining,
    unit: figures.unit,
  };
}

/** The SLO window as a contract duration (`30d`) and in words ("over 30 days"). */
function describeInterval(
  interval: NonNullable<ApplicationSignalsBudgetReport['Goal']>['Interval'],
): { window: string; words: string } {
  const calendar = interval?.CalendarInterval;
  const { Duration: count = 0, DurationUnit: unit = 'DAY' } =
    calendar ?? interval?.RollingInterval ?? DEFAULT_INTERVAL;
  const word = UNIT_WORDS[unit] ?? unit.toLowerCase();
  const seconds = UNIT_SECONDS[unit];
  let words: string;
  if (calendar) {
    words =
      count === 1 ? `per calendar ${word}` : `per ${count} calendar ${word}s`;
  } else {
    words = `over ${count} ${word}${count === 1 ? '' : 's'}`;
  }
  return {
    // The contract's durations have no month unit, hence `1mo`.
    window:
      seconds === undefined
        ? `${count}mo`
        : formatDurationSeconds(count * seconds),
    words,
  };
}

/** "of 5-minute periods meet p95 Duration < 500 ms", from the period-based indicator. */
function describeGoodPeriods(
  sli: ApplicationSignalsPeriodSli | undefined,
  objective: Slo['objective'],
): string {
  const query = sli?.SliMetric?.MetricDataQueries?.find(
    candidate => candidate.ReturnData !== false,
  );
  const stat = query?.MetricStat;
  const periodSeconds = stat?.Period ?? query?.Period;
  const periods =
    periodSeconds === undefined
      ? 'periods'
      : `${
          periodSeconds % 60 === 0
            ? `${periodSeconds / 60}-minute`
            : `${periodSeconds}-second`
        } periods`;
  const symbol = sli?.ComparisonOperator
    ? COMPARISON_SYMBOLS[sli.ComparisonOperator]
    : undefined;
  if (
    !stat?.Metric?.MetricName ||
    sli?.MetricThreshold === undefined ||
    !symbol
  ) {
    return `of ${periods} are good`;
  }
  // Application Signals states latency thresholds in milliseconds.
  const unit = objective === 'latency' ? ' ms' : '';
  return `of ${periods} meet ${stat.Stat} ${stat.Metric.MetricName} ${symbol} ${sli.MetricThreshold}${unit}`;
}
