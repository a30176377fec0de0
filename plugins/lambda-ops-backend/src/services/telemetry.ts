import { Counter, Histogram, Meter, metrics } from '@opentelemetry/api';

/** How an AWS call ended, as the metrics count it. */
export type AwsCallOutcome = 'success' | 'throttled' | 'error';

/**
 * The plugin's own metrics, through `@opentelemetry/api` as Backstage's plugins record
 * theirs: whatever meter provider the backend installs (a Prometheus exporter, OTLP)
 * receives them, and without one they cost nothing.
 */
export interface LambdaOpsMetrics {
  /** One AWS call, by service (`cloudwatch`), operation (`GetMetricData`) and outcome. */
  awsCall(service: string, operation: string, outcome: AwsCallOutcome): void;
  /** A lookup of the Operations tab in the cache. */
  cacheLookup(result: 'hit' | 'miss'): void;
  /** A tab served from the cache, marked stale, because AWS failed. */
  staleAnswer(): void;
  /**
   * One fleet refresh: how long it took and how it ended; when it ended well, the rows it
   * wrote, `unavailable` of them without AWS data.
   */
  fleetRefresh(
    durationMs: number,
    result:
      | { outcome: 'success'; rows: number; unavailable: number }
      | {
          outcome: 'failure';
        },
  ): void;
}

/** Throttling as the AWS services name it. */
const THROTTLING =
  /^(Throttling(Exception)?|ThrottledException|TooManyRequestsException|RequestLimitExceeded|RequestThrottled(Exception)?|LimitExceededException)$/;

/** The outcome of a call that failed with this error. */
export function awsCallOutcomeOf(error: unknown): AwsCallOutcome {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  return THROTTLING.test(name) ? 'throttled' : 'error';
}

/**
 * The plugin's metrics on a meter, the global one by default.
 *
 * @param meter - where to record, e.g. a test's meter provider
 */
export function createLambdaOpsMetrics(
  meter: Meter = metrics.getMeter('lambda-ops'),
): LambdaOpsMetrics {
  const awsCalls: Counter = meter.createCounter('lambda_ops.aws.calls', {
    description: 'AWS calls, by service, operation and outcome',
  });
  const awsThrottles: Counter = meter.createCounter(
    'lambda_ops.aws.throttles',
    { description: 'AWS calls answered with a throttling error' },
  );
  const cacheLookups: Counter = meter.createCounter(
    'lambda_ops.cache.lookups',
    { description: 'Lookups of the Operations tab in the cache, hit or miss' },
  );
  const staleAnswers: Counter = meter.createCounter(
    'lambda_ops.stale_answers',
    {
      description:
        'Operations tabs served stale from the cache because AWS failed',
    },
  );
  const refreshDuration: Histogram = meter.createHistogram(
    'lambda_ops.collector.duration',
    {
      description: 'How long a fleet refresh took, by outcome',
      unit: 's',
    },
  );
  const refreshedRows: Counter = meter.createCounter(
    'lambda_ops.collector.rows',
    {
      description:
        'Entity rows a fleet refresh wrote, by whether AWS data was available for them',
    },
  );
  return {
    awsCall(service, operation, outcome) {
      awsCalls.add(1, { service, operation, outcome });
      if (outcome === 'throttled') {
        awsThrottles.add(1, { service, operation });
      }
    },
    cacheLookup(result) {
      cacheLookups.add(1, { result });
    },
    staleAnswer() {
      staleAnswers.add(1);
    },
    fleetRefresh(durationMs, result) {
      refreshDuration.record(durationMs / 1000, { outcome: result.outcome });
      if (result.outcome === 'success') {
        refreshedRows.add(result.rows - result.unavailable, {
          availability: 'available',
        });
        refreshedRows.add(result.unavailable, { availability: 'unavailable' });
      }
    },
  };
}
