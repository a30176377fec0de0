import {
  LambdaFunctionRef,
  LambdaOpsEntitySettings,
  QueueRef,
  SloMetric,
  SloPattern,
} from '@lambda-ops/backstage-plugin-common';
import { lambdaDimensions, MetricQuery } from '../MetricsService';

/** Where a query's metric lives when it is not the function's (an SQS queue elsewhere). */
export interface LocatedQuery extends MetricQuery {
  id: SloMetric;
  location?: { region: string; accountId: string | null };
}

function queueLocation(fn: LambdaFunctionRef, queue: QueueRef) {
  return {
    region: queue.region ?? fn.region,
    accountId: queue.accountId ?? fn.accountId,
  };
}

/**
 * The queries behind a function's SLOs: raw sums and statistics only, never metric math,
 * so the arithmetic stays in lambda-ops-common. All of them go in one GetMetricData call
 * unless a queue lives in another account or region.
 */
export function sloQueries(
  fn: LambdaFunctionRef,
  settings: LambdaOpsEntitySettings,
  periodSeconds: number,
): LocatedQuery[] {
  const dimensions = lambdaDimensions(fn);
  const lambda = (
    id: SloMetric,
    metricName: string,
    stat: string,
  ): LocatedQuery => ({
    id,
    namespace: 'AWS/Lambda',
    metricName,
    dimensions,
    stat,
    periodSeconds,
  });
  const sqs = (
    id: SloMetric,
    queue: QueueRef,
    metricName: string,
  ): LocatedQuery => ({
    id,
    namespace: 'AWS/SQS',
    metricName,
    dimensions: { QueueName: queue.name },
    stat: 'Maximum',
    periodSeconds,
    location: queueLocation(fn, queue),
  });

  if (settings.pattern === 'api') {
    return [
      lambda('invocations', 'Invocations', 'Sum'),
      lambda('errors', 'Errors', 'Sum'),
      lambda('throttles', 'Throttles', 'Sum'),
      lambda('latency', 'Duration', settings.latency.statistic),
    ];
  }
  if (settings.pattern === 'async') {
    const queries = [
      settings.sourceQueue
        ? sqs('eventAge', settings.sourceQueue, 'ApproximateAgeOfOldestMessage')
        : lambda(
            'eventAge',
            settings.eventAgeSource === 'iterator-age'
              ? 'IteratorAge'
              : 'AsyncEventAge',
            'Maximum',
          ),
      lambda('deadLetterErrors', 'DeadLetterErrors', 'Sum'),
      lambda(
        'destinationDeliveryFailures',
        'DestinationDeliveryFailures',
        'Sum',
      ),
      lambda('asyncEventsDropped', 'AsyncEventsDropped', 'Sum'),
      // The requests behind the event-age periods, for the low-traffic guard.
      lambda('invocations', 'Invocations', 'Sum'),
      lambda('throttles', 'Throttles', 'Sum'),
    ];
    if (settings.deadLetterQueue) {
      queries.push(
        sqs(
          'dlqMessages',
          settings.deadLetterQueue,
          'ApproximateNumberOfMessagesVisible',
        ),
      );
    }
    return queries;
  }
  // The batch pattern.
  return [
    lambda('invocations', 'Invocations', 'Sum'),
    lambda('errors', 'Errors', 'Sum'),
    lambda('maxDuration', 'Duration', 'Maximum'),
  ];
}

/**
 * The metrics also read in 1-minute periods over the newest hours: the sums of a
 * request-based SLI, whose short burn-rate windows then slide by whole minutes, and the
 * statistic of a period-based one, whose windows stay on the SLI's own periods but whose
 * minutes date the start of a burn and tell how far CloudWatch has published. Batch jobs
 * have no burn-rate windows.
 */
const RECENT_METRICS: Record<SloPattern, readonly SloMetric[]> = {
  api: ['invocations', 'errors', 'throttles', 'latency'],
  async: ['eventAge'],
  batch: [],
};

/** Whether the pattern's SLIs have windows read in 1-minute periods. */
export function hasRecentSloQueries(pattern: SloPattern): boolean {
  return RECENT_METRICS[pattern].length > 0;
}

/** Those of the SLO queries that {@link RECENT_METRICS} names, in 1-minute periods. */
export function recentSloQueries(
  queries: LocatedQuery[],
  pattern: SloPattern,
): LocatedQuery[] {
  return queries
    .filter(query => RECENT_METRICS[pattern].includes(query.id))
    .map(query => ({ ...query, periodSeconds: 60 }));
}
