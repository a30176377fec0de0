/**
 * The scenarios' Application Signals SLOs. Their budget reports are computed from the same
 * per-minute data GetMetricData serves (see applicationSignals/budgetReport.ts).
 */

/** SLO names of the scenarios, for tests that refer to them. */
export const SCENARIO_SLO_NAMES = [
  'checkout-api-availability',
  'orders-api-latency',
] as const;

export type ScenarioSloName = (typeof SCENARIO_SLO_NAMES)[number];

/** Request-based: good and bad requests are counted from Lambda count metrics. */
export interface RequestBasedIndicator {
  evaluationType: 'RequestBased';
  metricType: 'AVAILABILITY';
  /** Requests = the sum of these metrics' Sum. */
  totalMetrics: readonly string[];
  /** Failed requests = the sum of these metrics' Sum. */
  badMetrics: readonly string[];
}

/** Period-based: each period is good when its statistic meets the threshold. */
export interface PeriodBasedIndicator {
  evaluationType: 'PeriodBased';
  metricType: 'LATENCY';
  metricName: string;
  stat: string;
  periodSeconds: number;
  threshold: number;
  /** A period is good when `statistic <operator> threshold` holds. */
  comparisonOperator:
    | 'LessThan'
    | 'LessThanOrEqualTo'
    | 'GreaterThan'
    | 'GreaterThanOrEqualTo';
}

export interface ScenarioSlo {
  name: string;
  description: string;
  functionName: string;
  /** When the SLO was created and last changed, in days before the scenario origin. */
  createdDaysAgo: number;
  /** Goal in percent, e.g. 99.9. */
  attainmentGoal: number;
  /** Budget status turns WARNING below this share of the budget left, in percent. */
  warningThreshold: number;
  rollingIntervalDays: number;
  indicator: RequestBasedIndicator | PeriodBasedIndicator;
  /** Time Application Signals leaves out of the SLO (`ExclusionWindow`s), if any. */
  exclusionWindows?: readonly ScenarioExclusionWindow[];
}

/**
 * A recurring exclusion window: `durationHours` long at the times of `recurrence` (an
 * EventBridge `cron(…)`), from `startDaysAgo` days before the scenario origin.
 */
export interface ScenarioExclusionWindow {
  recurrence: string;
  durationHours: number;
  startDaysAgo: number;
  reason: string;
}

/**
 * 99.9 % of a function's requests succeed over a rolling 30 days, throttled requests counting
 * as failed: the availability SLO as Lambda Ops defines it.
 */
export function availabilitySlo<Name extends string>(
  name: Name,
  functionName: string,
  createdDaysAgo: number,
): ScenarioSlo & { name: Name } {
  return {
    name,
    description: `99.9% of ${functionName} requests succeed over a rolling 30 days; throttled requests count as failed.`,
    functionName,
    createdDaysAgo,
    attainmentGoal: 99.9,
    warningThreshold: 50,
    rollingIntervalDays: 30,
    indicator: {
      evaluationType: 'RequestBased',
      metricType: 'AVAILABILITY',
      totalMetrics: ['Invocations', 'Throttles'],
      badMetrics: ['Errors', 'Throttles'],
    },
  };
}

export const SCENARIO_SLOS: ReadonlyArray<
  ScenarioSlo & { name: ScenarioSloName }
> = [
  {
    ...availabilitySlo('checkout-api-availability', 'checkout-api', 60),
    exclusionWindows: [
      {
        recurrence: 'cron(0 3 ? * TUE *)',
        durationHours: 1,
        startDaysAgo: 60,
        reason: 'Weekly patching of the payment gateway',
      },
    ],
  },
  {
    name: 'orders-api-latency',
    description:
      'p95 Duration of orders-api under 500 ms in 99% of 5-minute periods over a rolling 30 days.',
    functionName: 'orders-api',
    createdDaysAgo: 60,
    attainmentGoal: 99,
    warningThreshold: 50,
    rollingIntervalDays: 30,
    indicator: {
      evaluationType: 'PeriodBased',
      metricType: 'LATENCY',
      metricName: 'Duration',
      stat: 'p95',
      periodSeconds: 300,
      threshold: 500,
      comparisonOperator: 'LessThan',
    },
  },
];
