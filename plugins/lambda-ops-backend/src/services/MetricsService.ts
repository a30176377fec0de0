import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  lambdaFunctionDimensions,
  LambdaFunctionRef,
} from '@lambda-ops/backstage-plugin-common';
import {
  AwsClientFactory,
  AwsLocation,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import { describeAwsFailure } from './awsErrors';
import { fetchBatched } from './metricBatching';

/** One raw statistic to fetch; `id` must match CloudWatch's `^[a-z][a-zA-Z0-9_]*$`. */
export interface MetricQuery {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
}

/**
 * Datapoints of one query, oldest first; timestamps in epoch ms. Numbers, not the SDK's
 * Dates: a backfill's answers held as Dates were most of the fleet refresh's memory.
 */
export interface MetricSeries {
  timestamps: number[];
  values: number[];
}

/** A span of time, end exclusive. */
export interface TimeSpan {
  start: Date;
  end: Date;
}

/**
 * Dimensions of a function's metrics. With an alias or version the `Resource` dimension
 * selects the metrics of that qualifier alone.
 */
export function lambdaDimensions(
  fn: LambdaFunctionRef,
): Record<string, string> {
  return Object.fromEntries(
    lambdaFunctionDimensions(fn).map(({ Name, Value }) => [Name, Value]),
  );
}

/**
 * Reads raw CloudWatch statistics. Only raw metrics are requested, never metric math, so
 * that all SLO arithmetic happens in one tested place (lambda-ops-common).
 *
 * @public
 */
export class MetricsService {
  readonly #clients: AwsClientFactory;

  constructor(options: { clients: AwsClientFactory }) {
    this.#clients = options.clients;
  }

  /**
   * Fetches the queries of one subject in as few GetMetricData calls as CloudWatch allows
   * (one up to 500 queries), following NextToken pages.
   */
  async fetch(
    location: AwsLocation,
    queries: MetricQuery[],
    span: TimeSpan,
  ): Promise<Map<string, MetricSeries>> {
    try {
      const client = await this.#clients.cloudWatch(location);
      const results = await fetchBatched(
        client,
        [{ key: 'subject', queries }],
        span,
      );
      return results.get('subject') ?? new Map();
    } catch (error) {
      throw describeAwsFailure(error, {
        service: 'CloudWatch',
        region: location.region,
      });
    }
  }
}

/** @public */
export const metricsServiceRef = createServiceRef<MetricsService>({
  id: 'lambda-ops.metrics',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) => new MetricsService({ clients }),
    }),
});
