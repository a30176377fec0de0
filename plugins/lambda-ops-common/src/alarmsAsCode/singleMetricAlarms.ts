import { formatDurationSeconds } from '../duration';
import { lambdaFunctionDimensions } from '../lambdaDimensions';
import type { AlertSeverity, GeneratedAlarmKind } from '../types';
import {
  AlarmEntry,
  FunctionAlarmContext,
  metricAlarm,
  SLI_PERIOD,
} from './alarmResources';

/** The kinds of generated alarm that watch one metric and notify on their own. */
export type SingleMetricAlarmKind = Exclude<
  GeneratedAlarmKind,
  'burn-rate' | 'burn-rate-window' | 'latency'
>;

/** What a spec's summary may name. */
interface AlarmSubject {
  functionName: string;
  /** The queue watched, for the queue alarms. */
  queue: string;
  /** The event-age objective's threshold, as people read it (`5m`). */
  age: string;
}

/** One single-metric alarm: what it watches, when it fires, and how it says so. */
interface SingleMetricAlarmSpec {
  namespace: 'AWS/Lambda' | 'AWS/SQS';
  metricName: string;
  /** The function's dimensions, or the queue's name. */
  watches: 'function' | 'queue';
  statistic: 'Sum' | 'Maximum';
  /** Seconds per datapoint. */
  period: number;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold';
  /** The threshold, given the event-age objective's threshold in seconds. */
  threshold: (objectiveSeconds: number) => number;
  summary: (subject: AlarmSubject) => string;
}

/** Fires on any occurrence. */
const ANY = () => 0;

/** A count of something that should never happen to the function, over 5 minutes. */
const LAMBDA_COUNT_ABOVE_ZERO = {
  namespace: 'AWS/Lambda',
  watches: 'function',
  statistic: 'Sum',
  period: SLI_PERIOD,
  comparison: 'GreaterThanThreshold',
  threshold: ANY,
} as const;

/** Event age as the objective judges it: a period is bad once the age reaches the threshold. */
const EVENT_AGE = {
  statistic: 'Maximum',
  period: SLI_PERIOD,
  comparison: 'GreaterThanOrEqualToThreshold',
} as const;

/** A function's event age, which Lambda publishes in milliseconds. */
function lambdaEventAge(
  metricName: 'IteratorAge' | 'AsyncEventAge',
): SingleMetricAlarmSpec {
  return {
    ...EVENT_AGE,
    namespace: 'AWS/Lambda',
    metricName,
    watches: 'function',
    threshold: seconds => seconds * 1000,
    summary: s =>
      `${s.functionName}: events wait ${s.age} or more before they are processed (${metricName} Maximum, event-age objective).`,
  };
}

/** The single-metric alarms of the template, by kind. */
const SINGLE_METRIC_ALARM_SPECS: Record<
  SingleMetricAlarmKind,
  SingleMetricAlarmSpec
> = {
  throttles: {
    ...LAMBDA_COUNT_ABOVE_ZERO,
    metricName: 'Throttles',
    summary: s =>
      `${s.functionName}: invocations were throttled in the last 5 minutes (Throttles Sum > 0).`,
  },
  errors: {
    ...LAMBDA_COUNT_ABOVE_ZERO,
    metricName: 'Errors',
    // A day: the alarm stays in ALARM until the next run has had its chance.
    period: 86_400,
    summary: s =>
      `${s.functionName}: a run failed in the last 24 hours (Errors Sum > 0).`,
  },
  'dead-letter-errors': {
    ...LAMBDA_COUNT_ABOVE_ZERO,
    metricName: 'DeadLetterErrors',
    summary: s =>
      `${s.functionName}: an event could not be sent to the dead-letter queue in the last 5 minutes (DeadLetterErrors Sum > 0).`,
  },
  'source-queue-age': {
    ...EVENT_AGE,
    namespace: 'AWS/SQS',
    metricName: 'ApproximateAgeOfOldestMessage',
    watches: 'queue',
    threshold: seconds => seconds,
    summary: s =>
      `${s.functionName}: the oldest message in ${s.queue} is ${s.age} old or more (ApproximateAgeOfOldestMessage Maximum, event-age objective).`,
  },
  'iterator-age': lambdaEventAge('IteratorAge'),
  'async-event-age': lambdaEventAge('AsyncEventAge'),
  'dlq-messages': {
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    watches: 'queue',
    statistic: 'Maximum',
    period: SLI_PERIOD,
    comparison: 'GreaterThanThreshold',
    threshold: ANY,
    summary: s =>
      `${s.functionName}: messages wait in the dead-letter queue ${s.queue} (ApproximateNumberOfMessagesVisible > 0).`,
  },
};

/**
 * The alarm of a spec for the context's function, named `<function>-<kind>-<severity>`.
 *
 * @param options.severity - ticket unless told otherwise
 * @param options.queue - the queue a queue alarm watches
 * @param options.objectiveSeconds - the event-age objective's threshold
 */
export function singleMetricAlarm(
  ctx: FunctionAlarmContext,
  kind: SingleMetricAlarmKind,
  options: {
    severity?: AlertSeverity;
    queue?: string;
    objectiveSeconds?: number;
  } = {},
): AlarmEntry {
  const spec = SINGLE_METRIC_ALARM_SPECS[kind];
  const { severity = 'ticket', queue = '', objectiveSeconds = 0 } = options;
  return metricAlarm(ctx, {
    purpose: `${kind}-${severity}`,
    kind,
    severity,
    summary: spec.summary({
      functionName: ctx.fn.name,
      queue,
      age: formatDurationSeconds(objectiveSeconds),
    }),
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions:
      spec.watches === 'queue'
        ? [{ Name: 'QueueName', Value: queue }]
        : lambdaFunctionDimensions(ctx.fn),
    statistic: spec.statistic,
    period: spec.period,
    threshold: spec.threshold(objectiveSeconds),
    comparison: spec.comparison,
  });
}
