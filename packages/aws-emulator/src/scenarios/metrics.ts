import { MINUTE_MS } from '../clock';
import {
  countDatapoint,
  distributionDatapoint,
  DistributionShape,
  MinuteDatapoint,
  singleSampleDatapoint,
} from '../timeseries/datapoints';
import { MetricSeries, seriesOf } from '../timeseries/series';
import { BILLING_EVENTS_DLQ, SCENARIO_DATA_MINUTES } from './account';

/**
 * The scenarios' metric data, one minute at a time, as a function of m (minutes before the
 * scenario origin, m = 1 being the last complete minute). Every number here is documented in
 * the package README, where the tests and the backend's expectations are worked out from it.
 */

export type MetricUnit =
  | 'Count'
  | 'Milliseconds'
  | 'Seconds'
  | 'Percent'
  | 'Megabytes';

/** One CloudWatch metric of the scenarios: identity and data. */
export interface ScenarioMetric {
  readonly namespace: string;
  readonly metricName: string;
  /** The canonical dimension set; Lambda's `Resource` alias dimension is resolved to it. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly unit: MetricUnit;
  readonly series: MetricSeries;
}

const ALL = SCENARIO_DATA_MINUTES;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Minute m of checkout-api's deploy: from m = 40 on (m ≤ 40) the new version serves. */
export const CHECKOUT_API_DEPLOY_MINUTE = 40;
/**
 * checkout-api's earlier bad release, 45 days back: four hours (minutes m = 64,800 …
 * 65,039) of 20 errors a minute until it was rolled back. Outside the rolling 30 days,
 * always inside one of the last three completed calendar months: the month the SLO
 * review shows as missed.
 */
export const CHECKOUT_API_PAST_OUTAGE = {
  newest: 45 * 24 * 60,
  oldest: 45 * 24 * 60 + 239,
} as const;
/** nightly-report runs once a day in the minute 05:00–05:01 UTC. */
const NIGHTLY_REPORT_RUN_HOUR_UTC = 5;

/**
 * How run `index` of nightly-report went, counting back from the most recent run (0): run 3
 * failed, run 5 took 25 minutes, every other run took 9 minutes and succeeded.
 */
export function nightlyReportRunOutcome(index: number): {
  failed: boolean;
  durationMs: number;
} {
  return { failed: index === 3, durationMs: index === 5 ? 1_500_000 : 540_000 };
}

function ordersApi(): Record<string, MetricSeries> {
  const invocations = 100;
  return {
    Invocations: seriesOf([[1, ALL, countDatapoint(invocations, invocations)]]),
    Errors: seriesOf([[1, ALL, countDatapoint(0.02, invocations)]]),
    Throttles: seriesOf([[1, ALL, countDatapoint(0, invocations)]]),
    ConcurrentExecutions: seriesOf([[1, ALL, singleSampleDatapoint(20)]]),
    Duration: seriesOf([
      [
        1,
        ALL,
        distributionDatapoint(
          {
            minimum: 20,
            p50: 70,
            average: 80,
            p95: 120,
            p99: 180,
            maximum: 400,
          },
          invocations,
        ),
      ],
    ]),
  };
}

/** webhook-relay's one failed request, in minute m = 10. */
export const WEBHOOK_RELAY_ERROR_MINUTE = 10;

/**
 * webhook-relay's partner is down for its weekly maintenance, declared beside the catalog
 * file (examples/webhook-relay-maintenance.yaml: Sundays 02:00 UTC for 2 hours): from 02:20
 * to 02:30 UTC the partner's retries come in and all fail.
 */
export const WEBHOOK_RELAY_MAINTENANCE_BURST = {
  dayOfWeekUtc: 0,
  hourUtc: 2,
  minuteUtc: 20,
  minutes: 10,
  /** Calls a minute during the burst, every one failed. */
  failedPerMinute: 6,
} as const;

const WEEK_MINUTES = 7 * 24 * 60;

/** Minutes (m) of the first minute of each of webhook-relay's bursts, most recent first. */
export function webhookRelayBurstMinutes(origin: number): number[] {
  const { dayOfWeekUtc, hourUtc, minuteUtc } = WEBHOOK_RELAY_MAINTENANCE_BURST;
  // 1970-01-01 was a Thursday (day 4), so its week's Sunday was 4 days earlier.
  const offset =
    (dayOfWeekUtc - 4) * DAY_MS + (hourUtc * 60 + minuteUtc) * MINUTE_MS;
  return periodicMinutes(origin, WEEK_MINUTES * MINUTE_MS, offset);
}

/**
 * webhook-relay is called 3 times an hour (0.05 a minute, as CloudWatch's sums of a few
 * calls average out) and failed once, 10 minutes ago: a third of the last hour's requests,
 * far above any burn-rate threshold, yet too few requests for a row to judge. Every week,
 * inside its declared maintenance window, a burst of failed calls: spent budget unless the
 * window is left out of it.
 */
function webhookRelay(origin: number): Record<string, MetricSeries> {
  const perMinute = 0.05;
  const failed = WEBHOOK_RELAY_ERROR_MINUTE;
  const burst = WEBHOOK_RELAY_MAINTENANCE_BURST;
  // The bursts' minutes so far (a burst under way has only its complete minutes).
  const bursts = webhookRelayBurstMinutes(origin)
    .map(first => [Math.max(1, first - burst.minutes + 1), first] as const)
    .filter(([newest, oldest]) => newest <= oldest);
  const inBurst = (m: number) =>
    bursts.some(([newest, oldest]) => m >= newest && m <= oldest);
  const shape = {
    minimum: 40,
    p50: 90,
    average: 100,
    p95: 180,
    p99: 220,
    maximum: 300,
  };
  const series = (
    calm: MinuteDatapoint,
    failedCall: MinuteDatapoint,
    burstMinute: MinuteDatapoint,
  ) =>
    withOverrides(calm, [
      ...bursts.map(
        ([newest, oldest]) => [newest, oldest, burstMinute] as const,
      ),
      ...(inBurst(failed) ? [] : [[failed, failed, failedCall] as const]),
    ]);
  return {
    Invocations: series(
      countDatapoint(perMinute, perMinute),
      countDatapoint(1, 1),
      countDatapoint(burst.failedPerMinute, burst.failedPerMinute),
    ),
    Errors: series(
      countDatapoint(0, perMinute),
      countDatapoint(1, 1),
      countDatapoint(burst.failedPerMinute, burst.failedPerMinute),
    ),
    Throttles: seriesOf([[1, ALL, countDatapoint(0, perMinute)]]),
    Duration: series(
      distributionDatapoint(shape, perMinute),
      distributionDatapoint(shape, 1),
      distributionDatapoint(shape, burst.failedPerMinute),
    ),
  };
}

/**
 * A series of `calm` in every minute of the data but the runs given, which must not
 * overlap.
 */
function withOverrides(
  calm: MinuteDatapoint,
  runs: ReadonlyArray<
    readonly [newest: number, oldest: number, datapoint: MinuteDatapoint]
  >,
): MetricSeries {
  const inData = runs
    .filter(([newest]) => newest <= ALL)
    .map(
      ([newest, oldest, datapoint]) =>
        [newest, Math.min(oldest, ALL), datapoint] as const,
    )
    .sort((a, b) => a[0] - b[0]);
  const all: Array<readonly [number, number, MinuteDatapoint]> = [];
  let next = 1;
  for (const run of inData) {
    if (run[0] > next) {
      all.push([next, run[0] - 1, calm]);
    }
    all.push(run);
    next = run[1] + 1;
  }
  if (next <= ALL) {
    all.push([next, ALL, calm]);
  }
  return seriesOf(all);
}

function checkoutApi(): Record<string, MetricSeries> {
  const invocations = 200;
  const deploy = CHECKOUT_API_DEPLOY_MINUTE;
  const outage = CHECKOUT_API_PAST_OUTAGE;
  return {
    Invocations: seriesOf([[1, ALL, countDatapoint(invocations, invocations)]]),
    Errors: seriesOf([
      [1, deploy, countDatapoint(20, invocations)],
      [deploy + 1, outage.newest - 1, countDatapoint(0.1, invocations)],
      [outage.newest, outage.oldest, countDatapoint(20, invocations)],
      [outage.oldest + 1, ALL, countDatapoint(0.1, invocations)],
    ]),
    Throttles: seriesOf([
      [1, deploy, countDatapoint(2, invocations)],
      [deploy + 1, ALL, countDatapoint(0, invocations)],
    ]),
    // The slower new version holds more invocations at once: it hits its reserved 100.
    ConcurrentExecutions: seriesOf([
      [1, deploy, singleSampleDatapoint(100)],
      [deploy + 1, ALL, singleSampleDatapoint(40)],
    ]),
    // After the deploy p99 nears the 3 s timeout and the slowest invocations hit it.
    Duration: seriesOf([
      [
        1,
        deploy,
        distributionDatapoint(
          {
            minimum: 30,
            p50: 400,
            average: 500,
            p95: 900,
            p99: 2800,
            maximum: 3000,
          },
          invocations,
        ),
      ],
      [
        deploy + 1,
        ALL,
        distributionDatapoint(
          {
            minimum: 20,
            p50: 90,
            average: 100,
            p95: 150,
            p99: 250,
            maximum: 600,
          },
          invocations,
        ),
      ],
    ]),
  };
}

/**
 * checkout-api runs the Lambda Insights extension (the only scenario function that does): the
 * new version uses 476 of its 512 MB, so memory saturates together with Duration.
 */
function checkoutApiInsights(): Record<string, MetricSeries> {
  const deploy = CHECKOUT_API_DEPLOY_MINUTE;
  return {
    memory_utilization: seriesOf([
      [1, deploy, singleSampleDatapoint(93)],
      [deploy + 1, ALL, singleSampleDatapoint(55)],
    ]),
    used_memory_max: seriesOf([
      [1, deploy, singleSampleDatapoint(476)],
      [deploy + 1, ALL, singleSampleDatapoint(280)],
    ]),
  };
}

function billingEvents(): Record<string, MetricSeries> {
  const invocations = 50;
  const normalAge: DistributionShape = {
    minimum: 100,
    p50: 5_000,
    average: 8_000,
    p95: 30_000,
    p99: 30_000,
    maximum: 30_000,
  };
  const backlogAge: DistributionShape = {
    minimum: 1_000,
    p50: 200_000,
    average: 250_000,
    p95: 420_000,
    p99: 420_000,
    maximum: 420_000,
  };
  const zero = countDatapoint(0, invocations);
  return {
    Invocations: seriesOf([[1, ALL, countDatapoint(invocations, invocations)]]),
    Errors: seriesOf([[1, ALL, countDatapoint(0.5, invocations)]]),
    Throttles: seriesOf([[1, ALL, zero]]),
    ConcurrentExecutions: seriesOf([[1, ALL, singleSampleDatapoint(5)]]),
    Duration: seriesOf([
      [
        1,
        ALL,
        distributionDatapoint(
          {
            minimum: 20,
            p50: 120,
            average: 150,
            p95: 400,
            p99: 700,
            maximum: 1_200,
          },
          invocations,
        ),
      ],
    ]),
    // A backlog: events waited 7 minutes for 61 minutes (m = 30…90).
    AsyncEventAge: seriesOf([
      [1, 29, distributionDatapoint(normalAge, invocations)],
      [30, 90, distributionDatapoint(backlogAge, invocations)],
      [91, ALL, distributionDatapoint(normalAge, invocations)],
    ]),
    // One event a minute went to the DLQ during m = 30…39: ten in all.
    DeadLetterErrors: seriesOf([
      [1, 29, zero],
      [30, 39, countDatapoint(1, invocations)],
      [40, ALL, zero],
    ]),
    DestinationDeliveryFailures: seriesOf([[1, ALL, zero]]),
    AsyncEventsDropped: seriesOf([[1, ALL, zero]]),
  };
}

/**
 * The DLQ of billing-events, one sample a minute. The ten dead letters arrive one a minute
 * during m = 39…30 and stay: visible messages grow 1…10 and then hold at 10 (m ≤ 29); the
 * oldest message arrived at the start of minute 39, so its age at minute m ≤ 39 is
 * (39 − m) × 60 seconds (2,280 s at m = 1). Before that the queue is empty.
 */
function billingEventsDlq(): Record<string, MetricSeries> {
  const firstArrival = 39;
  const arrivalMinutes = Array.from({ length: 10 }, (_, i) => firstArrival - i); // 39…30
  return {
    ApproximateNumberOfMessagesVisible: seriesOf([
      [1, 29, singleSampleDatapoint(10)],
      ...arrivalMinutes.map(
        m => [m, m, singleSampleDatapoint(firstArrival + 1 - m)] as const,
      ),
      [firstArrival + 1, ALL, singleSampleDatapoint(0)],
    ]),
    ApproximateAgeOfOldestMessage: seriesOf([
      ...Array.from({ length: firstArrival }, (_, i) => {
        const m = i + 1;
        return [m, m, singleSampleDatapoint((firstArrival - m) * 60)] as const;
      }),
      [firstArrival + 1, ALL, singleSampleDatapoint(0)],
    ]),
  };
}

/**
 * Minutes (m) of something that happens every `periodMs`, `offsetMs` after the epoch's
 * period boundaries, most recent first: the latest time is the latest such minute that is
 * complete (m ≥ 1).
 */
function periodicMinutes(
  origin: number,
  periodMs: number,
  offsetMs: number,
): number[] {
  const lastCompleteMinute = origin - MINUTE_MS;
  const latest =
    Math.floor((lastCompleteMinute - offsetMs) / periodMs) * periodMs +
    offsetMs;
  const minutes: number[] = [];
  for (
    let m = (origin - latest) / MINUTE_MS;
    m <= ALL;
    m += periodMs / MINUTE_MS
  ) {
    minutes.push(m);
  }
  return minutes;
}

/**
 * Minutes (m) of a daily job's runs, most recent first: run k started at `hourUtc`:`minuteUtc`
 * UTC k days before the most recent run, which is the latest such minute that is complete
 * (m ≥ 1).
 */
export function dailyRunMinutes(
  origin: number,
  hourUtc: number,
  minuteUtc = 0,
): number[] {
  return periodicMinutes(
    origin,
    DAY_MS,
    (hourUtc * 60 + minuteUtc) * MINUTE_MS,
  );
}

/** Minutes (m) of nightly-report's runs, most recent first. */
export function nightlyReportRunMinutes(origin: number): number[] {
  return dailyRunMinutes(origin, NIGHTLY_REPORT_RUN_HOUR_UTC);
}

/** A batch job: data only in the minute of each run, none in between. */
function nightlyReport(origin: number): Record<string, MetricSeries> {
  const runs = nightlyReportRunMinutes(origin);
  const perRun = (
    valueOfRun: (run: number) => ReturnType<typeof countDatapoint>,
  ) => seriesOf(runs.map((m, run) => [m, m, valueOfRun(run)] as const));
  return {
    Invocations: perRun(() => countDatapoint(1, 1)),
    Errors: perRun(run =>
      countDatapoint(nightlyReportRunOutcome(run).failed ? 1 : 0, 1),
    ),
    Throttles: perRun(() => countDatapoint(0, 1)),
    Duration: perRun(run =>
      singleSampleDatapoint(nightlyReportRunOutcome(run).durationMs),
    ),
  };
}

/** The unit a metric is published in; count metrics are `Count`. */
export const METRIC_UNITS: Readonly<Record<string, MetricUnit>> = {
  Duration: 'Milliseconds',
  AsyncEventAge: 'Milliseconds',
  ApproximateAgeOfOldestMessage: 'Seconds',
  memory_utilization: 'Percent',
  used_memory_max: 'Megabytes',
};

/** Metrics of one namespace and dimension set, by metric name. */
function metricsOf(
  namespace: string,
  dimensions: Record<string, string>,
  metrics: Record<string, MetricSeries>,
): ScenarioMetric[] {
  return Object.entries(metrics).map(([metricName, series]) => ({
    namespace,
    metricName,
    dimensions,
    unit: METRIC_UNITS[metricName] ?? 'Count',
    series,
  }));
}

const lambdaMetrics = (
  functionName: string,
  metrics: Record<string, MetricSeries>,
) => metricsOf('AWS/Lambda', { FunctionName: functionName }, metrics);

/** Every metric of the scenarios for a scenario origin (`now` floored to the minute). */
export function scenarioMetrics(origin: number): ScenarioMetric[] {
  return [
    ...lambdaMetrics('orders-api', ordersApi()),
    ...lambdaMetrics('checkout-api', checkoutApi()),
    ...metricsOf(
      'LambdaInsights',
      { function_name: 'checkout-api' },
      checkoutApiInsights(),
    ),
    ...lambdaMetrics('billing-events', billingEvents()),
    ...lambdaMetrics('nightly-report', nightlyReport(origin)),
    // legacy-api has no traffic: CloudWatch has no datapoints for it at all.
    ...lambdaMetrics('webhook-relay', webhookRelay(origin)),
    ...metricsOf(
      'AWS/SQS',
      { QueueName: BILLING_EVENTS_DLQ },
      billingEventsDlq(),
    ),
  ];
}

/**
 * Lambda publishes a function's metrics under `FunctionName` and, per alias or version, under
 * `FunctionName` + `Resource` (`<function>:<qualifier>`). The scenarios give an alias the same
 * data as its function, so the alias dimension set resolves to the function's.
 */
export function canonicalDimensions(
  namespace: string,
  dimensions: Record<string, string>,
): Record<string, string> {
  const keys = Object.keys(dimensions);
  const { FunctionName: functionName, Resource: resource } = dimensions;
  const isAliasOfFunction =
    namespace === 'AWS/Lambda' &&
    keys.length === 2 &&
    functionName !== undefined &&
    resource !== undefined &&
    (resource === functionName || resource.startsWith(`${functionName}:`));
  return isAliasOfFunction ? { FunctionName: functionName } : dimensions;
}

function identity(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
): string {
  const dimensionPart = Object.entries(dimensions)
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join(',');
  return `${namespace}|${metricName}|${dimensionPart}`;
}

/**
 * The metrics of one account at one origin, looked up the way CloudWatch identifies a metric:
 * by namespace, name and the exact set of dimensions.
 */
export interface MetricCatalog {
  find(
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
  ): ScenarioMetric | undefined;
  /** The series of a Lambda function's metric; empty when the function has no such data. */
  lambdaSeries(functionName: string, metricName: string): MetricSeries;
}

/** The metrics of the scenarios at one origin. */
export class ScenarioMetricCatalog implements MetricCatalog {
  readonly #byIdentity: Map<string, ScenarioMetric>;

  constructor(origin: number) {
    this.#byIdentity = new Map(
      scenarioMetrics(origin).map(metric => [
        identity(metric.namespace, metric.metricName, metric.dimensions),
        metric,
      ]),
    );
  }

  find(
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
  ): ScenarioMetric | undefined {
    return this.#byIdentity.get(
      identity(
        namespace,
        metricName,
        canonicalDimensions(namespace, dimensions),
      ),
    );
  }

  /** The series of a Lambda function's metric; empty when the function has no such data. */
  lambdaSeries(functionName: string, metricName: string): MetricSeries {
    return (
      this.find('AWS/Lambda', metricName, { FunctionName: functionName })
        ?.series ?? []
    );
  }
}
