import { SCENARIO_DATA_MINUTES } from '../scenarios/account';
import {
  canonicalDimensions,
  dailyRunMinutes,
  METRIC_UNITS,
  MetricCatalog,
  ScenarioMetric,
} from '../scenarios/metrics';
import {
  countDatapoint,
  distributionDatapoint,
  MinuteDatapoint,
  singleSampleDatapoint,
} from '../timeseries/datapoints';
import { MetricSeries, seriesOf } from '../timeseries/series';
import {
  BACKLOG_DEAD_LETTERS_PER_MINUTE,
  EVENT_AGE_BACKLOG,
  FunctionProfile,
} from './functionProfile';

const ALL = SCENARIO_DATA_MINUTES;

type Runs = Array<readonly [number, number, MinuteDatapoint]>;

/** `during` for the newest `minutes`, `before` in the minutes before them. */
function since(
  minutes: number | undefined,
  during: MinuteDatapoint,
  before: MinuteDatapoint,
): Runs {
  if (minutes === undefined) return [[1, ALL, before]];
  // A burn that began before the oldest minute kept fills them all.
  return minutes >= ALL
    ? [[1, ALL, during]]
    : [
        [1, minutes, during],
        [minutes + 1, ALL, before],
      ];
}

/**
 * A gauge that changes minute by minute in the newest `minutes` (one run per stretch of
 * equal values) and holds `valueAt(minutes + 1)` before them.
 */
function gauge(valueAt: (m: number) => number, minutes: number): Runs {
  const runs: Runs = [];
  let newest = 1;
  for (let m = 2; m <= Math.min(minutes + 1, ALL); m++) {
    if (valueAt(m) !== valueAt(newest)) {
      runs.push([newest, m - 1, singleSampleDatapoint(valueAt(newest))]);
      newest = m;
    }
  }
  runs.push([newest, ALL, singleSampleDatapoint(valueAt(newest))]);
  return runs;
}

/** The AWS/Lambda metrics of a function, by metric name; none without traffic. */
function lambdaMetrics(
  profile: FunctionProfile,
  origin: number,
): Record<string, Runs> {
  if (profile.invocationsPerMinute === 0) {
    return {};
  }
  if (profile.dailyRun) {
    const { hourUtc, durationMs } = profile.dailyRun;
    const runs = dailyRunMinutes(origin, hourUtc);
    const eachRun = (datapoint: MinuteDatapoint): Runs =>
      runs.map(m => [m, m, datapoint] as const);
    return {
      Invocations: eachRun(countDatapoint(1, 1)),
      Errors: eachRun(countDatapoint(0, 1)),
      Throttles: eachRun(countDatapoint(0, 1)),
      Duration: eachRun(singleSampleDatapoint(durationMs)),
    };
  }
  const rate = profile.invocationsPerMinute;
  const zero = countDatapoint(0, rate);
  const metrics: Record<string, Runs> = {
    Invocations: [[1, ALL, countDatapoint(rate, rate)]],
    Errors: since(
      profile.burn?.minutes,
      countDatapoint(profile.burn?.errorsPerMinute ?? 0, rate),
      countDatapoint(profile.errorsPerMinute, rate),
    ),
    Throttles: [[1, ALL, zero]],
    Duration: [[1, ALL, distributionDatapoint(profile.duration, rate)]],
    ConcurrentExecutions: [
      [1, ALL, singleSampleDatapoint(profile.concurrentExecutions)],
    ],
  };
  if (profile.eventAge) {
    const backlog =
      profile.health === 'page' ? profile.burn?.minutes : undefined;
    metrics.AsyncEventAge = since(
      backlog,
      distributionDatapoint(EVENT_AGE_BACKLOG, rate),
      distributionDatapoint(profile.eventAge, rate),
    );
    metrics.DeadLetterErrors = since(
      backlog,
      countDatapoint(BACKLOG_DEAD_LETTERS_PER_MINUTE, rate),
      zero,
    );
    metrics.DestinationDeliveryFailures = [[1, ALL, zero]];
    metrics.AsyncEventsDropped = [[1, ALL, zero]];
  }
  return metrics;
}

/** Lambda Insights memory metrics, of functions that run the extension and have traffic. */
function insightsMetrics(profile: FunctionProfile): Record<string, Runs> {
  const used = profile.memoryUsedMb;
  if (used === undefined || profile.invocationsPerMinute === 0) {
    return {};
  }
  return {
    used_memory_max: [[1, ALL, singleSampleDatapoint(used)]],
    memory_utilization: [
      [
        1,
        ALL,
        singleSampleDatapoint(Math.round((100 * used) / profile.memorySizeMb)),
      ],
    ],
  };
}

/**
 * The dead-letter queue of an async function: empty, except during a backlog, when the dead
 * letters pile up (0.2 a minute) and stay.
 */
function deadLetterQueueMetrics(
  profile: FunctionProfile,
): Record<string, Runs> {
  if (profile.invocationsPerMinute === 0) {
    return {};
  }
  const backlog = profile.health === 'page' ? profile.burn?.minutes ?? 0 : 0;
  const visible = (m: number) =>
    m > backlog
      ? 0
      : Math.floor(BACKLOG_DEAD_LETTERS_PER_MINUTE * (backlog + 1 - m));
  let firstArrival = backlog;
  while (firstArrival > 0 && visible(firstArrival) === 0) firstArrival--;
  return {
    ApproximateNumberOfMessagesVisible: gauge(visible, backlog),
    ApproximateAgeOfOldestMessage: gauge(
      m => (m <= firstArrival ? (firstArrival - m) * 60 : 0),
      backlog,
    ),
  };
}

/** Looks a fleet function up by name in the account and region being asked. */
export type FleetFunctionLookup = (
  functionName: string,
) => FunctionProfile | undefined;

/**
 * The metrics of the fleet functions of one account and region at one origin, derived from
 * each function's profile when a query names it: nothing is stored between calls.
 */
export class FleetMetricCatalog implements MetricCatalog {
  readonly #lookup: FleetFunctionLookup;
  readonly #origin: number;
  readonly #profiles = new Map<string, FunctionProfile | undefined>();

  constructor(lookup: FleetFunctionLookup, origin: number) {
    this.#lookup = lookup;
    this.#origin = origin;
  }

  #profile(functionName: string | undefined): FunctionProfile | undefined {
    if (functionName === undefined) return undefined;
    if (!this.#profiles.has(functionName)) {
      this.#profiles.set(functionName, this.#lookup(functionName));
    }
    return this.#profiles.get(functionName);
  }

  find(
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
  ): ScenarioMetric | undefined {
    const canonical = canonicalDimensions(namespace, dimensions);
    const only = (key: string) =>
      Object.keys(canonical).length === 1 ? canonical[key] : undefined;
    let runs: Runs | undefined;
    if (namespace === 'AWS/Lambda') {
      const profile = this.#profile(only('FunctionName'));
      runs = profile && lambdaMetrics(profile, this.#origin)[metricName];
    } else if (namespace === 'LambdaInsights') {
      const profile = this.#profile(only('function_name'));
      runs = profile && insightsMetrics(profile)[metricName];
    } else if (namespace === 'AWS/SQS') {
      const queue = only('QueueName');
      const profile = queue?.endsWith('-dlq')
        ? this.#profile(queue.slice(0, -'-dlq'.length))
        : undefined;
      runs =
        profile?.deadLetterQueue === queue
          ? deadLetterQueueMetrics(profile!)[metricName]
          : undefined;
    }
    return runs
      ? {
          namespace,
          metricName,
          dimensions: canonical,
          unit: METRIC_UNITS[metricName] ?? 'Count',
          series: seriesOf(runs),
        }
      : undefined;
  }

  lambdaSeries(functionName: string, metricName: string): MetricSeries {
    return (
      this.find('AWS/Lambda', metricName, { FunctionName: functionName })
        ?.series ?? []
    );
  }
}
