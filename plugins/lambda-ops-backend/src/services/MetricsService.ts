import {
  CloudWatchClient,
  GetMetricDataCommand,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { LambdaFunctionRef } from '@lambda-ops/backstage-plugin-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import { describeAwsFailure } from './awsErrors';

/** One raw statistic to fetch; `id` must match CloudWatch's `^[a-z][a-zA-Z0-9_]*$`. */
export interface MetricQuery {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
}

/** Datapoints of one query, oldest first. */
export interface MetricSeries {
  timestamps: Date[];
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
  return fn.qualifier
    ? { FunctionName: fn.name, Resource: `${fn.name}:${fn.qualifier}` }
    : { FunctionName: fn.name };
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
   * Fetches every query in one GetMetricData call, following NextToken pages.
   * CloudWatch accepts at most 500 queries per call.
   */
  async fetch(
    fn: Pick<LambdaFunctionRef, 'region' | 'accountId'>,
    queries: MetricQuery[],
    span: TimeSpan,
  ): Promise<Map<string, MetricSeries>> {
    try {
      const client = await this.#clients.cloudWatch(fn);
      return await fetchAllPages(client, queries, span);
    } catch (error) {
      throw describeAwsFailure(error, {
        service: 'CloudWatch',
        region: fn.region,
      });
    }
  }
}

async function fetchAllPages(
  client: CloudWatchClient,
  queries: MetricQuery[],
  span: TimeSpan,
): Promise<Map<string, MetricSeries>> {
  const points = new Map<string, Array<[number, number]>>(
    queries.map(q => [q.id, []]),
  );
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        StartTime: span.start,
        EndTime: span.end,
        MetricDataQueries: queries.map(toMetricDataQuery),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
    );
    for (const result of page.MetricDataResults ?? []) {
      const target = points.get(result.Id ?? '');
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      timestamps.forEach((ts, i) => target?.push([ts.getTime(), values[i]]));
    }
    nextToken = page.NextToken;
  } while (nextToken);

  return new Map(
    [...points].map(([id, pairs]) => {
      pairs.sort((a, b) => a[0] - b[0]);
      return [
        id,
        {
          timestamps: pairs.map(([ts]) => new Date(ts)),
          values: pairs.map(([, value]) => value),
        },
      ];
    }),
  );
}

function toMetricDataQuery(query: MetricQuery): MetricDataQuery {
  return {
    Id: query.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: query.namespace,
        MetricName: query.metricName,
        Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({
          Name,
          Value,
        })),
      },
      Period: query.periodSeconds,
      Stat: query.stat,
    },
  };
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
